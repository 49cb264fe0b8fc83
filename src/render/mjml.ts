// fs.promises is read where it is used: rendering a precompiled template reads no file.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AfterviewError } from '../errors.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { xdgFolder } from '../shared/xdg.js';
import { builtInTemplatesDir } from '../templates/paths.js';
import { requireFrom } from '../shared/builtins.js';

/** The MJML of a template's HTML: read from its folder into the shared layout, then compiled to HTML (through a cache on disk). */

const BODY_MARKER = '<!-- afterview:body -->';

export async function readTemplateFile(dir: URL, path: string): Promise<string> {
  try {
    return await fs.readFile(new URL(path, dir), 'utf8');
  } catch (error) {
    throw new AfterviewError('TEMPLATE_ERROR', `Template file ${path} is missing or unreadable.`, { cause: error });
  }
}

/** The MJML source of a template's HTML: the shared layout with the template's body put in. */
export async function mjmlSource(name: string, dir: URL = builtInTemplatesDir()): Promise<string> {
  const [layout, body] = await Promise.all([readTemplateFile(dir, 'layouts/email.mjml'), readTemplateFile(dir, `${name}/body.mjml`)]);
  if (!layout.includes(BODY_MARKER)) {
    throw new AfterviewError('TEMPLATE_ERROR', `layouts/email.mjml has no ${BODY_MARKER} line to put the body in.`);
  }
  return layout.replace(BODY_MARKER, () => body);
}

const mjmlOptions = { validationLevel: 'strict', keepComments: false } as const;

/**
 * mjml, loaded only here: it costs more to load than the rest of afterview together. It is an
 * optional peer dependency: the built-in templates come precompiled and never need it.
 */
async function loadMjml(label: string) {
  try {
    return (await import('mjml')).default;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new AfterviewError(
      'TEMPLATE_ERROR',
      `${label}: compiling MJML needs the mjml package, which afterview leaves to the templates that use it. Install it beside afterview: npm install mjml`,
      { cause: error },
    );
  }
}

/** Turns MJML into responsive HTML, leaving the Handlebars expressions in it for the render step. */
export async function compileMjml(source: string, label: string): Promise<string> {
  const mjml2html = await loadMjml(label);
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(source, mjmlOptions);
  } catch (error) {
    throw new AfterviewError('TEMPLATE_ERROR', `${label}: MJML could not compile it: ${(error as Error).message}`, { cause: error });
  }
  if (result.errors.length > 0) {
    const details = result.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ');
    throw new AfterviewError('TEMPLATE_ERROR', `${label}: invalid MJML: ${details}`);
  }
  return result.html;
}

/** `$XDG_CACHE_HOME/afterview`, else `~/.cache/afterview`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return xdgFolder('cache', env);
}

function mjmlVersion(): string {
  try {
    return (requireFrom(import.meta.url)('mjml/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * MJML compiled through a cache on disk, keyed by a hash of the source, the
 * MJML version and its options, so that a template compiles once per machine
 * rather than once per process. The cache is only an optimisation: when it
 * cannot be read or written, the template is compiled as if it were absent.
 */
export async function compileMjmlCached(source: string, label: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { createHash } = await import('node:crypto');
  const key = createHash('sha256')
    .update(JSON.stringify([mjmlVersion(), mjmlOptions, source]))
    .digest('hex');
  const dir = cacheDir(env);
  const file = join(dir, `mjml-${key.slice(0, 32)}.html`);
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    // Not cached yet (or unreadable): compile it.
  }
  const html = await compileMjml(source, label);
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(file, html);
  } catch {
    // A read-only or missing home: go on without the cache.
  }
  return html;
}
