import { compileTemplate } from './compile.js';
import type { CompiledTemplate } from './parts.js';
import { builtInTemplatesDir } from '../templates/paths.js';
import { fromGenerated } from './precompiled.js';
import { loadGenerated } from './generated.js';

/**
 * Compiled templates: Handlebars for the subject, text and short message, and
 * MJML then Handlebars for the HTML.
 *
 * The built-in templates are compiled at build time: `npm run build` writes
 * dist/generated/ (see precompile.ts), where MJML is already HTML and each
 * part is JavaScript (codegen.ts), so rendering them needs neither mjml nor
 * Handlebars, and loads only the template it renders (generated.ts). Templates that are
 * not precompiled (run from src/, where dist/generated/ is never written, or a
 * user's own folder) are compiled on first use (compile.ts). Either way a
 * template is compiled once per process.
 */

// By folder (its address; '' for the built-in templates), then by name: a render asks once per
// message, and reading a URL's href and joining it to the name cost more than the rest of the
// look-up (~0.2 µs a message).
const compiledTemplates = new Map<string, Map<string, Promise<CompiledTemplate>>>();
const BUILT_IN = '';

async function compile(name: string, dir: URL | undefined): Promise<CompiledTemplate> {
  const generated = dir === undefined ? await loadGenerated(`templates/${name}`) : undefined;
  return generated ? fromGenerated(generated, name) : compileTemplate(name, dir ?? builtInTemplatesDir());
}

/**
 * The compiled template, compiled on first use and shared by every later message. Without `dir`
 * (or with the built-in folder's address), a built-in template: the one the build generated
 * when there is one, found without a URL of the folder (paths.ts).
 */
export function loadCompiledTemplate(name: string, dir?: URL): Promise<CompiledTemplate> {
  const href = dir === undefined || dir.href === builtInTemplatesDir().href ? BUILT_IN : dir.href;
  let folder = compiledTemplates.get(href);
  if (!folder) {
    folder = new Map();
    compiledTemplates.set(href, folder);
  }
  let compiled = folder.get(name);
  if (!compiled) {
    compiled = compile(name, href === BUILT_IN ? undefined : dir);
    // A failed compile is not cached, so that a fixed template file is picked up by the next call.
    compiled.catch(() => folder.delete(name));
    folder.set(name, compiled);
  }
  return compiled;
}

export { fillTemplate, FIT_STEPS, type FillOptions } from './fill.js';
