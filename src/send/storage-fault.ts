import { AfterviewError } from '../errors.js';

const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file would be larger than this process may write (a file-size limit)',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, where a file belongs',
  ENOTDIR: 'a part of the path is a file, where a folder belongs',
  EEXIST: 'a file is in the way, where a folder belongs',
  EIO: 'the disk reported an input/output error',
  EMFILE: 'too many files are open',
};

/** Marks an error as a fault of the state folder's storage, already worded for people. */
export class StorageFault extends AfterviewError {
  constructor(message: string, cause: unknown) {
    super('SEND_FAILED', message, { cause });
  }
}

/** Why a file operation failed, in words: "the disk is full (ENOSPC)". */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return `${CAUSES[code] ?? 'it failed'} (${code})`;
}

/** Wraps a file-system error: "Could not write the sent log /x/sent.log: the disk is full (ENOSPC)." */
export function storageFault(action: string, path: string, error: unknown): AfterviewError {
  if (error instanceof AfterviewError) return error;
  return new StorageFault(`Could not ${action} ${path}: ${describeFsError(error)}.`, error);
}

/** Runs a file operation, turning any file-system error into a `StorageFault` that names what and where. */
export async function onDisk<T>(action: string, path: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw storageFault(action, path, error);
  }
}
