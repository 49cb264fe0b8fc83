import * as z from 'zod/mini';
import type { TemplateDefinition } from '../templates/definition.js';
import { commonFields, recipient, recipientFields } from '../templates/fields.js';
import { described, type Schema, type Shape } from '../shared/zod-schema.js';
import { deepPartial } from './schema-walk.js';

type AnyDefinition = TemplateDefinition<string, Shape>;

export interface ContextSchemas {
  /** A context with one `recipient`. */
  single: z.ZodMiniObject;
  /** A context with `recipients`, each able to override the template's own fields. */
  panel: z.ZodMiniObject;
  /** Either of them: what a context file may hold. */
  file: z.ZodMiniUnion<[z.ZodMiniObject, z.ZodMiniObject]>;
}

const schemaCache = new WeakMap<AnyDefinition, ContextSchemas>();

/** Built on first use, not at import: zod schema construction is not free and most runs need one template. */
export function contextSchemas(definition: AnyDefinition): ContextSchemas {
  let schemas = schemaCache.get(definition);
  if (!schemas) {
    const single = z.strictObject({ ...commonFields, recipient, ...definition.fields });
    // The panel form, and so the union, only when asked for: a context with one recipient never needs them.
    let panel: z.ZodMiniObject | undefined;
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

function panelSchema(definition: AnyDefinition): z.ZodMiniObject {
  const overrides: Record<string, Schema> = {};
  for (const [key, field] of Object.entries({ role: commonFields.role, ...definition.fields })) {
    overrides[key] = z.optional(deepPartial(field));
  }
  const entry = described(
    z.strictObject({ ...recipientFields, ...overrides }),
    'One person on the panel; any of the template fields given here apply to this person only.',
  );
  return z.strictObject({
    ...commonFields,
    recipients: described(
      z.array(entry).check(z.minLength(1, { message: 'needs at least one person' })),
      'Everyone you write to; each gets a separate, personal message.',
    ),
    ...overrides,
    role: commonFields.role,
  });
}
