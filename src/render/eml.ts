import { AfterviewError } from '../errors.js';
import type { Address } from './address.js';
import type { RenderedMessage } from './message.js';

export interface EmlOptions {
  /**
   * The Date header.
   * @default the current time; none for a draft (the mail client dates it when it sends)
   */
  date?: Date;
  /**
   * The Message-ID, with or without angle brackets.
   * @default a random id at the sender's domain; none for a draft (the mail client adds one when it sends)
   */
  messageId?: string;
  /** Overrides the message's recipient (the To header). */
  to?: string | Address | Array<string | Address>;
  /** Overrides the message's sender (the From header). */
  from?: Address;
  cc?: string | Address | Array<string | Address>;
  /** Files to attach; the content type comes from the file name. */
  attachments?: Array<{ filename: string; content: Buffer }>;
  /**
   * Make the message a draft: `X-Unsent: 1`, so that Outlook opens it ready to
   * edit and send, and no `Date` or `Message-ID` unless given, so that the
   * client dates and identifies it when it is sent rather than when it was rendered.
   * @default false
   */
  draft?: boolean;
}

const LINE_BREAK = /[\r\n]/;

type MailAddress = string | { name: string; address: string };

/**
 * A person with no email address is left out of the header: a name handed to
 * nodemailer as text is parsed as an address, so "Ana <x@evil.example>" would
 * become the recipient of the draft.
 */
function toMailAddresses(value: string | Address | Array<string | Address>): MailAddress[] {
  return [value].flat().flatMap((address): MailAddress[] => {
    if (typeof address === 'string') return [address];
    if (address.email === undefined) return [];
    // A bare address ("ana@acme.example" given to --cc) needs no display name repeating it.
    return [address.name === '' || address.name === address.email ? address.email : { name: address.name, address: address.email }];
  });
}

function headerTexts(value: EmlOptions['cc'] | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(headerTexts);
  if (typeof value === 'string') return [value];
  return [value.name, value.email ?? ''];
}

/**
 * A CR or LF in a header value could start a new header; refuse rather than
 * trust the encoder. `label` names the value for the user ("The subject", "--to").
 */
export function refuseHeaderLineBreak(label: string, value: EmlOptions['cc'] | undefined): void {
  if (headerTexts(value).some((text) => LINE_BREAK.test(text))) {
    throw new AfterviewError('INVALID_CONTEXT', `${label} contains a line break, which could inject a mail header; remove it.`);
  }
}

/** A Message-ID at the sender's domain, so that it looks like the sender's own mail. */
export function newMessageId(from: Address): string {
  const domain = from.email?.split('@')[1] ?? 'afterview.invalid';
  // Web Crypto's UUID: node:crypto would cost every command a millisecond or two to load.
  return `<${globalThis.crypto.randomUUID()}@${domain}>`;
}

/**
 * An RFC 5322 message (multipart/alternative: plain text and HTML) ready to
 * open in a mail client or hand to an SMTP server. Never has a Bcc header.
 */
export async function toEml(message: RenderedMessage, options: EmlOptions = {}): Promise<string> {
  const to = options.to ?? message.to;
  const from = options.from ?? message.from;
  refuseHeaderLineBreak('The subject', message.subject);
  refuseHeaderLineBreak('The sender', from);
  refuseHeaderLineBreak('The recipient', to);
  refuseHeaderLineBreak('The cc', options.cc);
  refuseHeaderLineBreak('The In-Reply-To header', [message.inReplyTo ?? '', ...(message.references ?? [])]);
  // Loaded here rather than at import: rendering text never needs nodemailer.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const messageId = options.messageId ?? newMessageId(from);
  const composer = new MailComposer({
    from: toMailAddresses(from)[0],
    to: toMailAddresses(to),
    ...(options.cc === undefined ? {} : { cc: toMailAddresses(options.cc) }),
    subject: message.subject,
    text: message.text,
    html: message.html,
    date: options.date ?? new Date(),
    messageId: messageId.startsWith('<') ? messageId : `<${messageId}>`,
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo, references: message.references ?? [message.inReplyTo] } : {}),
    ...(options.draft ? { headers: { 'X-Unsent': '1' } } : {}),
    ...(options.attachments?.length ? { attachments: options.attachments.map(({ filename, content }) => ({ filename, content })) } : {}),
  });
  const built = (await composer.compile().build()).toString('utf8');
  if (!options.draft) return built;
  const omit = [...(options.date ? [] : ['date']), ...(options.messageId ? [] : ['message-id'])];
  return withoutHeaders(built, omit);
}

/**
 * Removes top-level header fields (with their folded continuation lines) that
 * nodemailer always writes. Only the message's own header block is touched,
 * never a MIME part's.
 */
function withoutHeaders(eml: string, names: readonly string[]): string {
  const end = eml.indexOf('\r\n\r\n');
  if (end < 0 || names.length === 0) return eml;
  const kept: string[] = [];
  let dropping = false;
  for (const line of eml.slice(0, end).split('\r\n')) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = names.includes(line.slice(0, line.indexOf(':')).toLowerCase());
    if (!dropping) kept.push(line);
  }
  return `${kept.join('\r\n')}${eml.slice(end)}`;
}
