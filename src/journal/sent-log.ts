import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AfterviewError } from '../errors.js';

/**
 * What `due` needs from the sent log (`<state>/sent.log`, written by `send`):
 * which template went to whom, from which application file, and when. Read
 * only; lines it cannot read (cut short by a crash) are skipped, as `send` does.
 */
export interface SentMessage {
  template: string;
  /** When the server accepted it (ISO time). */
  time: string;
  /** The recipient's address, lower case, when the log line names one. */
  email?: string;
  /** The application (context) files it was rendered from, as absolute paths, in lines that record them. */
  applications?: string[];
}

/** The log may grow for years; a bound keeps a corrupt or foreign file from exhausting memory. */
const MAX_SENT_LOG_BYTES = 64 * 1024 * 1024;

function addressOf(to: unknown): string | undefined {
  if (typeof to !== 'string') return undefined;
  const match = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(to) ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(to);
  return match?.[1]?.toLowerCase();
}

export function parseSentLog(text: string): SentMessage[] {
  const messages: SentMessage[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (record === null || typeof record !== 'object' || typeof record.template !== 'string' || typeof record.time !== 'string') continue;
    const email = addressOf(record.to);
    const applications = Array.isArray(record.applications)
      ? record.applications.filter((item): item is string => typeof item === 'string')
      : undefined;
    messages.push({
      template: record.template,
      time: record.time,
      ...(email ? { email } : {}),
      ...(applications?.length ? { applications } : {}),
    });
  }
  return messages;
}

/** The messages in the sent log of this state folder; none when there is no log yet. */
export function readSentLog(stateDir: string): SentMessage[] {
  return readLog(join(stateDir, 'sent.log'), 'sent log');
}

/** The drafts `draft` saved in the mailbox (`<state>/drafts.log`, lines of the same shape); none when there is no log yet. */
export function readDraftLog(stateDir: string): SentMessage[] {
  return readLog(join(stateDir, 'drafts.log'), 'drafts log');
}

function readLog(path: string, what: string): SentMessage[] {
  let fd: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) throw new AfterviewError('INVALID_INPUT', `The ${what} ${path} is not a file; move it away.`);
    if (info.size > MAX_SENT_LOG_BYTES) {
      throw new AfterviewError(
        'INVALID_INPUT',
        `The ${what} ${path} is over ${MAX_SENT_LOG_BYTES / 1024 / 1024} MiB; is it the right file?`,
      );
    }
    fd = openSync(path, 'r');
  } catch (error) {
    if (error instanceof AfterviewError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AfterviewError('INVALID_INPUT', `The ${what} ${path} cannot be read (${(error as NodeJS.ErrnoException).code}).`, {
      cause: error,
    });
  }
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    let total = 0;
    for (let read: number; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0 && total <= MAX_SENT_LOG_BYTES; total += read) {
      chunks.push(Buffer.from(buffer.subarray(0, read)));
    }
    return parseSentLog(Buffer.concat(chunks).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}
