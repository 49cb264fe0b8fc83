import { AfterviewError } from '../errors.js';
import { registerComposeHelpers } from '../text/helpers.js';
import { compileMjmlCached, mjmlSource, readTemplateFile } from './mjml.js';
import { setUpOnce } from './setup-once.js';
import {
  type CompiledTemplate,
  type Handlebars,
  builtInHtmlOptions,
  named,
  PARTIALS,
  type Part,
  type Partial,
  partFile,
  partialFile,
  TEXT_PARTS,
  type TemplateFunction,
  builtInTextOptions,
} from './parts.js';

/**
 * Compiling a template from its files at run time, with the full Handlebars
 * compiler (loaded only for this): the path of templates that are not
 * precompiled, such as the built-ins when run from src/.
 */

type CompileOptions = Parameters<Handlebars['compile']>[1];

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

/** Compiles a template from its files. */
export async function compileTemplate(name: string, dir: URL): Promise<CompiledTemplate> {
  const [sources, { default: Handlebars }] = await Promise.all([readTemplateSources(name, dir), import('handlebars')]);
  // Two isolated instances, so that a text partial can never be used in HTML or the other way round.
  const textHandlebars = setUpOnce(Handlebars.create());
  const htmlHandlebars = setUpOnce(Handlebars.create());
  registerComposeHelpers(textHandlebars);
  registerComposeHelpers(htmlHandlebars);
  for (const partial of PARTIALS) {
    textHandlebars.registerPartial(
      partial,
      compileWith(textHandlebars, sources.partials[`${partial}.txt`], builtInTextOptions, partialFile(partial, 'txt')),
    );
    htmlHandlebars.registerPartial(
      partial,
      compileWith(htmlHandlebars, sources.partials[`${partial}.html`], builtInHtmlOptions, partialFile(partial, 'html')),
    );
  }
  const compiled = {} as CompiledTemplate;
  for (const part of TEXT_PARTS)
    compiled[part] = compileWith(textHandlebars, sources.parts[part], builtInTextOptions, partFile(name, part));
  compiled.html = compileWith(htmlHandlebars, sources.parts.html, builtInHtmlOptions, partFile(name, 'html'));
  return compiled;
}
