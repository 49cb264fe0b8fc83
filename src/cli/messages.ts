import {
  AfterviewError,
  asReply,
  localToday,
  pickPerson,
  type RenderedMessage,
  type ReplyThread,
  readReplyEml,
  renderContext,
} from '../index.js';
import { gatherContext } from './context-input.js';
import type { CliIO, Printer } from './io.js';
import { commandTemplates } from './templates-option.js';

/** The options of every command that reads a context. */
export interface ContextArgs {
  template: string;
  context: string[];
  set: string[];
  today?: string | undefined;
  profile?: string | undefined;
  /** An email (.eml) to answer in its thread. */
  replyTo?: string | undefined;
  templates?: string | undefined;
}

/** --today, else the date on the injected clock. */
export function today(args: { today?: string | undefined }, io: CliIO): string {
  return args.today ?? localToday(io.now());
}

/** The merged context and the options to render it with: what `validate`, `render` and `send` share. */
export async function loadMessages(args: ContextArgs, io: CliIO) {
  // Nothing at all to read: one clear sentence rather than every required field listed as missing.
  if (args.context.length === 0 && args.set.length === 0 && args.replyTo === undefined) {
    throw new AfterviewError(
      'USAGE',
      `No context given for the ${args.template} template. Name a context file (\`afterview init ${args.template} --out FILE\` makes one), "-" to read it from standard input, or fields with --set path=value.`,
    );
  }
  const date = today(args, io);
  const { templates } = await commandTemplates(args, io.env);
  // mailparser is loaded only for --reply-to.
  const reply = args.replyTo === undefined ? undefined : await readReplyEml(args.replyTo);
  const gathered = await gatherContext(
    { template: args.template, contexts: args.context, set: args.set, profile: args.profile, today: date, reply, templates },
    io.env,
    // Only when a context is "-": setting up standard input costs a millisecond or two.
    args.context.includes('-') ? io.stdin : undefined,
  );
  return { gathered, reply, options: { today: date, locate: gathered.locate, templates } };
}

/** With --reply-to, the messages as replies in the email's thread; as they are otherwise. */
async function threaded(
  messages: RenderedMessage[],
  loaded: { gathered: { context: Record<string, unknown> }; reply: ReplyThread | undefined },
): Promise<RenderedMessage[]> {
  const { reply } = loaded;
  if (!reply) return messages;
  return messages.map((message) => asReply(message, reply, { keepSubject: loaded.gathered.context.subject !== undefined }));
}

/**
 * The messages of a context, as `render`, `send` and `draft` make them: replies
 * with --reply-to, one person's with --person, the longer short message with
 * --long. Their warnings are printed.
 */
export async function renderMessages(
  args: ContextArgs & { person?: string | undefined; long?: boolean },
  io: CliIO,
  print: Printer,
): Promise<{ messages: RenderedMessage[]; gathered: Awaited<ReturnType<typeof loadMessages>>['gathered'] }> {
  const loaded = await loadMessages(args, io);
  const options = { ...loaded.options, ...(args.long ? { messageLimit: 300 as const } : {}) };
  const all = await threaded(await renderContext(args.template, loaded.gathered.context, options), loaded);
  const messages = args.person === undefined ? all : [pickPerson(all, args.person).message];
  printWarnings(
    messages.flatMap((message) => message.warnings),
    print,
  );
  return { messages, gathered: loaded.gathered };
}

export function printWarnings(warnings: readonly string[], print: Printer): void {
  for (const warning of new Set(warnings)) print.warn(warning);
}
