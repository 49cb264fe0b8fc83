import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Appends one line to a log and syncs it. One append of one line: O_APPEND
 * keeps concurrent writers' lines whole. A crash mid-write can leave a last
 * line without its newline; the new line starts afresh rather than glue onto it.
 */
export async function appendLineDurably(path: string, line: string): Promise<void> {
  const handle = await open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o600);
  try {
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    const separator = size > 0 && last[0] !== 0x0a ? '\n' : '';
    await handle.appendFile(`${separator}${line}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
