import {
  type ClipboardContent,
  copyToClipboard,
  describeShortMessage,
  formatAddress,
  htmlFragment,
  MAILTO_MAX_LENGTH,
  measureShortMessage,
  type RenderedMessage,
  toMailto,
} from '../index.js';
import type { CliIO, Printer } from './io.js';
import type { ContextArgs } from './messages.js';
import { type Format, formatAll, formatJson, formatMessage, writeOutput } from './output.js';

export interface RenderArgs extends ContextArgs {
  format: Format;
  out?: string | undefined;
  /** Replace an existing --out file. */
  force: boolean;
  /** Absent: no copy; '' (a bare --copy): the body; 'subject': the subject line. */
  copy?: string | undefined;
  person?: string | undefined;
  open: boolean;
  /** The longer short message (300 characters) instead of the free LinkedIn note's 200. */
  long: boolean;
}

/** Where each mail client turns an .eml file into a message to send. */
const EML_HINT =
  'To send it: open the file in Outlook (it opens as a draft), in Thunderbird with Message > Edit as New Message, or in Apple Mail with Message > Send Again.';

/**
 * `--copy FILE` reads as a context file given after a bare --copy: yargs took it as the
 * option's value. Put it back among the contexts, in the order they were written.
 */
export function contextsWithCopyValue(args: RenderArgs, raw: readonly string[]): RenderArgs {
  if (args.copy === undefined || args.copy === '' || args.copy === 'subject') return args;
  const stray = args.copy;
  const contexts = [...args.context, stray].sort((a, b) => raw.indexOf(a) - raw.indexOf(b));
  return { ...args, copy: '', context: contexts };
}

export async function renderCommand(args: RenderArgs, io: CliIO, print: Printer): Promise<number> {
  const { renderMessages } = await import('./messages.js');
  const { messages, gathered } = await renderMessages(args, io, print);
  if (args.format === 'message') {
    for (const message of messages) print.info(describeShortMessage(measureShortMessage(message.message)));
  }
  if (args.out !== undefined) {
    const written = await writeOutput(messages, args.format, args.out, gathered.files, args.force);
    for (const file of written) print.info(`Wrote ${file.path}${written.length > 1 ? ` (to ${formatAddress(file.to)})` : ''}.`);
    if (args.format === 'eml') print.info(EML_HINT);
  } else if (args.copy === undefined && !args.open) {
    print.out(await formatAll(messages, args.format));
  }
  if (args.copy === undefined && !args.open) return 0;

  // One person's note at a time: a clipboard or a new message holds one.
  const message = messages[0]!;
  if (messages.length > 1) {
    const others = messages
      .slice(1)
      .map((other, i) => `--person ${i + 2} (${formatAddress(other.to)})`)
      .join(', ');
    print.info(
      `This panel has ${messages.length} notes; this is the one to ${formatAddress(message.to)} (1 of ${messages.length}). For the others, run it again with ${others}.`,
    );
  }
  let copied = false;
  if (args.copy !== undefined) {
    await copy(await clipboardContent(message, args), io, print);
    if (args.copy === '' && (args.format === 'text' || args.format === 'html')) print.info(subjectNote(message));
    copied = true;
  }
  if (args.open) await openDraft(message, io, print, copied);
  return 0;
}

async function clipboardContent(message: RenderedMessage, args: RenderArgs): Promise<ClipboardContent> {
  if (args.copy === 'subject') return { text: message.subject };
  switch (args.format) {
    case 'text':
      return { text: message.text };
    case 'html': {
      return { text: message.text, html: htmlFragment(message.html) };
    }
    case 'message':
      return { text: message.message };
    case 'json':
      return { text: await formatJson([message]) };
    case 'eml':
      return { text: await formatMessage(message, 'eml') };
  }
}

async function copy(content: ClipboardContent, io: CliIO, print: Printer): Promise<void> {
  const result = await copyToClipboard(content, {
    env: io.env,
    terminal: io.stderr.isTTY ? { isTTY: true, write: (chunk) => void io.stderr.write(chunk) } : undefined,
  });
  print.info(result.summary);
}

/** After copying a body, the subject the composer still needs. */
function subjectNote(message: RenderedMessage): string {
  return `Subject (not copied): ${message.subject}\nCopy it on its own with --copy subject.`;
}

async function openDraft(message: RenderedMessage, io: CliIO, print: Printer, copied: boolean): Promise<void> {
  const { default: open } = await import('open');
  const mailto = toMailto(message);
  if (!mailto.includesBody) {
    print.info(
      `The body makes a mailto: link of ${mailto.lengthWithBody} characters, more than the ${MAILTO_MAX_LENGTH} mail programs reliably accept, so the new message opens with the address and subject only.`,
    );
  }
  let opened = true;
  try {
    await open(mailto.url);
    print.info(`Opened a new message to ${formatAddress(message.to)} in your mail program.`);
  } catch (error) {
    opened = false;
    print.warn(`Could not open your mail program (${(error as Error).message}). Open this link yourself: ${mailto.url}`);
  }
  if ((!mailto.includesBody || !opened) && !copied) {
    print.info('Copying the body instead; paste it into the new message.');
    await copy({ text: message.text }, io, print);
  }
}
