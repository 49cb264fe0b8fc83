import { readFile } from 'node:fs/promises';
import Handlebars from 'handlebars';
import { AfterviewError } from '../errors.js';
import { normalizeLine, normalizeText } from './whitespace.js';

/**
 * Compiling templates: Handlebars for the subject, text and short message, and
 * MJML then Handlebars for the HTML. Each template is compiled once per process
 * and kept; rendering a message only runs the compiled functions.
 */

type TemplateFunction = (view: object) => string;

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

/** Where the built-in templates live: `templates/` at the package root, from both src/ and dist/. */
export const builtInTemplatesDir = new URL('../../templates/', import.meta.url);

const PARTIALS = ['greeting', 'closing', 'signature'] as const;
const BODY_MARKER = '<!-- afterview:body -->';

// Strict mode makes a reference to a field the view lacks throw instead of
// printing an empty string ("Dear ,"). Text is never HTML-escaped; HTML always is.
const textOptions = { strict: true, noEscape: true } as const;
const htmlOptions = { strict: true } as const;

function fileUrl(dir: URL, path: string): URL {
  return new URL(path, dir);
}

async function readTemplateFile(dir: URL, path: string): Promise<string> {
  try {
    return await readFile(fileUrl(dir, path), 'utf8');
  } catch (error) {
    throw new AfterviewError('TEMPLATE_ERROR', `Template file ${path} is missing or unreadable.`, { cause: error });
  }
}

/** The MJML source of a template's HTML: the shared layout with the template's body put in. */
export async function mjmlSource(name: string, dir: URL = builtInTemplatesDir): Promise<string> {
  const [layout, body] = await Promise.all([
    readTemplateFile(dir, 'layouts/email.mjml'),
    readTemplateFile(dir, `${name}/body.mjml`),
  ]);
  if (!layout.includes(BODY_MARKER)) {
    throw new AfterviewError('TEMPLATE_ERROR', `layouts/email.mjml has no ${BODY_MARKER} line to put the body in.`);
  }
  return layout.replace(BODY_MARKER, () => body);
}

/** Turns MJML into responsive HTML, leaving the Handlebars expressions in it for the render step. */
export async function compileMjml(source: string, label: string): Promise<string> {
  const { default: mjml2html } = await import('mjml');
  let result;
  try {
    result = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  } catch (error) {
    throw new AfterviewError('TEMPLATE_ERROR', `${label}: MJML could not compile it: ${(error as Error).message}`, { cause: error });
  }
  if (result.errors.length > 0) {
    const details = result.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ');
    throw new AfterviewError('TEMPLATE_ERROR', `${label}: invalid MJML: ${details}`);
  }
  return result.html;
}

function compileWith(instance: typeof Handlebars, source: string, options: CompileOptions, label: string): TemplateFunction {
  let compiled: HandlebarsTemplateDelegate;
  try {
    // Handlebars compiles lazily; parsing now surfaces syntax errors before the first message.
    instance.parse(source);
    compiled = instance.compile(source, options);
  } catch (error) {
    throw new AfterviewError('TEMPLATE_ERROR', `${label}: ${(error as Error).message}`, { cause: error });
  }
  return (view) => {
    try {
      return compiled(view);
    } catch (error) {
      throw new AfterviewError('TEMPLATE_ERROR', `${label}: ${(error as Error).message}`, { cause: error });
    }
  };
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

async function compileTemplate(name: string, dir: URL): Promise<CompiledTemplate> {
  // Two isolated instances, so that a text partial can never be used in HTML or the other way round.
  const textHandlebars = Handlebars.create();
  const htmlHandlebars = Handlebars.create();
  await Promise.all(
    PARTIALS.map(async (partial) => {
      const [text, html] = await Promise.all([
        readTemplateFile(dir, `partials/${partial}.txt.hbs`),
        readTemplateFile(dir, `partials/${partial}.html.hbs`),
      ]);
      textHandlebars.registerPartial(partial, compileWith(textHandlebars, text, textOptions, `partials/${partial}.txt.hbs`));
      htmlHandlebars.registerPartial(partial, compileWith(htmlHandlebars, html, htmlOptions, `partials/${partial}.html.hbs`));
    }),
  );
  const [subject, text, message, mjml] = await Promise.all([
    readTemplateFile(dir, `${name}/subject.hbs`),
    readTemplateFile(dir, `${name}/text.hbs`),
    readTemplateFile(dir, `${name}/message.hbs`),
    mjmlSource(name, dir),
  ]);
  const html = await compileMjml(mjml, `${name}/body.mjml`);
  return {
    subject: compileWith(textHandlebars, subject, textOptions, `${name}/subject.hbs`),
    text: compileWith(textHandlebars, text, textOptions, `${name}/text.hbs`),
    message: compileWith(textHandlebars, message, textOptions, `${name}/message.hbs`),
    html: compileWith(htmlHandlebars, html, htmlOptions, `${name}/body.mjml`),
  };
}

const compiledTemplates = new Map<string, Promise<CompiledTemplate>>();

/** The compiled template, compiled on first use and shared by every later message. */
export function loadCompiledTemplate(name: string, dir: URL = builtInTemplatesDir): Promise<CompiledTemplate> {
  const key = `${dir.href}\u0000${name}`;
  let compiled = compiledTemplates.get(key);
  if (!compiled) {
    compiled = compileTemplate(name, dir);
    // A failed compile is not cached, so that a fixed template file is picked up by the next call.
    compiled.catch(() => compiledTemplates.delete(key));
    compiledTemplates.set(key, compiled);
  }
  return compiled;
}

/** Fills every part of a compiled template from one view. */
export function fillTemplate(template: CompiledTemplate, view: object): RenderedParts {
  const subject = normalizeLine(template.subject(view));
  return {
    subject,
    text: normalizeText(template.text(view)),
    // The layout's <title> shows the subject.
    html: template.html({ ...view, subject }),
    message: normalizeText(template.message(view)),
  };
}
