import { schemaAt } from '../context/schema-walk.js';
import { contextSchemas } from '../context/context-schemas.js';
import { AfterviewError } from '../errors.js';
import type { RenderedMessage } from '../render/render.js';
import type { TemplateDefinition } from '../templates/definition.js';
import type { ReplyThread } from './reply.js';

type Data = Record<string, unknown>;

function isObject(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Dates a recruiter's email can stand for, where the template has them and the context does not say. */
const DATES_FROM_EMAIL: ReadonlyArray<readonly [string, string]> = [
  ['offer', 'receivedOn'],
  ['decision', 'date'],
];

/**
 * The context of a reply: the reply goes to whoever wrote the email (its
 * Reply-To, else its From), and the day it was sent stands for the day the
 * offer arrived or the decision was told, unless the context gives one.
 * Apply it after the context files and before `--set`.
 */
export function replyContext(definition: TemplateDefinition, context: Data, thread: ReplyThread, today: string): Data {
  if (context.recipients !== undefined) {
    throw new AfterviewError('USAGE', 'A reply goes to one person, and this context has `recipients` (a panel).', {
      advice: { kind: 'reply-to-one' },
    });
  }
  const result: Data = { ...context };
  const current = isObject(context.recipient) ? context.recipient : undefined;
  const same = typeof current?.email === 'string' && current.email.toLowerCase() === thread.from.email.toLowerCase();
  // The person in the file, when the email is theirs, keeps how they are greeted; otherwise the email's author.
  result.recipient = same ? current : { name: thread.from.name, email: thread.from.email };
  if (thread.date !== undefined && thread.date <= today) {
    const { single } = contextSchemas(definition);
    for (const [parent, field] of DATES_FROM_EMAIL) {
      if (!schemaAt(single, [parent, field])) continue;
      const holder = isObject(result[parent]) ? (result[parent] as Data) : {};
      if (holder[field] === undefined) result[parent] = { ...holder, [field]: thread.date };
    }
  }
  return result;
}

/**
 * The message as a reply in the thread: In-Reply-To and References, and
 * "Re: " with the email's subject unless the context set its own subject.
 */
export function asReply(message: RenderedMessage, thread: ReplyThread, options: { keepSubject?: boolean } = {}): RenderedMessage {
  const subject = options.keepSubject || thread.subject === undefined ? message.subject : `Re: ${thread.subject}`;
  return { ...message, subject, inReplyTo: thread.messageId, references: thread.references };
}
