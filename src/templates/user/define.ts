import type * as z from 'zod/mini';
import { AfterviewError } from '../../errors.js';
import type { ParsedContext, TemplateDefinition, TemplateEnv, View } from '../definition.js';

/** A template a program defined: a definition with its sources as text. */
export interface SourcedDefinition extends TemplateDefinition {
  sources: { subject: string; text: string; mjml: string; message: string; example?: string | undefined };
}

/** What `defineTemplate` takes: a template of a program's own, typed by its zod fields. */
export interface TemplateSpec<Name extends string, Fields extends z.core.$ZodShape> {
  /** Lower-case words joined by "-", not a built-in's name. */
  name: Name;
  /** The template's own context fields (zod schemas); the common fields are added. */
  fields: Fields;
  /** Handlebars: the subject line. */
  subject: string;
  /** Handlebars: the plain-text body (never HTML-escaped). */
  text: string;
  /** MJML: the body put into afterview's layout, or a whole `<mjml>` document. */
  mjml: string;
  /** Handlebars: the short message. */
  message: string;
  /**
   * Values for the templates computed from the context (formatted dates, sums…).
   * @default the context's own fields as given
   */
  view?: (context: ParsedContext<Fields>, env: TemplateEnv) => View;
  /** One line for `list`. @default "A template of your own." */
  summary?: string;
  /** When to send it. @default "when it suits" */
  timing?: string;
  /** The word before the signature. @default "Best regards" */
  closing?: string;
  /** An example context (YAML), for `init`. */
  example?: string;
}

/** A template defined in a program, ready to hand to `createRenderer`. */
export interface DefinedTemplate<Name extends string = string, Fields extends z.core.$ZodShape = z.core.$ZodShape>
  extends SourcedDefinition {
  readonly name: Name;
  readonly fields: Fields;
}

/**
 * Defines a template in code. Give it to `createRenderer({ templates: [...] })`,
 * whose `render` then type-checks a context against `fields` as it does for the built-ins.
 *
 * @example
 * const followUp = defineTemplate({
 *   name: 'follow-up',
 *   fields: { topic: z.string() },
 *   subject: 'Following up on {{topic}}',
 *   text: '{{> greeting}}\n\n{{sentence topic}}\n\n{{> closing}}\n{{> signature}}',
 *   mjml: '<mj-section><mj-column><mj-text>{{> greeting}}<p>{{sentence topic}}</p>{{> closing}}{{> signature}}</mj-text></mj-column></mj-section>',
 *   message: 'Hi {{recipient.addressAs}}, {{topic}}',
 * });
 */
export function defineTemplate<const Name extends string, Fields extends z.core.$ZodShape>(
  spec: TemplateSpec<Name, Fields>,
): DefinedTemplate<Name, Fields> {
  for (const part of ['subject', 'text', 'mjml', 'message'] as const) {
    if (typeof spec[part] !== 'string' || spec[part].trim() === '') {
      throw new AfterviewError(
        'USAGE',
        `defineTemplate(${JSON.stringify(spec.name)}): "${part}" is missing; give the template's ${part} as text.`,
      );
    }
  }
  const keys = Object.keys(spec.fields);
  return {
    name: spec.name,
    fields: spec.fields,
    summary: spec.summary ?? 'A template of your own.',
    timing: spec.timing ?? 'when it suits',
    closing: spec.closing ?? 'Best regards',
    sources: { subject: spec.subject, text: spec.text, mjml: spec.mjml, message: spec.message, example: spec.example },
    view(context, env) {
      if (spec.view) return { view: spec.view(context as ParsedContext<Fields>, env), warnings: [] };
      const own: View = {};
      const values = context as Record<string, unknown>;
      for (const key of keys) own[key] = (values[key] ?? null) as View[string];
      return { view: own, warnings: [] };
    },
  };
}
