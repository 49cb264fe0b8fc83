import { z } from 'zod';
import { journalFields, type Outcome } from '../templates/journal-fields.js';
import { commonFields, recipientFields, sender } from '../templates/fields.js';
import { deepPartial, unwrap } from '../context/schema-walk.js';
import { allTemplates, registryGeneration } from '../templates/registry.js';

/**
 * The application file: one YAML file per application, the journal of the
 * process (rounds, people, questions, the offer, the outcome) and the context
 * of every message to that employer. Each template reads the fields it knows;
 * `afterview due` reads the journal's.
 */

/** Two templates' schemas for one field, as one: mappings merge key by key; otherwise the first wins. */
function mergeField(first: z.ZodType, second: z.ZodType): z.ZodType {
  const [a, b] = [unwrap(first), unwrap(second)];
  if (!(a instanceof z.ZodObject && b instanceof z.ZodObject)) return first;
  const shape: Record<string, z.ZodType> = { ...(a.shape as Record<string, z.ZodType>) };
  for (const [key, field] of Object.entries(b.shape as Record<string, z.ZodType>)) {
    shape[key] = Object.hasOwn(shape, key) ? mergeField(shape[key]!, field) : field;
  }
  return z
    .strictObject(shape)
    .optional()
    .describe(a.description ?? b.description ?? '');
}

let schema: z.ZodObject | undefined;
let schemaGeneration = -1;

/**
 * What an application file may hold: the journal's fields, and every
 * registered template's fields (all optional here; each template checks its own when it
 * renders). Built on first use.
 */
export function applicationSchema(): z.ZodObject {
  // Templates registered since it was built may bring fields of their own.
  if (schema && schemaGeneration === registryGeneration()) return schema;
  schemaGeneration = registryGeneration();
  const templateFields: Record<string, z.ZodType> = {};
  for (const definition of allTemplates()) {
    for (const [key, field] of Object.entries(definition.fields as Record<string, z.ZodType>)) {
      templateFields[key] = Object.hasOwn(templateFields, key) ? mergeField(templateFields[key]!, field) : field;
    }
  }
  const partialTemplateFields = Object.fromEntries(
    Object.entries(templateFields).map(([key, field]) => [key, deepPartial(field).optional()]),
  );
  const person = z.strictObject({ ...recipientFields, ...partialTemplateFields }).describe('One person on a panel.');
  schema = z.strictObject({
    ...partialTemplateFields,
    ...commonFields,
    sender: sender.partial().optional().describe('You: usually set once in your profile file.'),
    recipient: z.strictObject(recipientFields).optional().describe('The person you write to, usually your recruiter.'),
    recipients: z.array(person).max(20).optional().describe('Everyone you write to, when a message goes to several people.'),
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
