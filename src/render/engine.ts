// fs.promises is read where it is used: rendering a precompiled template reads no file.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type HandlebarsCompiler from 'handlebars';
import HandlebarsRuntime from 'handlebars/runtime.js';
import { AfterviewError } from '../errors.js';
import { registerComposeHelpers } from '../text/helpers.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { xdgFolder } from '../shared/xdg.js';
import { builtInTemplatesDir } from './paths.js';
import { precompiledTemplates as builtInPrecompiled } from './precompiled.js';
import { normalizeLine, normalizeText } from './whitespace.js';

/**
 * Compiled templates: Handlebars for the subject, text and short message, and
 * MJML then Handlebars for the HTML.
 *
 * The built-in templates are compiled at build time (`npm run build` writes
 * dist/render/precompiled.js): MJML is already HTML there and Handlebars is
 * already JavaScript, so rendering needs only `handlebars/runtime`. Templates
 * that are not precompiled (run from src/, or a user's own folder) are compiled
 * on first use, their MJML through a cache on disk. Either way a template is
 * compiled once per process and kept.
 */

type TemplateFunction = (view: object) => string;
type Handlebars = typeof HandlebarsCompiler;
/** The JavaScript source of a template, as `Handlebars.precompile` writes it. */
type TemplateSpec = ReturnType<Handlebars['precompile']>;

export interface CompiledTemplate {
  subject: TemplateFunction;
  text: TemplateFunction;
  html: TemplateFunction;
  message: TemplateFunction;
}

export interface RenderedParts {
  subject: string;
  text: string;
  html: string;
  message: string;
}

export const PARTIALS = ['greeting', 'closing', 'signature'] as const;
export const TEXT_PARTS = ['subject', 'text', 'message'] as const;
type Partial = (typeof PARTIALS)[number];
type Part = keyof CompiledTemplate;

/** Every built-in template compiled to Handlebars specs, as dist/render/precompiled.js holds them. */
export interface PrecompiledTemplates {
  /** `${template}/${part}` and `partials/${name}.{txt,html}` → the template's spec. */
  specs: Readonly<Record<string, TemplateSpec>>;
}

export { builtInTemplatesDir };

const BODY_MARKER = '<!-- afterview:body -->';

// Strict mode makes a reference to a field the view lacks throw instead of
// printing an empty string ("Dear ,"). Text is never HTML-escaped; HTML always is.
// Both are compile options, so precompiled templates carry them too.
export const textOptions = { strict: true, noEscape: true } as const;
export const htmlOptions = { strict: true } as const;

/** The file a part is written in, for error messages and for the precompiled specs' keys. */
export function partFile(name: string, part: Part): string {
  return part === 'html' ? `${name}/body.mjml` : `${name}/${part}.hbs`;
}

export function partialFile(partial: Partial, flavour: 'txt' | 'html'): string {
  return `partials/${partial}.${flavour}.hbs`;
}

export async function readTemplateFile(dir: URL, path: string): Promise<string> {
  try {
    return await fs.readFile(new URL(path, dir), 'utf8');
  } catch (error) {
    throw new AfterviewError('TEMPLATE_ERROR', `Template file ${path} is missing or unreadable.`, { cause: error });
  }
}

/** The MJML source of a template's HTML: the shared layout with the template's body put in. */
export async function mjmlSource(name: string, dir: URL = builtInTemplatesDir): Promise<string> {
  const [layout, body] = await Promise.all([readTemplateFile(dir, 'layouts/email.mjml'), readTemplateFile(dir, `${name}/body.mjml`)]);
  if (!layout.includes(BODY_MARKER)) {
    throw new AfterviewError('TEMPLATE_ERROR', `layouts/email.mjml has no ${BODY_MARKER} line to put the body in.`);
  }
  return layout.replace(BODY_MARKER, () => body);
}

const mjmlOptions = { validationLevel: 'strict', keepComments: false } as const;

/** Turns MJML into responsive HTML, leaving the Handlebars expressions in it for the render step. */
export async function compileMjml(source: string, label: string): Promise<string> {
  // Loaded only here: mjml costs more to load than the rest of afterview together.
  const { default: mjml2html } = await import('mjml');
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
    return (createRequire(import.meta.url)('mjml/package.json') as { version: string }).version;
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

/** Turns errors from a template function into ones that name the template file. */
function named(compiled: HandlebarsTemplateDelegate, label: string): TemplateFunction {
  return (view) => {
    try {
      return compiled(view);
    } catch (error) {
      throw new AfterviewError('TEMPLATE_ERROR', `${label}: ${(error as Error).message}`, { cause: error });
    }
  };
}

function compileWith(instance: Handlebars, source: string, options: CompileOptions, label: string): TemplateFunction {
  let compiled: HandlebarsTemplateDelegate;
  try {
    // Handlebars compiles lazily; parsing now surfaces syntax errors before the first message.
    instance.parse(source);
    compiled = instance.compile(source, options);
  } catch (error) {
    throw new AfterviewError('TEMPLATE_ERROR', `${label}: ${(error as Error).message}`, { cause: error });
  }
  return named(compiled, label);
}

type CompileOptions = Parameters<Handlebars['compile']>[1];

/** Everything a template is made of, read from its folder, with its MJML already compiled to HTML. */
export interface TemplateSources {
  partials: Record<`${Partial}.${'txt' | 'html'}`, string>;
  parts: Record<Part, string>;
}

export async function readTemplateSources(
  name: string,
  dir: URL,
  compile: (source: string, label: string) => Promise<string> = compileMjmlCached,
): Promise<TemplateSources> {
  const partials = {} as TemplateSources['partials'];
  await Promise.all(
    PARTIALS.flatMap((partial) =>
      (['txt', 'html'] as const).map(async (flavour) => {
        partials[`${partial}.${flavour}`] = await readTemplateFile(dir, partialFile(partial, flavour));
      }),
    ),
  );
  const [subject, text, message, mjml] = await Promise.all([
    ...TEXT_PARTS.map((part) => readTemplateFile(dir, partFile(name, part))),
    mjmlSource(name, dir),
  ]);
  const html = await compile(mjml!, partFile(name, 'html'));
  return { partials, parts: { subject: subject!, text: text!, message: message!, html } };
}

/** Compiles a template from its files, with the full Handlebars compiler (loaded only for this). */
async function compileTemplate(name: string, dir: URL): Promise<CompiledTemplate> {
  const [sources, { default: Handlebars }] = await Promise.all([readTemplateSources(name, dir), import('handlebars')]);
  // Two isolated instances, so that a text partial can never be used in HTML or the other way round.
  const textHandlebars = Handlebars.create();
  const htmlHandlebars = Handlebars.create();
  registerComposeHelpers(textHandlebars);
  registerComposeHelpers(htmlHandlebars);
  for (const partial of PARTIALS) {
    textHandlebars.registerPartial(
      partial,
      compileWith(textHandlebars, sources.partials[`${partial}.txt`], textOptions, partialFile(partial, 'txt')),
    );
    htmlHandlebars.registerPartial(
      partial,
      compileWith(htmlHandlebars, sources.partials[`${partial}.html`], htmlOptions, partialFile(partial, 'html')),
    );
  }
  const compiled = {} as CompiledTemplate;
  for (const part of TEXT_PARTS) compiled[part] = compileWith(textHandlebars, sources.parts[part], textOptions, partFile(name, part));
  compiled.html = compileWith(htmlHandlebars, sources.parts.html, htmlOptions, partFile(name, 'html'));
  return compiled;
}

/** Handlebars runtime instances holding the precompiled partials, one pair per set of specs. */
const runtimes = new WeakMap<PrecompiledTemplates, { text: Handlebars; html: Handlebars }>();

/** A template from precompiled specs, or undefined when they do not include it. */
export function fromPrecompiled(precompiled: PrecompiledTemplates, name: string): CompiledTemplate | undefined {
  const { specs } = precompiled;
  if (!Object.hasOwn(specs, partFile(name, 'html'))) return undefined;
  let instances = runtimes.get(precompiled);
  if (!instances) {
    const runtime = HandlebarsRuntime as unknown as Handlebars;
    instances = { text: runtime.create(), html: runtime.create() };
    registerComposeHelpers(instances.text);
    registerComposeHelpers(instances.html);
    for (const partial of PARTIALS) {
      instances.text.registerPartial(partial, instances.text.template(specs[partialFile(partial, 'txt')]!));
      instances.html.registerPartial(partial, instances.html.template(specs[partialFile(partial, 'html')]!));
    }
    runtimes.set(precompiled, instances);
  }
  const compiled = {} as CompiledTemplate;
  for (const part of TEXT_PARTS) compiled[part] = named(instances.text.template(specs[partFile(name, part)]!), partFile(name, part));
  compiled.html = named(instances.html.template(specs[partFile(name, 'html')]!), partFile(name, 'html'));
  return compiled;
}

let precompiledTemplates: PrecompiledTemplates | undefined = builtInPrecompiled;

/**
 * Replaces the built-in precompiled templates (undefined: compile from
 * templates/ at run time). For tests that compare the two paths; not public.
 */
export function usePrecompiledTemplates(precompiled: PrecompiledTemplates | undefined): void {
  precompiledTemplates = precompiled;
  compiledTemplates.clear();
}

const compiledTemplates = new Map<string, Promise<CompiledTemplate>>();

/** The compiled template, compiled on first use and shared by every later message. */
export function loadCompiledTemplate(name: string, dir: URL = builtInTemplatesDir): Promise<CompiledTemplate> {
  const key = `${dir.href}\u0000${name}`;
  let compiled = compiledTemplates.get(key);
  if (!compiled) {
    const precompiled =
      dir.href === builtInTemplatesDir.href && precompiledTemplates ? fromPrecompiled(precompiledTemplates, name) : undefined;
    compiled = precompiled ? Promise.resolve(precompiled) : compileTemplate(name, dir);
    // A failed compile is not cached, so that a fixed template file is picked up by the next call.
    compiled.catch(() => compiledTemplates.delete(key));
    compiledTemplates.set(key, compiled);
  }
  return compiled;
}

/**
 * Fills every part of a compiled template from one view. With `ownView`, the
 * view is the caller's to give away: the HTML's `subject` is set on it rather
 * than on a copy.
 */
export function fillTemplate(template: CompiledTemplate, view: object, { ownView = false } = {}): RenderedParts {
  const subject = normalizeLine(template.subject(view));
  const text = normalizeText(template.text(view));
  const message = normalizeText(template.message(view));
  // The layout's <title> shows the subject.
  const html = template.html(ownView ? Object.assign(view, { subject }) : { ...view, subject });
  return { subject, text, html, message };
}
