import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { AfterviewError } from '../errors.js';
import { formatAddress } from '../render/address.js';
import { refuseHeaderLineBreak } from '../render/eml.js';
import type { RenderedMessage } from '../render/message.js';
import { type MailAddress, parseRecipient, type Recipient, recipientList } from './address.js';

/** The most a message's attachments may weigh together: encoded for mail they grow by a third, and most servers stop at 25 MB. */
export const MAX_ATTACHMENT_BYTES = 18 * 1024 * 1024;

export interface Attachment {
  filename: string;
  content: Buffer;
}

/** Who a message goes to, beyond what its context says. */
export interface Addressing {
  /** Override each message's recipient. */
  to?: Recipient | readonly Recipient[] | undefined;
  cc?: Recipient | readonly Recipient[] | undefined;
  /** Blind copies: in the envelope only, never in a header. */
  bcc?: Recipient | readonly Recipient[] | undefined;
  /** Files to attach to every message. */
  attachments?: readonly string[] | undefined;
  /**
   * Refuse attachments weighing more than this together, before anything is sent.
   * @default 18 MiB
   */
  maxAttachmentBytes?: number | undefined;
}

/** One message checked and ready: its addresses parsed, its identity computed. */
export interface Prepared {
  message: RenderedMessage;
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  /** Every envelope recipient, once each. */
  envelope: string[];
  /** The message's identity for "never twice": no part of it depends on the day it was rendered. */
  key: string;
  /** The rendered text and HTML, which may mention the day. */
  contentHash: string;
  attachments: readonly Attachment[];
}

async function readAttachments(paths: readonly string[], limit: number): Promise<Attachment[]> {
  const attachments: Attachment[] = [];
  let total = 0;
  for (const path of paths) {
    const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' ? 'does not exist; check its path' : `cannot be read (${error.code ?? error.message})`;
      throw new AfterviewError('INVALID_INPUT', `The attachment ${path} ${why}.`);
    });
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new AfterviewError('INVALID_INPUT', `The attachment ${path} is not a file.`);
      total += info.size;
      if (total > limit) {
        throw new AfterviewError(
          'INVALID_INPUT',
          `The attachments weigh ${megabytes(total)} MB together${paths.length > 1 ? ` (with ${path})` : ''}; the limit is ${megabytes(limit)} MB, as most mail servers refuse larger messages. Share a link to the file instead.`,
        );
      }
      attachments.push({ filename: basename(path), content: await handle.readFile() });
    } finally {
      await handle.close();
    }
  }
  return attachments;
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const sha256 = (...parts: Array<string | Buffer>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(typeof part === 'string' ? part : createHash('sha256').update(part).digest());
  return hash.digest('hex');
};

function prepareOne(message: RenderedMessage, options: Addressing, attachments: readonly Attachment[], where: string): Prepared {
  refuseHeaderLineBreak(`The subject${where}`, message.subject);
  const from = parseRecipient(message.from, `The sender${where}`);
  const to = recipientList(options.to, 'The `to` address');
  if (to.length === 0) {
    if (message.to.email === undefined) {
      throw new AfterviewError('INVALID_CONTEXT', `There is no address to send to${where}.`, {
        advice: { kind: 'recipient-address' },
      });
    }
    to.push(parseRecipient(message.to, `The recipient${where}`));
  }
  const cc = recipientList(options.cc, 'The `cc` address');
  const bcc = recipientList(options.bcc, 'The `bcc` address');
  const envelope = [...new Set([...to, ...cc, ...bcc].map((a) => a.email))];
  const recipients = envelope.map((r) => r.toLowerCase()).sort();
  const key = sha256(
    JSON.stringify([message.template, from.email.toLowerCase(), recipients, message.subject]),
    ...attachments.map((a) => a.content),
  );
  return { message, from, to, cc, bcc, envelope, key, contentHash: sha256(message.text, '\0', message.html), attachments };
}

/** Checks every message (addresses, header safety, attachments) and computes its identity, reading each attachment once. */
export async function prepareBatch(messages: readonly RenderedMessage[], options: Addressing): Promise<Prepared[]> {
  const attachments = await readAttachments(options.attachments ?? [], options.maxAttachmentBytes ?? MAX_ATTACHMENT_BYTES);
  return messages.map((message, i) =>
    prepareOne(message, options, attachments, messages.length > 1 ? ` (message ${i + 1}, to ${formatAddress(message.to)})` : ''),
  );
}
