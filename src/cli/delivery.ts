import { resolve } from 'node:path';
import { AfterviewError, parseRecipient, type Recipient } from '../index.js';
import type { CliIO, Printer } from './io.js';
import { type ContextArgs, renderMessages } from './messages.js';

/** The options `send` and `draft` share: whom to address, what to attach. */
export interface DeliveryArgs extends ContextArgs {
  to: string[];
  cc: string[];
  bcc?: string[];
  attach: string[];
  person?: string | undefined;
}

/** --to, --cc and --bcc, checked here so that an error names the option. */
function addresses(values: readonly string[] | undefined, option: string): Recipient[] {
  return (values ?? []).map((value) => parseRecipient(value, option));
}

/**
 * For `send` and `draft`: the messages rendered exactly as `render` renders
 * them, with the recipients and attachments of the command line, and the
 * application files they belong to (for `afterview due`).
 */
export async function messagesToDeliver(args: DeliveryArgs, io: CliIO, print: Printer, noun: 'messages' | 'drafts') {
  const { messages, gathered } = await renderMessages(args, io, print);
  if (messages.length > 1 && args.to.length) {
    throw new AfterviewError(
      'USAGE',
      `--to would address all ${messages.length} ${noun} of this panel to the same person; leave it out so that each person gets their own.`,
    );
  }
  const addressing = {
    ...(args.to.length ? { to: addresses(args.to, '--to') } : {}),
    cc: addresses(args.cc, '--cc'),
    bcc: addresses(args.bcc, '--bcc'),
    attachments: args.attach,
    // Which application each message belongs to, for `afterview due`.
    applications: gathered.files.map((file) => resolve(file)),
  };
  const sender: string | undefined = messages[0]?.from.email;
  return { messages, gathered, addressing, sender };
}
