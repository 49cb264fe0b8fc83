import { compileTemplate } from './compile.js';
import type { CompiledTemplate, PrecompiledTemplates, TemplateSpec } from './parts.js';
import { builtInTemplatesDir } from '../templates/paths.js';
import { fromPrecompiled } from './precompiled.js';
import { loadGenerated } from './generated.js';

/**
 * Compiled templates: Handlebars for the subject, text and short message, and
 * MJML then Handlebars for the HTML.
 *
 * The built-in templates are compiled at build time: `npm run build` writes
 * dist/generated/ (see precompile.ts), where MJML is already HTML and
 * Handlebars already JavaScript, so rendering needs only `handlebars/runtime`,
 * and loads only the template it renders (generated.ts). Templates that are
 * not precompiled (run from src/, where dist/generated/ is never written, or a
 * user's own folder) are compiled on first use (compile.ts). Either way a
 * template is compiled once per process.
 */

/**
 * The built-in templates loaded so far, with the partials: one set of specs that each template
 * joins as it is first needed, so that they all share one pair of Handlebars runtimes
 * (precompiled.ts keeps a pair per set), with the helpers and partials registered once.
 */
let builtIns: Promise<{ specs: Record<string, TemplateSpec> } | undefined> | undefined;

/** A built-in template as the build precompiled it beside this module (with the partials), if it did. */
async function builtInPrecompiled(name: string): Promise<PrecompiledTemplates | undefined> {
  builtIns ??= loadGenerated('partials').then((partials) => partials && { specs: { ...partials } });
  const [loaded, own] = await Promise.all([builtIns, loadGenerated(`templates/${name}`)]);
  if (!loaded || !own) return undefined;
  Object.assign(loaded.specs, own);
  return loaded;
}

const compiledTemplates = new Map<string, Promise<CompiledTemplate>>();

async function compile(name: string, dir: URL): Promise<CompiledTemplate> {
  const specs = dir.href === builtInTemplatesDir.href ? await builtInPrecompiled(name) : undefined;
  return (specs && fromPrecompiled(specs, name)) || compileTemplate(name, dir);
}

/** The compiled template, compiled on first use and shared by every later message. */
export function loadCompiledTemplate(name: string, dir: URL = builtInTemplatesDir): Promise<CompiledTemplate> {
  const key = `${dir.href}\u0000${name}`;
  let compiled = compiledTemplates.get(key);
  if (!compiled) {
    compiled = compile(name, dir);
    // A failed compile is not cached, so that a fixed template file is picked up by the next call.
    compiled.catch(() => compiledTemplates.delete(key));
    compiledTemplates.set(key, compiled);
  }
  return compiled;
}

export { fillTemplate, FIT_STEPS, type FillOptions } from './fill.js';
