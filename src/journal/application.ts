import * as z from 'zod/mini';
import { described, descriptionOf, type Schema } from '../shared/zod-schema.js';
import { journalFields, type Outcome } from '../templates/journal-fields.js';
import { commonFields, recipientFields, sender } from '../templates/fields.js';
import { deepPartial, shapeOf, unwrap } from '../context/schema-walk.js';
import { allTemplates, registryGeneration } from '../templates/registry.js';

/**
 * The application file: one YAML file per application, the journal of the
 * process (rounds, people, questions, the offer, the outcome) and the context
 * of every message to that employer. Each template reads the fields it knows;
 * `afterview due` reads the journal's.
 */

/** Two templates' schemas for one field, as one: mappings merge key by key; otherwise the first wins. */
function mergeField(first: Schema, second: Schema): Schema {
  const [a, b] = [unwrap(first), unwrap(second)];
  const [shapeA, shapeB] = [shapeOf(a), shapeOf(b)];
  if (!shapeA || !shapeB) return first;
  const shape: Record<string, Schema> = { ...shapeA };
  for (const [key, field] of Object.entries(shapeB)) {
    shape[key] = Object.hasOwn(shape, key) ? mergeField(shape[key]!, field) : field;
  }
  return described(z.optional(z.strictObject(shape)), descriptionOf(a) ?? descriptionOf(b) ?? '');
}

let schema: z.ZodMiniObject | undefined;
let schemaGeneration = -1;

/**
 * What an application file may hold: the journal's fields, and every
 * registered template's fields (all optional here; each template checks its own when it
 * renders). Built on first use.
 */
export function applicationSchema(): z.ZodMiniObject {
  // Templates registered since it was built may bring fields of their own.
  if (schema && schemaGeneration === registryGeneration()) return schema;
  schemaGeneration = registryGeneration();
  const templateFields: Record<string, Schema> = {};
  for (const definition of allTemplates()) {
    for (const [key, field] of Object.entries(definition.fields as Record<string, Schema>)) {
      templateFields[key] = Object.hasOwn(templateFields, key) ? mergeField(templateFields[key]!, field) : field;
    }
  }
  const partialTemplateFields = Object.fromEntries(
    Object.entries(templateFields).map(([key, field]) => [key, z.optional(deepPartial(field))]),
  );
  const person = described(z.strictObject({ ...recipientFields, ...partialTemplateFields }), 'One person on a panel.');
  schema = z.strictObject({
    ...partialTemplateFields,
    ...commonFields,
    sender: described(z.optional(z.partial(sender)), 'You: usually set once in your profile file.'),
    recipient: described(z.optional(z.strictObject(recipientFields)), 'The person you write to, usually your recruiter.'),
    recipients: described(
      z.optional(z.array(person).check(z.maxLength(20))),
      'Everyone you write to, when a message goes to several people.',
    ),
    ...journalFields(),
  });
  return schema;
}

export type { Outcome } from '../templates/journal-fields.js';

export interface Person {
  name: string;
  email?: string | undefined;
  title?: string | undefined;
  addressAs?: string | undefined;
  topic?: string | undefined;
}

export interface Round {
  date: string;
  kind?: string | undefined;
  people?: Person[] | undefined;
  answerBy?: string | undefined;
}

/** The fields `due` reads, as they are once the application schema has checked them. */
export interface Application {
  company: string;
  role: string;
  holidays?: string | string[] | undefined;
  recipient?: Person | undefined;
  rounds?: Round[] | undefined;
  outcome?: Outcome | undefined;
  outcomeDate?: string | undefined;
  offer?: { receivedOn?: string | undefined; startDate?: string | undefined } | undefined;
  replyBy?: string | undefined;
  decision?: { date?: string | undefined } | undefined;
  negotiation?: { sentOn?: string | undefined; answer?: string | undefined; answeredOn?: string | undefined } | undefined;
  notice?: { date?: string | undefined; length?: string | undefined } | undefined;
  lastDay?: string | undefined;
  current?: boolean | undefined;
}

/** The JSON Schema (draft-07, input form) of an application file, for editors. */
export function applicationJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(applicationSchema(), { target: 'draft-07', io: 'input' }),
    title: 'afterview application file',
    description: 'One application: the journal of the process, and the context of every message to this employer.',
  };
}
