import { z } from 'zod';
import { contextSchemas } from './context/validate.js';
import type { commonFields, recipient } from './context/parts.js';
import { templateDefinition } from './render/render.js';
import { builtInTemplates, templateNames, type BuiltInTemplates, type TemplateName } from './templates/index.js';

/** The zod schema of a template's single-recipient context: what `render` accepts. */
export type ContextSchema<T extends TemplateName> = BuiltInTemplates[T]['fields'] extends infer F extends z.ZodRawShape
  ? z.ZodObject<typeof commonFields & { recipient: typeof recipient } & F, z.core.$strict>
  : never;

/**
 * The zod schema of each template's context, built on first access so that
 * importing afterview costs nothing for the templates a program never uses.
 */
export const schemas = Object.defineProperties(
  {},
  Object.fromEntries(templateNames.map((name) => [name, { enumerable: true, get: () => contextSchemas(templateDefinition(name)).single }])),
) as { readonly [T in TemplateName]: ContextSchema<T> };

/** A line for `afterview list`. */
export interface TemplateInfo {
  name: TemplateName;
  summary: string;
  timing: string;
}

export function listTemplates(): TemplateInfo[] {
  return templateNames.map((name) => {
    const { summary, timing } = builtInTemplates[name];
    return { name, summary, timing };
  });
}

/**
 * The JSON Schema (draft-07, input form) of what a context file for this template
 * may hold: one `recipient`, or a panel of `recipients`. Editors use it to check
 * a context as it is typed.
 */
export function jsonSchema(template: string): Record<string, unknown> {
  const definition = templateDefinition(template);
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
