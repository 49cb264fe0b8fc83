import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { AfterviewError } from '../errors.js';
import { writeFileAtomic as writeAtomic } from '../shared/atomic-write.js';
import { formatAddress, type Address } from './address.js';
import { toEml } from './eml.js';
import type { RenderedMessage } from './message.js';

/** The ways a message can be written out: plain text with its subject, the HTML document, the short message, JSON, or an .eml file. */
export const formats = ['text', 'html', 'message', 'json', 'eml'] as const;
export type Format = (typeof formats)[number];

/** Formats whose output is one document per message, which cannot be concatenated. */
const ONE_DOCUMENT_PER_MESSAGE: ReadonlySet<Format> = new Set(['html', 'eml']);

/** One message in a format (an .eml is a draft: mail clients open it ready to edit and send). */
export async function formatMessage(message: RenderedMessage, format: Exclude<Format, 'json'>): Promise<string> {
  switch (format) {
    case 'text':
      return `${message.subject}\n\n${message.text}\n`;
    case 'html':
      return message.html.endsWith('\n') ? message.html : `${message.html}\n`;
    case 'message':
      return `${message.message}\n`;
    case 'eml':
      return toEml(message, { draft: true });
  }
}

/** The JSON format: always an array, one object per message. */
export function formatJson(messages: readonly RenderedMessage[]): string {
  const objects = messages.map(({ template, to, subject, text, html, message }) => ({ template, to, subject, text, html, message }));
  return `${JSON.stringify(objects, null, 2)}\n`;
}

/**
 * Messages as one document in a format: a panel's texts get a divider naming
 * each recipient; JSON is always an array. HTML and .eml make one document per
 * message, so several of them are refused: write them with `writeMessages`.
 */
export async function formatMessages(messages: readonly RenderedMessage[], format: Format): Promise<string> {
  if (format === 'json') return formatJson(messages);
  if (messages.length > 1 && ONE_DOCUMENT_PER_MESSAGE.has(format)) {
    throw new AfterviewError(
      'USAGE',
      `This panel renders ${messages.length} messages, and the ${format} format makes one document per message.`,
      { advice: { kind: 'one-document-each', format } },
    );
  }
  const parts = await Promise.all(messages.map((message) => formatMessage(message, format)));
  if (parts.length === 1) return parts[0]!;
  return parts.map((part, i) => `----- ${i + 1} of ${parts.length}: to ${formatAddress(messages[i]!.to)} -----\n\n${part}`).join('\n');
}

function slug(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return (
    ascii
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'recipient'
  );
}

/** `notes.html` → `notes-ana-ruiz.html`: one file per person for a panel. */
function perRecipientPath(path: string, to: Address, index: number, taken: Set<string>): string {
  const extension = extname(path);
  const stem = join(dirname(path), basename(path, extension));
  let candidate = `${stem}-${slug(to.name)}${extension}`;
  if (taken.has(candidate)) candidate = `${stem}-${slug(to.name)}-${index + 1}${extension}`;
  taken.add(candidate);
  return candidate;
}

/** Writes through a temporary file and a rename, so that an interrupted write never leaves half a file. */
async function writeFileAtomic(path: string, content: string): Promise<void> {
  try {
    await writeAtomic(path, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AfterviewError(
      'INVALID_INPUT',
      `Could not write ${path}${code === 'ENOENT' ? ': its folder does not exist' : code === 'EACCES' ? ': permission denied' : ''}.`,
      { cause: error },
    );
  }
}

export interface WrittenFile {
  path: string;
  /** Whom the file's message is to. */
  to: Address;
}

export interface WriteMessagesOptions {
  /** Files never to write over, such as the context files the messages came from. */
  protect?: readonly string[];
  /**
   * How messages name the output file.
   * @default `The output file ${path}`
   */
  nameOf?: (path: string) => string;
  /**
   * Whether a file that exists is replaced; when not, writing refuses before it writes anything.
   * @default true
   */
  overwrite?: boolean;
  /**
   * How messages name the way to allow replacing a file.
   * @default 'overwrite: true'
   */
  overwriteName?: string;
}

/**
 * Writes messages in a format to `out`, atomically: one file, or for a panel
 * of HTML or .eml documents one per person (`notes.html` → `notes-ana-ruiz.html`).
 */
export async function writeMessages(
  messages: readonly RenderedMessage[],
  format: Format,
  out: string,
  options: WriteMessagesOptions = {},
): Promise<WrittenFile[]> {
  const protectedPaths = new Set((options.protect ?? []).map((path) => resolve(path)));
  const nameOf = options.nameOf ?? ((path: string) => `The output file ${path}`);
  const refuseInput = (path: string) => {
    if (protectedPaths.has(resolve(path))) {
      throw new AfterviewError(
        'USAGE',
        `${nameOf(path)} is one of the context files; writing there would destroy it. Choose another file.`,
      );
    }
    if (options.overwrite === false && existsSync(path)) {
      throw new AfterviewError(
        'USAGE',
        `${path} already exists. Choose another file, or replace it with ${options.overwriteName ?? 'overwrite: true'}.`,
      );
    }
  };
  if (messages.length > 1 && ONE_DOCUMENT_PER_MESSAGE.has(format)) {
    const taken = new Set<string>();
    const plans = messages.map((message, i) => ({ message, path: perRecipientPath(out, message.to, i, taken) }));
    for (const { path } of plans) refuseInput(path);
    for (const { message, path } of plans) await writeFileAtomic(path, await formatMessage(message, format as 'html' | 'eml'));
    return plans.map(({ message, path }) => ({ path, to: message.to }));
  }
  refuseInput(out);
  await writeFileAtomic(out, await formatMessages(messages, format));
  return [{ path: out, to: messages[0]!.to }];
}
