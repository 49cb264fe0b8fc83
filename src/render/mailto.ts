import type { Address } from './address.js';

/**
 * The longest mailto: link handed to a mail client. Windows passes at most
 * about 2,000 characters of a URL to the default mail program, and several
 * clients cut longer links silently, so a longer body is left out rather than
 * arriving half-written.
 */
export const MAILTO_MAX_LENGTH = 2000;

export interface MailtoOptions {
  /**
   * The longest link to return with the body in it.
   * @default 2000
   */
  maxLength?: number;
}

export interface Mailto {
  /** The `mailto:` link (RFC 6068), every part percent-encoded. */
  url: string;
  /** False when the body was left out because the link would have been longer than `maxLength`. */
  includesBody: boolean;
  /** The length the link would have with the body in it. */
  lengthWithBody: number;
}

/** RFC 6068 percent-encoding of UTF-8, line breaks as CRLF (%0D%0A). */
function encode(value: string): string {
  return encodeURIComponent(value.replace(/\r?\n/g, '\r\n')).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A `mailto:` link that opens a new message in the user's mail client,
 * addressed, with the subject and the plain-text body.
 *
 * @example
 * const { url, includesBody } = toMailto(message);
 */
export function toMailto(message: { to: Address; subject: string; text: string }, options: MailtoOptions = {}): Mailto {
  const maxLength = options.maxLength ?? MAILTO_MAX_LENGTH;
  // The address is the path of the link; `@` may stay as it is there, everything else is encoded.
  const to = message.to.email === undefined ? '' : encode(message.to.email).replace(/%40/g, '@');
  const head = `mailto:${to}?subject=${encode(message.subject)}`;
  const withBody = `${head}&body=${encode(message.text)}`;
  return withBody.length <= maxLength
    ? { url: withBody, includesBody: true, lengthWithBody: withBody.length }
    : { url: head, includesBody: false, lengthWithBody: withBody.length };
}
