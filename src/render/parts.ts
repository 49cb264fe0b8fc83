import type HandlebarsCompiler from 'handlebars';
import { AfterviewError } from '../errors.js';
import { enterView } from '../text/root.js';

/**
 * What a template is made of and what it compiles to: the names of its parts
 * and their files, and the compile options every path (run time, precompiled)
 * shares. A leaf: the compilers and the generated specs build on it.
 */

export type TemplateFunction = (view: object) => string;
export type Handlebars = typeof HandlebarsCompiler;

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
export type Partial = (typeof PARTIALS)[number];
export type Part = keyof CompiledTemplate;

// Strict mode makes a reference to a field the view lacks throw instead of
// printing an empty string ("Dear ,"). Text is never HTML-escaped; HTML always is.
// Both are compile options, so precompiled templates carry them too.
export const textOptions = { strict: true, noEscape: true } as const;
export const htmlOptions = { strict: true } as const;
// The built-in templates are compiled without Handlebars' data frames: with them, every block of
// every template made a new function for its frame on every call. (A template that names a data
// variable, such as `@index`, still gets them.) Their helpers find the view through text/root.ts.
export const builtInTextOptions = { ...textOptions, data: false } as const;
export const builtInHtmlOptions = { ...htmlOptions, data: false } as const;

/** The file a part is written in, for error messages and for the precompiled specs' keys. */
export function partFile(name: string, part: Part): string {
  return part === 'html' ? `${name}/body.mjml` : `${name}/${part}.hbs`;
}

export function partialFile(partial: Partial, flavour: 'txt' | 'html'): string {
  return `partials/${partial}.${flavour}.hbs`;
}

/** Turns errors from a template function into ones that name the template file. */
export function named(compiled: (view: object) => string, label: string): TemplateFunction {
  return (view) => {
    const outer = enterView(view);
    try {
      return compiled(view);
    } catch (error) {
      throw new AfterviewError('TEMPLATE_ERROR', `${label}: ${(error as Error).message}`, { cause: error });
    } finally {
      enterView(outer);
    }
  };
}
