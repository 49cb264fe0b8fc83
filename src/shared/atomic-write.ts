// fs.promises is read where it is used: loading node:fs/promises costs a start-up that writes nothing ~1 ms.
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /**
   * File mode of a new file.
   * @default 0o600 (only the owner: messages and state hold personal details)
   */
  mode?: number;
  /**
   * Flush the content to disk before the rename, so that a crash right after
   * cannot leave an empty file where the old one was (state that must survive).
   * @default false
   */
  durable?: boolean;
}

let written = 0;

/**
 * Writes through a temporary file beside `path` and a rename, so that a reader
 * (or an interrupted write) never sees half a file. Errors are the file
 * system's own; the caller words them.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  // Unique per process and per call, so that concurrent writes of one file never share a temporary file.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${++written}.tmp`);
  try {
    const handle = await fs.open(temporary, 'w', options.mode ?? 0o600);
    try {
      await handle.writeFile(content);
      if (options.durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}
