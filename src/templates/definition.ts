import type * as z from 'zod/mini';
import type { AfterviewAdvice } from '../errors.js';
import type { Holidays } from '../format/holidays.js';
import type { Tone } from '../text/helpers.js';
import type { commonFields, recipient } from './fields.js';

/** What a template's checks and view may know besides the context: the clock and calendar. */
export interface TemplateEnv {
  /** Today's date (YYYY-MM-DD), from the injected clock. */
  today: string;
  locale: string;
  /** Listed dates and regions' holidays, skipped when counting business days. */
  holidays: Holidays;
}

/**
 * A value a Handlebars template sees. Money and dates are formatted before they get there;
 * the only number is the panel phrasing the `variant` helper reads.
 */
export type ViewValue = string | number | boolean | null | readonly string[] | { readonly [key: string]: ViewValue };
export type View = { [key: string]: ViewValue };

type ContextShape<Fields extends z.core.$ZodShape> = typeof commonFields & { recipient: typeof recipient } & Fields;

/** A validated single-recipient context of a template with these fields. */
export type ParsedContext<Fields extends z.core.$ZodShape> = z.output<z.ZodMiniObject<ContextShape<Fields>>>;

/** Reports a problem at a field path; `advice` is a next step worded after the message (see AfterviewAdvice). */
export type ReportIssue = (path: ReadonlyArray<string | number>, message: string, advice?: AfterviewAdvice) => void;

export interface TemplateDefinition<Name extends string = string, Fields extends z.core.$ZodShape = z.core.$ZodShape> {
  name: Name;
  /** One line for `afterview list`. */
  summary: string;
  /** When to send it, from the guidance. */
  timing: string;
  /** The word before the signature, e.g. "Best regards"; or one for each tone (`tone` in the context). */
  closing: string | Readonly<Record<Tone, string>>;
  /** The template's own context fields, beside the common ones. */
  fields: Fields;
  /** Rules across fields and against today's date; they run once the schema is satisfied. */
  check?(context: ParsedContext<Fields>, report: ReportIssue, env: TemplateEnv): void;
  /** The template's own values for Handlebars, and advice that does not stop rendering. */
  view(context: ParsedContext<Fields>, env: TemplateEnv): { view: View; warnings: string[] };
}

/** A template as its file writes it: the fields are built by a function, on first use. */
export type TemplateSource<Name extends string, Fields extends z.core.$ZodShape> = Omit<TemplateDefinition<Name, Fields>, 'fields'> & {
  fields: () => Fields;
};

/**
 * Keeps each template's field types precise while letting the registry hold
 * them together. The fields' schemas are built when first asked for, so that
 * a run builds only those of the template it renders (building zod schemas is
 * most of the cost of loading the templates).
 */
export function defineTemplate<const Name extends string, Fields extends z.core.$ZodShape>(
  source: TemplateSource<Name, Fields>,
): TemplateDefinition<Name, Fields> {
  const { fields: makeFields, ...definition } = source;
  let fields: Fields | undefined;
  return Object.defineProperty(definition, 'fields', { enumerable: true, get: () => (fields ??= makeFields()) }) as TemplateDefinition<
    Name,
    Fields
  >;
}
