/**
 * Internals that afterview's own tests and benchmark reach: not part of the
 * package's API (package.json exports only src/index.ts), free to change.
 * Tests of public behaviour use src/index.ts instead.
 */
export { validateContext } from './context/validate.js';
export { contextSchemas } from './context/context-schemas.js';
export { parseContext } from './context/load.js';
export { applySets } from './context/set.js';
export { messageView, templateDefinition } from './render/render.js';
export { fillTemplate, FIT_STEPS, loadCompiledTemplate } from './render/engine.js';
export { compileTemplate, readTemplateSources } from './render/compile.js';
export { compileMjml, mjmlSource } from './render/mjml.js';
export { type CompiledTemplate, PARTIALS } from './render/parts.js';
export { generateTemplate } from './render/codegen.js';
export type { GeneratedTemplate } from './render/generated.js';
export { builtInTemplatesDir } from './templates/paths.js';
export { fromGenerated } from './render/precompiled.js';
export { precompiledEsModule, precompiledModules, precompiledScript } from './render/precompile.js';
export { normalizeLine, normalizeText, plainTidyUp } from './render/whitespace.js';
export { formatDayAndDate, formatLetterDate, formatLongDate, formatWeekday } from './format/dates.js';
export { formatList, formatMoney } from './format/values.js';
export {
  capitalise,
  clause,
  phrase,
  phraseWithMark,
  punctuate,
  question,
  sentence,
  tidyEnd,
  tidySpaces,
  trimListEnd,
} from './text/compose.js';
export { lastWord } from './text/scan.js';
