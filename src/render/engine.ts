import { compileTemplate } from './compile.js';
import type { CompiledTemplate, PrecompiledTemplates, RenderedParts } from './parts.js';
import { builtInTemplatesDir } from '../templates/paths.js';
import { fromPrecompiled } from './precompiled.js';

/**
 * Compiled templates: Handlebars for the subject, text and short message, and
 * MJML then Handlebars for the HTML.
 *
 * The built-in templates are compiled at build time: `npm run build` writes
 * dist/generated/precompiled-templates.js (see precompile.ts), where MJML is
 * already HTML and Handlebars already JavaScript, so rendering needs only
 * `handlebars/runtime`. Templates that are not precompiled (run from src/,
 * where that file is never written, or a user's own folder) are compiled on
 * first use (compile.ts). Either way a template is compiled once per process.
 */

let precompiled: Promise<PrecompiledTemplates | undefined> | undefined;

/** The built-in templates as the build precompiled them beside this module, if it did. */
function builtInPrecompiled(): Promise<PrecompiledTemplates | undefined> {
  precompiled ??= import('../generated/precompiled-templates.js').then(
    (module) => module.precompiledTemplates as PrecompiledTemplates,
    (error: NodeJS.ErrnoException) => {
      // Only its absence means "not built"; a generated file that fails to load is a bug to report.
      if (error.code === 'ERR_MODULE_NOT_FOUND') return undefined;
      throw error;
    },
  );
  return precompiled;
}

const compiledTemplates = new Map<string, Promise<CompiledTemplate>>();

async function compile(name: string, dir: URL): Promise<CompiledTemplate> {
  const specs = dir.href === builtInTemplatesDir.href ? await builtInPrecompiled() : undefined;
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
