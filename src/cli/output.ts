// fs.promises is read where it is used: loading node:fs/promises costs a start-up that writes nothing ~1 ms.
import { promises as fs } from 'node:fs';
import type { Format, RenderedMessage, WrittenFile } from '../index.js';

export type { Format } from '../index.js';

/**
 * The library's formats, for --format's choices. Written out because the
 * parser is built before the library is loaded (`--help` and `list` never load
 * it); test/cli.test.ts checks this list against the library's own.
 */
export const formats = ['text', 'html', 'message', 'json', 'eml'] as const satisfies readonly Format[];

// The library's formatting, loaded with the commands that render.
export async function formatAll(messages: readonly RenderedMessage[], format: Format): Promise<string> {
  return (await import('../index.js')).formatMessages(messages, format);
}

export async function formatMessage(message: RenderedMessage, format: Exclude<Format, 'json'>): Promise<string> {
  return (await import('../index.js')).formatMessage(message, format);
}

export async function formatJson(messages: readonly RenderedMessage[]): Promise<string> {
  return (await import('../index.js')).formatJson(messages);
}

/** Writes the output to `--out`: one file, or one per person for a panel of HTML or .eml documents. */
export async function writeOutput(
  messages: readonly RenderedMessage[],
  format: Format,
  out: string,
  inputs: readonly string[],
  force = false,
): Promise<WrittenFile[]> {
  return (await import('../index.js')).writeMessages(messages, format, out, {
    protect: inputs,
    nameOf: (path) => `--out ${path}`,
    overwrite: force,
    overwriteName: '--force',
  });
}

/** Creates a new file (never overwrites one: `afterview init`), readable by its owner only. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const { AfterviewError } = await import('../index.js');
  try {
    // "wx": created only if absent, so that a file that appears meanwhile is never overwritten either.
    await fs.writeFile(path, content, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AfterviewError(
      'INVALID_INPUT',
      `Could not write ${path}${code === 'ENOENT' ? ': its folder does not exist' : code === 'EACCES' ? ': permission denied' : code === 'EEXIST' ? ': it already exists' : ''}.`,
      { cause: error },
    );
  }
}
