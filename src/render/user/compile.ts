import type HandlebarsCompiler from 'handlebars';
import { AfterviewError } from '../../errors.js';
import { type CompiledTemplate, htmlOptions, textOptions } from '../parts.js';
import { registerComposeHelpers } from '../../text/helpers.js';
import { compileMjmlPieces, type MjmlPiece } from './mjml.js';
import { readSpecs, specKey, writeSpecs } from './spec-cache.js';
import { setUpOnce } from '../setup-once.js';

/**
 * Compiles a template whose files come from more than one place: a user's
 * folder over the built-in files, or a template defined in a program. Partials
 * are only those found in the template folders (registered by name); nothing
 * else can be included.
 */

type Handlebars = typeof HandlebarsCompiler;
type TemplateFunction = (view: object) => string;
type TemplateSpecification = Parameters<Handlebars['template']>[0];

/** Where a template's pieces come from. */
export interface TemplatePieces {
  name: string;
  subject: MjmlPiece;
  text: MjmlPiece;
  message: MjmlPiece;
  body: MjmlPiece;
  layout: MjmlPiece;
  /** Partials by name, each in its plain-text and HTML flavour. */
  partials: ReadonlyMap<string, { txt?: MjmlPiece; html?: MjmlPiece }>;
}

/** "file:line:col: message" from what Handlebars threw. */
export function positioned(file: string, error: unknown, source?: string): string {
  const message = (error as Error).message ?? String(error);
  const parse = /Parse error on line (\d+):[\s\S]*?\n(-*)\^\n([\s\S]*)$/.exec(message);
  if (parse) {
    const line = Number(parse[1]);
    const pointer = parse[2]!.length;
    // Handlebars shows up to 20 characters before the problem; find the column in the line itself.
    const text = source?.split('\n')[line - 1];
    const col = text === undefined ? pointer + 1 : Math.max(1, text.length - Math.max(0, 20 - pointer) - 0);
    return `${file}:${line}:${Math.min(col, (text?.length ?? col) + 1)}: ${parse[3]!.split('\n')[0]}`;
  }
  const runtime = /^(.*?) - (\d+):(\d+)$/s.exec(message);
  if (runtime) return `${file}:${runtime[2]}:${Number(runtime[3]) + 1}: ${runtime[1]}`;
  const loc = error as { lineNumber?: number; column?: number };
  if (typeof loc.lineNumber === 'number')
    return `${file}:${loc.lineNumber}:${(loc.column ?? 0) + 1}: ${message.replace(/ - \d+:\d+$/, '')}`;
  return `${file}: ${message}`;
}

function hint(message: string): string {
  if (/not defined in/.test(message))
    return 'Use only the fields the template declares (schema.json) and the common ones, or wrap an optional one in {{#if}}.';
  if (/partial .* could not be found/i.test(message))
    return 'Partials come from partials/NAME.txt.hbs and partials/NAME.html.hbs in the templates folders.';
  if (/takes|is a block/.test(message)) return 'See "Writing your own templates" in the README for what each helper takes.';
  return 'Fix the template there.';
}

/** Where a helper named in an error is first called in the source: Handlebars does not say. */
function helperCall(source: string, error: unknown): unknown {
  const helper = /^\{\{(\w+)\}\}/.exec((error as Error).message ?? '')?.[1];
  const at = helper === undefined ? -1 : source.search(new RegExp(`\\{\\{[#~\\s]*${helper}\\b`));
  if (at < 0) return error;
  const before = source.slice(0, at).split('\n');
  return Object.assign(new Error((error as Error).message), { lineNumber: before.length, column: before.at(-1)!.length });
}

function named(compiled: HandlebarsTemplateDelegate, file: string, source: string): TemplateFunction {
  return (view) => {
    try {
      return compiled(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (error) {
      const message = positioned(file, helperCall(source, error)).replace(' in [object Object]', '');
      throw new AfterviewError('TEMPLATE_ERROR', message, { hint: hint(message), cause: error });
    }
  };
}

/** Precompiles one piece, with an error naming its file and position. */
function precompileOne(compiler: Handlebars, piece: MjmlPiece, options: object): string {
  try {
    compiler.parse(piece.text);
    return compiler.precompile(piece.text, options) as string;
  } catch (error) {
    const message = positioned(piece.file, error, piece.text);
    throw new AfterviewError('TEMPLATE_ERROR', message, {
      hint: 'Check that every {{ has its }} and every {{#block}} its {{/block}}.',
      cause: error,
    });
  }
}

// A spec is the JavaScript object literal Handlebars.precompile writes; the compiler itself turns it into a function the same way.
const evaluate = (spec: string): TemplateSpecification => new Function(`return ${spec};`)() as TemplateSpecification;

/** Compiles the pieces: Handlebars for the text parts, MJML then Handlebars for the HTML (both through caches on disk). */
export async function compilePieces(pieces: TemplatePieces, env?: NodeJS.ProcessEnv): Promise<CompiledTemplate> {
  const html = await compileMjmlPieces(pieces.layout, pieces.body, env);
  const all: Array<[string, MjmlPiece, 'txt' | 'html']> = [
    ['subject', pieces.subject, 'txt'],
    ['text', pieces.text, 'txt'],
    ['message', pieces.message, 'txt'],
    ['html', { text: html, file: pieces.body.file }, 'html'],
  ];
  for (const [name, flavours] of pieces.partials) {
    if (flavours.txt) all.push([`partials/${name}.txt`, flavours.txt, 'txt']);
    if (flavours.html) all.push([`partials/${name}.html`, flavours.html, 'html']);
  }
  const key = specKey(Object.fromEntries(all.map(([name, piece, flavour]) => [name, `${flavour}:${piece.text}`])));
  let specs = readSpecs(key, env);
  if (!specs) {
    // Loaded only here: the compiler is needed only when a template has changed.
    const { default: compiler } = await import('handlebars');
    specs = Object.fromEntries(
      all.map(([name, piece, flavour]) => [name, precompileOne(compiler, piece, flavour === 'txt' ? textOptions : htmlOptions)]),
    );
    await writeSpecs(key, specs, env);
  }
  // Loaded only here: the built-in templates run without Handlebars (render/codegen.ts), so a render of one never loads it.
  const runtime = (await import('handlebars/runtime.js')).default as unknown as Handlebars;
  const text = setUpOnce(runtime.create());
  const markup = setUpOnce(runtime.create());
  registerComposeHelpers(text);
  registerComposeHelpers(markup);
  const fn = (instance: Handlebars, name: string, piece: MjmlPiece) =>
    named(instance.template(evaluate(specs[name]!)), piece.file, piece.text);
  for (const [name, piece, flavour] of all.slice(4)) {
    const partial = name.replace(/^partials\/(.+)\.(txt|html)$/, '$1');
    if (flavour === 'txt') text.registerPartial(partial, fn(text, name, piece));
    else markup.registerPartial(partial, fn(markup, name, piece));
  }
  return {
    subject: fn(text, 'subject', pieces.subject),
    text: fn(text, 'text', pieces.text),
    message: fn(text, 'message', pieces.message),
    html: fn(markup, 'html', all[3]![1]),
  };
}
