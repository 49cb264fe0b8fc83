import { z } from 'zod';
import type { TemplateDefinition } from '../templates/definition.js';
import { commonFields, recipient, recipientFields } from '../templates/fields.js';
import { deepPartial } from './schema-walk.js';

type AnyDefinition = TemplateDefinition<string, z.ZodRawShape>;

export interface ContextSchemas {
  /** A context with one `recipient`. */
  single: z.ZodObject;
  /** A context with `recipients`, each able to override the template's own fields. */
  panel: z.ZodObject;
  /** Either of them: what a context file may hold. */
  file: z.ZodUnion<[z.ZodObject, z.ZodObject]>;
}

const schemaCache = new WeakMap<AnyDefinition, ContextSchemas>();

/** Built on first use, not at import: zod schema construction is not free and most runs need one template. */
export function contextSchemas(definition: AnyDefinition): ContextSchemas {
  let schemas = schemaCache.get(definition);
  if (!schemas) {
    const single = z.strictObject({ ...commonFields, recipient, ...definition.fields });
    // The panel form, and so the union, only when asked for: a context with one recipient never needs them.
    let panel: z.ZodObject | undefined;
    let file: ContextSchemas['file'] | undefined;
    schemas = {
      single,
      get panel() {
        return (panel ??= panelSchema(definition));
      },
      get file() {
        return (file ??= z.union([single, this.panel]));
      },
    };
    schemaCache.set(definition, schemas);
  }
  return schemas;
}

function panelSchema(definition: AnyDefinition): z.ZodObject {
  const overrides: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries({ role: commonFields.role, ...definition.fields })) {
    overrides[key] = deepPartial(field).optional();
  }
  const entry = z
    .strictObject({ ...recipientFields, ...overrides })
    .describe('One person on the panel; any of the template fields given here apply to this person only.');
  return z.strictObject({
    ...commonFields,
    recipients: z
      .array(entry)
      .min(1, { message: 'needs at least one person' })
      .describe('Everyone you write to; each gets a separate, personal message.'),
    ...overrides,
    role: commonFields.role,
  });
}
