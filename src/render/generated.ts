import type { TemplateSpec } from './parts.js';
import { TEMPLATE_NAME } from '../templates/paths.js';

const TEMPLATES = 'templates/';

/** A generated module's export: Handlebars specs by file (see precompile.ts). */
export type GeneratedSpecs = Readonly<Record<string, TemplateSpec>>;

/**
 * In the bundles, the bundle's loader (bin/bundle-loader.js) loads generated modules itself,
 * each compiled from its own code cache: the build (scripts/build.mjs) defines this name as
 * that loader. It is not defined for the modules in dist/ and src/, which import them.
 */
declare const AFTERVIEW_LOAD_GENERATED: ((name: string) => { specs: GeneratedSpecs } | undefined) | undefined;

const bundleLoader = typeof AFTERVIEW_LOAD_GENERATED === 'function' ? AFTERVIEW_LOAD_GENERATED : undefined;

/**
 * The specs of a module the build generated from templates/ (dist/generated/partials.js,
 * dist/generated/templates/NAME.js), or undefined when there is none: run from src/, or
 * for a name that is not a built-in template.
 */
export async function loadGenerated(name: string): Promise<GeneratedSpecs | undefined> {
  // Only the names the build writes: a template's name never reaches another file.
  if (name !== 'partials' && !(name.startsWith(TEMPLATES) && TEMPLATE_NAME.test(name.slice(TEMPLATES.length)))) return undefined;
  if (bundleLoader) return bundleLoader(name)?.specs;
  try {
    const module = (await import(new URL(`../generated/${name}.js`, import.meta.url).href)) as { specs: GeneratedSpecs };
    return module.specs;
  } catch (error) {
    // Only its absence means "not built"; a generated file that fails to load is a bug to report.
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
