import * as z from 'zod/mini';
import { contextSchemas } from './context-schemas.js';
import type { commonFields, recipient } from '../templates/fields.js';
import type { BuiltInTemplates, TemplateName } from '../templates/built-in.js';
import { findTemplate, getTemplate, templateNames } from '../templates/registry.js';
import type { TemplateDefinition } from '../templates/definition.js';

/** The zod schema of a template's single-recipient context: what `render` accepts. */
export type ContextSchema<T extends TemplateName> = BuiltInTemplates[T]['fields'] extends infer F extends z.core.$ZodShape
  ? z.ZodMiniObject<typeof commonFields & { recipient: typeof recipient } & F, z.core.$strict>
  : never;

/**
 * The zod schema of each registered template's context, built on first access
 * so that importing afterview costs nothing for the templates a program never
 * uses. A template registered later appears here too.
 */
export const schemas = new Proxy(
  {},
  {
    get: (_, name) => (typeof name === 'string' && findTemplate(name) ? contextSchemas(getTemplate(name)).single : undefined),
    has: (_, name) => typeof name === 'string' && findTemplate(name) !== undefined,
    ownKeys: () => [...templateNames],
    getOwnPropertyDescriptor: (_, name) =>
      typeof name === 'string' && findTemplate(name)
        ? { enumerable: true, configurable: true, value: contextSchemas(getTemplate(name)).single }
        : undefined,
  },
) as { readonly [T in TemplateName]: ContextSchema<T> } & { readonly [name: string]: z.ZodMiniObject | undefined };

/**
 * The JSON Schema (draft-07, input form) of what a context file for this template
 * may hold: one `recipient`, or a panel of `recipients`. Editors use it to check
 * a context as it is typed.
 */
export function jsonSchema(template: string, templates?: { get(name: string): TemplateDefinition }): Record<string, unknown> {
  const definition = templates ? templates.get(template) : getTemplate(template);
  const generated = z.toJSONSchema(contextSchemas(definition).file, { target: 'draft-07', io: 'input' });
  // A context file is one layer: `sender` usually comes from the profile, so a file need not repeat it.
  for (const branch of (generated.anyOf ?? []) as Array<{ required?: string[] }>) {
    branch.required = branch.required?.filter((key) => key !== 'sender');
  }
  return {
    ...generated,
    title: `afterview ${definition.name} context`,
    description: `${definition.summary} Send it ${definition.timing}.`,
  };
}
