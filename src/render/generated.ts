import type { CodegenRuntime } from './codegen-runtime.js';
import type { TemplateFunction } from './parts.js';
import { isTemplateName } from '../templates/paths.js';

const TEMPLATES = 'templates/';

/** A generated module's export (see precompile.ts): given the run-time functions, a template's fill functions by part. */
export type GeneratedTemplate = (runtime: CodegenRuntime) => Readonly<Record<string, TemplateFunction>>;

/**
 * In the bundles, the bundle's loader (bundleLoader in bin/afterview.js) loads generated modules itself,
 * each compiled from its own code cache: the build (scripts/build.mjs) defines this name as
 * that loader. It is not defined for the modules in dist/ and src/, which import them.
 */
declare const AFTERVIEW_LOAD_GENERATED: ((name: string) => { template: GeneratedTemplate } | undefined) | undefined;

const bundleLoader = typeof AFTERVIEW_LOAD_GENERATED === 'function' ? AFTERVIEW_LOAD_GENERATED : undefined;

/**
 * The code the build generated for a built-in template (dist/generated/templates/NAME.js),
 * or undefined when there is none: run from src/, or for a name that is not a built-in template.
 */
export async function loadGenerated(name: string): Promise<GeneratedTemplate | undefined> {
  // Only the names the build writes: a template's name never reaches another file.
  if (!(name.startsWith(TEMPLATES) && isTemplateName(name.slice(TEMPLATES.length)))) return undefined;
  if (bundleLoader) return bundleLoader(name)?.template;
  try {
    const module = (await import(new URL(`../generated/${name}.js`, import.meta.url).href)) as { template: GeneratedTemplate };
    return module.template;
  } catch (error) {
    // Only its absence means "not built"; a generated file that fails to load is a bug to report.
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
