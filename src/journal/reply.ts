import { closeSync, openSync, readSync, statSync } from 'node:fs';
import * as z from 'zod/mini';
import { localToday } from '../format/dates.js';
import { MAX_CONTEXT_BYTES } from '../context/load.js';
import { AfterviewError } from '../errors.js';
import type { Address } from '../render/address.js';

/**
 * Answering a recruiter's email in its thread: the .eml they sent gives the
 * In-Reply-To and References headers, a "Re:" subject, who to answer (its
 * Reply-To, else its From) and the day it was sent. Only its header is read,
 * and every value that will reach a header of the reply is checked first.
 */
export interface ReplyThread {
  /** The Message-ID being answered, with angle brackets. */
  messageId: string;
  /** The thread so far, oldest first, ending with `messageId`: the reply's References. */
  references: string[];
  /** The subject answered, without any "Re:"; undefined when it had none. */
  subject?: string;
  /** Who wrote it: the reply goes to them. */
  from: Address & { email: string };
  /** The day it was sent (YYYY-MM-DD, local time), when it says. */
  date?: string;
}

/** The largest message mail services accept (25 MB at Gmail); an offer letter attached fits. */
export const MAX_EML_BYTES = 25 * 1024 * 1024;
/** Enough of a thread to keep it together; RFC 5322 lets a reply trim the middle. */
const MOST_REFERENCES = 20;
/** RFC 5322 msg-id, as mail clients write it: no spaces, no angle brackets or line breaks inside. */
const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,900}@[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$/;
const UNSAFE_TEXT = /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/;
const HEADER_LINE = /^(?:[\x21-\x39\x3b-\x7e]+[ \t]*:|[ \t])/;
// Built on first use, not at import (building zod schemas costs a cold start): only a reply reads it.
let email: z.ZodMiniEmail | undefined;

function refuse(label: string, problem: string): AfterviewError {
  return new AfterviewError('INVALID_INPUT', `${label} ${problem}`, { advice: { kind: 'reply-eml' } });
}

/** The header block: everything before the first empty line, which must come within the context size limit. */
function headerBlock(bytes: Buffer, label: string): string {
  const window = bytes.subarray(0, MAX_CONTEXT_BYTES);
  const crlf = window.indexOf('\r\n\r\n');
  const lf = window.indexOf('\n\n');
  const end = [crlf, lf].filter((index) => index >= 0).sort((a, b) => a - b)[0];
  if (end === undefined && bytes.length > MAX_CONTEXT_BYTES) {
    throw refuse(label, `has no end to its header within ${MAX_CONTEXT_BYTES / 1024} KiB; it is not an email message, or a hostile one.`);
  }
  const head = window.subarray(0, end ?? window.length);
  if (head.includes(0)) throw refuse(label, 'is binary (it contains NUL bytes), not an email message (.eml).');
  const text = head.toString('latin1');
  const lines = text.split(/\r?\n/);
  if (lines.length === 0 || !lines.every((line) => HEADER_LINE.test(line)) || /^[ \t]/.test(lines[0]!)) {
    throw refuse(label, 'is not an email message (.eml): its first lines are not mail headers such as "From: …".');
  }
  return `${text}\r\n\r\n`;
}

function checkedText(label: string, field: string, value: string): string {
  if (UNSAFE_TEXT.test(value)) {
    throw refuse(
      label,
      `has a ${field} with a line break or control character, which could inject a mail header; afterview will not copy it.`,
    );
  }
  if (value.length > 998) throw refuse(label, `has a ${field} longer than a mail header line may be (998 characters).`);
  return value;
}

function withoutReplyPrefixes(subject: string): string {
  return subject.replace(/^(?:\s*(?:re|aw|sv|antw|réf|ref)\s*(?:\[\d+\])?\s*:\s*)+/i, '').trim();
}

/** Parses the header of an email (.eml) to answer it. Throws an AfterviewError naming what is wrong. */
export async function parseReplyEml(bytes: Buffer, label = 'The email'): Promise<ReplyThread> {
  if (bytes.length > MAX_EML_BYTES)
    throw refuse(label, `is larger than ${MAX_EML_BYTES / 1024 / 1024} MiB, more than any mail service sends.`);
  const head = headerBlock(bytes, label);
  // Loaded here: only replies need it.
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(head, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const messageId = parsed.messageId?.trim();
  if (!messageId) throw refuse(label, 'has no Message-ID header, so a reply cannot be threaded with it.');
  if (!MESSAGE_ID.test(messageId)) {
    throw refuse(label, 'has a Message-ID that is not a valid message identifier (RFC 5322); afterview will not copy it into a header.');
  }
  const earlier = [parsed.references ?? []].flat().flatMap((reference) => reference.trim().split(/\s+/).filter(Boolean));
  for (const reference of earlier) {
    if (!MESSAGE_ID.test(reference)) throw refuse(label, 'has a References header holding something other than message identifiers.');
  }
  const thread = [...earlier.filter((reference) => reference !== messageId), messageId];
  const references = thread.length > MOST_REFERENCES ? [thread[0]!, ...thread.slice(-(MOST_REFERENCES - 1))] : thread;

  const author = parsed.replyTo?.value.find((entry) => entry.address) ?? parsed.from?.value.find((entry) => entry.address);
  const address = author?.address?.trim();
  if (!address || !(email ??= z.email()).safeParse(address).success) {
    throw refuse(label, 'has no Reply-To or From address to answer (or not a valid one).');
  }
  const name = checkedText(label, 'sender name', author?.name?.trim() || address.split('@')[0]!);
  const subject = parsed.subject === undefined ? undefined : withoutReplyPrefixes(checkedText(label, 'Subject', parsed.subject));
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? localToday(parsed.date) : undefined;
  return {
    messageId,
    references,
    ...(subject ? { subject } : {}),
    from: { name, email: checkedText(label, 'sender address', address) },
    ...(date ? { date } : {}),
  };
}

/** Reads an .eml file to answer it, within the same bounds as a context file for its header. */
export async function readReplyEml(path: string): Promise<ReplyThread> {
  const label = `The email ${path}`;
  let fd: number | undefined;
  try {
    const info = statSync(path);
    if (!info.isFile()) throw refuse(label, 'is not a file.');
    if (info.size > MAX_EML_BYTES)
      throw refuse(label, `is larger than ${MAX_EML_BYTES / 1024 / 1024} MiB, more than any mail service sends.`);
    fd = openSync(path, 'r');
    // The header is all a reply needs: read no further than the context size limit.
    const buffer = Buffer.alloc(Math.min(info.size, MAX_CONTEXT_BYTES + 1));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return await parseReplyEml(buffer.subarray(0, read), label);
  } catch (error) {
    if (error instanceof AfterviewError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new AfterviewError(
      'INVALID_INPUT',
      `${label} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`}.`,
      {
        cause: error,
      },
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
