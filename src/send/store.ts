import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AfterviewError } from '../errors.js';

/**
 * The outbox and the sent log: a message is written to the outbox before the
 * SMTP conversation and recorded in the sent log after the server accepts it,
 * so a crash loses nothing and a repeated command does not send twice.
 *
 *   <state>/outbox/<key>.eml    the message exactly as it will be sent
 *   <state>/outbox/<key>.json   who it goes to, attempts, the last error
 *   <state>/outbox/<key>.lock   held while one process sends it
 *   <state>/sent.log            one JSON line per message the server accepted
 */

/** `$XDG_STATE_HOME/afterview`, else `~/.local/state/afterview`. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(stateHome, 'afterview');
}

/** What identifies a message for "never twice": template, recipients and content, not the Date or Message-ID. */
export function contentKey(parts: {
  template: string;
  recipients: readonly string[];
  subject: string;
  text: string;
  html: string;
  attachments: readonly Buffer[];
}): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([parts.template, [...parts.recipients].map((r) => r.toLowerCase()).sort(), parts.subject, parts.text, parts.html]),
  );
  for (const attachment of parts.attachments) hash.update(createHash('sha256').update(attachment).digest());
  return hash.digest('hex');
}

export interface OutboxEntry {
  key: string;
  template: string;
  /** For people: "Marty Hale-Evans <marty@example.com>". */
  from: string;
  /** The envelope sender address. */
  sender: string;
  /** Every envelope recipient: To, Cc and Bcc. */
  recipients: string[];
  /** For people: "Ana Ruiz <ana@acme.example>". */
  to: string;
  subject: string;
  messageId: string;
  queuedAt: string;
  attempts: number;
  lastError?: string;
  /** The connection dropped after the message was handed over: the server may have it. */
  uncertain?: boolean;
  /** A draft for the mailbox's Drafts folder (`afterview draft`), not a message to send over SMTP. */
  draft?: boolean;
}

export interface SentRecord {
  time: string;
  template: string;
  to: string;
  subject: string;
  messageId: string;
  hash: string;
}

async function writeAtomic(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class MessageStore {
  readonly outboxDir: string;
  readonly sentLogPath: string;

  constructor(readonly dir: string) {
    this.outboxDir = join(dir, 'outbox');
    this.sentLogPath = join(dir, 'sent.log');
  }

  private async ensure(): Promise<void> {
    try {
      await mkdir(this.outboxDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new AfterviewError('SEND_FAILED', `Cannot create the outbox folder ${this.outboxDir}; check its permissions.`, {
        cause: error,
      });
    }
  }

  private readonly sentRecords = new Map<string, SentRecord>();
  /** How much of the sent log has been read: each look reads only what was appended since, by any process. */
  private sentLogOffset = 0;

  /** Every message the server accepted, by content key (the latest record wins). */
  async sent(): Promise<ReadonlyMap<string, SentRecord>> {
    let handle: import('node:fs/promises').FileHandle;
    try {
      handle = await open(this.sentLogPath, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.sentRecords;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size < this.sentLogOffset) {
        // The log was replaced: read it again from the start.
        this.sentRecords.clear();
        this.sentLogOffset = 0;
      }
      if (size === this.sentLogOffset) return this.sentRecords;
      const buffer = Buffer.alloc(size - this.sentLogOffset);
      await handle.read(buffer, 0, buffer.length, this.sentLogOffset);
      // Only whole lines: a line still being written is read next time.
      const complete = buffer.lastIndexOf(0x0a) + 1;
      this.sentLogOffset += complete;
      for (const line of buffer.subarray(0, complete).toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const record = JSON.parse(line) as SentRecord;
          if (typeof record.hash === 'string') this.sentRecords.set(record.hash, record);
        } catch {
          // A line cut short by a crash mid-write: the entries around it still count.
        }
      }
      return this.sentRecords;
    } finally {
      await handle.close();
    }
  }

  async recordSent(record: SentRecord): Promise<void> {
    await this.ensure();
    // One append of one line: O_APPEND keeps concurrent writers' lines whole.
    const handle = await open(this.sentLogPath, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o600);
    try {
      // A crash mid-write can leave a last line without its newline; start afresh rather than glue onto it.
      const { size } = await handle.stat();
      const last = Buffer.alloc(1);
      if (size > 0) await handle.read(last, 0, 1, size - 1);
      const separator = size > 0 && last[0] !== 0x0a ? '\n' : '';
      await handle.appendFile(`${separator}${JSON.stringify(record)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async read(key: string): Promise<{ entry: OutboxEntry; eml: string } | undefined> {
    try {
      const [meta, eml] = await Promise.all([
        readFile(join(this.outboxDir, `${key}.json`), 'utf8'),
        readFile(join(this.outboxDir, `${key}.eml`), 'utf8'),
      ]);
      return { entry: JSON.parse(meta) as OutboxEntry, eml };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  /** Puts a message in the outbox: the .eml first, then its description, each written whole or not at all. */
  async put(entry: OutboxEntry, eml: string): Promise<void> {
    await this.ensure();
    await writeAtomic(join(this.outboxDir, `${entry.key}.eml`), eml);
    await this.update(entry);
  }

  async update(entry: OutboxEntry): Promise<void> {
    await writeAtomic(join(this.outboxDir, `${entry.key}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  }

  async remove(key: string): Promise<void> {
    await rm(join(this.outboxDir, `${key}.json`), { force: true });
    await rm(join(this.outboxDir, `${key}.eml`), { force: true });
  }

  /** Messages waiting in the outbox, oldest first. */
  async list(): Promise<OutboxEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.outboxDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: OutboxEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const found = await this.read(name.slice(0, -'.json'.length));
      if (found) entries.push(found.entry);
    }
    return entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  /**
   * Takes the lock on one message so that two afterview processes never send
   * it at once. Returns a release function, or undefined when another live
   * process holds it.
   *
   * The lock file is made complete (with its owner's pid) and then linked into
   * place, so no process ever sees a lock without an owner. A lock whose owner
   * no longer runs (after a crash) is moved aside before it is removed, so two
   * processes that both find it stale cannot both take it.
   */
  async lock(key: string): Promise<(() => Promise<void>) | undefined> {
    await this.ensure();
    const path = join(this.outboxDir, `${key}.lock`);
    const mine = `${path}.${process.pid}.${randomUUID()}`;
    await writeFile(mine, String(process.pid), { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await link(mine, path);
          return () => rm(path, { force: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const holder = await readFile(path, 'utf8').catch(() => undefined);
        if (holder === undefined) continue; // Released meanwhile: try again.
        if (isAlive(Number(holder))) return undefined;
        const aside = `${path}.stale.${process.pid}.${randomUUID()}`;
        try {
          await rename(path, aside);
        } catch {
          continue; // Another process moved it first.
        }
        const moved = await readFile(aside, 'utf8').catch(() => undefined);
        if (moved !== holder) {
          // Between our look and our move, another process took the lock over: give it back.
          await link(aside, path).catch(() => {});
          await rm(aside, { force: true });
          return undefined;
        }
        await rm(aside, { force: true });
      }
      return undefined;
    } finally {
      await rm(mine, { force: true });
    }
  }
}
