// fs.promises is read where it is used: loading node:fs/promises costs a start-up that writes nothing ~1 ms.
import { promises as fs } from 'node:fs';
import { AfterviewError, type Format, type RenderedMessage, type WrittenFile, writeMessages } from '../index.js';

export type { Format } from '../index.js';

// The library's formatting, under the names the commands use. Imported by name, not as the whole
// library (as an import() of it would be): the everyday render's bundle (src/cli/render-main.ts)
// then holds only the modules of the library that a render reaches.
export { formatJson, formatMessage, formatMessages as formatAll } from '../index.js';

/** Writes the output to `--out`: one file, or one per person for a panel of HTML or .eml documents. */
export async function writeOutput(
  messages: readonly RenderedMessage[],
  format: Format,
  out: string,
  inputs: readonly string[],
  force = false,
): Promise<WrittenFile[]> {
  return writeMessages(messages, format, out, {
    protect: inputs,
    nameOf: (path) => `--out ${path}`,
    overwrite: force,
    overwriteName: '--force',
  });
}

/** Creates a new file (never overwrites one: `afterview init`), readable by its owner only. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
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
