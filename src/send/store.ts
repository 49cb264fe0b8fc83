import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appendLineDurably } from '../shared/append-line.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { xdgFolder } from '../shared/xdg.js';
import { acquireLock, type Release } from './lock.js';
import { onDisk, StorageFault, storageFault } from './storage-fault.js';
import { normalizeEntry, type OutboxEntry, type SentRecord } from './outbox-entry.js';

export { contentKey, type OutboxEntry, type SentRecord } from './outbox-entry.js';

/**
 * The files behind the outbox and the sent log, and nothing else: what a
 * state means is decided in outbox.ts.
 *
 *   <state>/outbox/<key>.eml    the message exactly as it will be sent
 *   <state>/outbox/<key>.json   its OutboxEntry (state, recipients, attempts, last error)
 *   <state>/outbox/<key>.lock   held while one process works on it (lock.ts)
 *   <state>/sent.log            one JSON line per delivery the server accepted
 *
 * Every write is whole or not at all (a temporary file, fsync, rename) and
 * every failure is a StorageFault naming the file and the reason.
 */

/** `$XDG_STATE_HOME/afterview`, else `~/.local/state/afterview`; a relative XDG_STATE_HOME is ignored, as the XDG spec says. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return xdgFolder('state', env);
}

const TEMPORARY = /\.tmp$/;
/** Leftovers older than this are from a process that died mid-write; younger ones may be a lock being taken right now. */
const LEFTOVER_AGE_MS = 60_000;

export class MessageStore {
  readonly outboxDir: string;
  readonly sentLogPath: string;
  private readonly sentRecords = new Map<string, SentRecord[]>();
  /** How much of the sent log has been read: each look reads only what was appended since, by any process. */
  private sentLogOffset = 0;

  constructor(readonly dir: string) {
    this.outboxDir = join(dir, 'outbox');
    this.sentLogPath = join(dir, 'sent.log');
  }

  private file(key: string, extension: 'eml' | 'json' | 'lock'): string {
    return join(this.outboxDir, `${key}.${extension}`);
  }

  private async ensure(): Promise<void> {
    await onDisk('create the outbox folder', this.outboxDir, async () => {
      const info = await stat(this.outboxDir).catch(() => undefined);
      if (info && !info.isDirectory()) {
        throw new StorageFault(`The outbox ${this.outboxDir} is a file, where afterview keeps a folder; move it away.`, undefined);
      }
      if (!info) await mkdir(this.outboxDir, { recursive: true, mode: 0o700 });
    });
  }

  private async writeWhole(path: string, content: string, what: string, durable: boolean): Promise<void> {
    await onDisk(`write ${what}`, path, () => writeFileAtomic(path, content, { durable }));
  }

  /** Every delivery the server accepted, by message key, oldest first. */
  async sent(): Promise<ReadonlyMap<string, readonly SentRecord[]>> {
    return onDisk('read the sent log', this.sentLogPath, async () => {
      let handle: import('node:fs/promises').FileHandle;
      try {
        handle = await open(this.sentLogPath, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.sentRecords;
        throw error;
      }
      try {
        const info = await handle.stat();
        if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
        if (info.size < this.sentLogOffset) {
          // The log was replaced: read it again from the start.
          this.sentRecords.clear();
          this.sentLogOffset = 0;
        }
        if (info.size === this.sentLogOffset) return this.sentRecords;
        const buffer = Buffer.alloc(info.size - this.sentLogOffset);
        await handle.read(buffer, 0, buffer.length, this.sentLogOffset);
        // Only whole lines: a line still being written is read next time.
        const complete = buffer.lastIndexOf(0x0a) + 1;
        this.sentLogOffset += complete;
        for (const line of buffer.subarray(0, complete).toString('utf8').split('\n')) this.addSentLine(line);
        return this.sentRecords;
      } finally {
        await handle.close();
      }
    });
  }

  private addSentLine(line: string): void {
    if (!line.trim()) return;
    try {
      const record = JSON.parse(line) as SentRecord;
      if (typeof record.hash !== 'string') return;
      const list = this.sentRecords.get(record.hash) ?? [];
      list.push(record);
      this.sentRecords.set(record.hash, list);
    } catch {
      // A line cut short by a crash mid-write: the entries around it still count.
    }
  }

  async recordSent(record: SentRecord): Promise<void> {
    await this.ensure();
    await onDisk('write the sent log', this.sentLogPath, () => appendLineDurably(this.sentLogPath, JSON.stringify(record)));
  }

  async read(key: string): Promise<{ entry: OutboxEntry; eml: string } | undefined> {
    return onDisk('read the outbox entry', this.file(key, 'json'), async () => {
      try {
        const [meta, eml] = await Promise.all([readFile(this.file(key, 'json'), 'utf8'), readFile(this.file(key, 'eml'), 'utf8')]);
        return { entry: normalizeEntry(JSON.parse(meta) as OutboxEntry), eml };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
        throw error;
      }
    });
  }

  /**
   * Puts a message in the outbox: the .eml first, then its entry, each written
   * whole or not at all. Not flushed to disk yet: a queued message that a power
   * cut takes away was never handed over, and `markHandover` flushes both
   * before it can be.
   */
  async put(entry: OutboxEntry, eml: string): Promise<void> {
    await this.ensure();
    await this.writeWhole(this.file(entry.key, 'eml'), eml, 'the message to the outbox', false);
    await this.writeWhole(this.file(entry.key, 'json'), `${JSON.stringify(entry, null, 2)}\n`, 'the outbox entry', false);
  }

  /** Writes the entry and flushes it to disk before returning. */
  async update(entry: OutboxEntry): Promise<void> {
    await this.writeWhole(this.file(entry.key, 'json'), `${JSON.stringify(entry, null, 2)}\n`, 'the outbox entry', true);
  }

  /** Records a hand-over under way: the message and the mark on disk, flushed, before the last byte may leave. */
  async markHandover(entry: OutboxEntry): Promise<void> {
    const eml = this.file(entry.key, 'eml');
    await onDisk('write the message to the outbox', eml, async () => {
      const handle = await open(eml, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    await this.update(entry);
  }

  async remove(key: string): Promise<void> {
    // The entry first: an .eml without its entry is a leftover the next look cleans up, never a message.
    await onDisk('remove the outbox entry', this.file(key, 'json'), () => rm(this.file(key, 'json'), { force: true }));
    await rm(this.file(key, 'eml'), { force: true }).catch(() => {});
  }

  /** Messages waiting in the outbox, oldest first; cleans up what crashed writers left behind on the way. */
  async list(): Promise<OutboxEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.outboxDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return [];
      await this.ensure();
      throw storageFault('read the outbox', this.outboxDir, error);
    }
    await this.cleanUp(names);
    const entries: OutboxEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const found = await this.read(name.slice(0, -'.json'.length));
      if (found) entries.push(found.entry);
    }
    return entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  /** Temporary files of writers that died, and locks (and lone .eml files) of messages that are no longer queued. */
  private async cleanUp(names: readonly string[]): Promise<void> {
    const present = new Set(names);
    const now = Date.now();
    for (const name of names) {
      const path = join(this.outboxDir, name);
      if (TEMPORARY.test(name)) {
        const info = await stat(path).catch(() => undefined);
        if (info && now - info.mtimeMs > LEFTOVER_AGE_MS) await rm(path, { force: true }).catch(() => {});
        continue;
      }
      const lone = /^(.+)\.(lock|eml)$/.exec(name);
      if (!lone || present.has(`${lone[1]}.json`)) continue;
      // Take the lock, so that a message being written right now is left alone.
      const release = await this.lock(lone[1]!).catch(() => undefined);
      if (!release) continue;
      if (!(await stat(this.file(lone[1]!, 'json')).catch(() => undefined))) await rm(this.file(lone[1]!, 'eml'), { force: true });
      await release().catch(() => {});
    }
  }

  /** The lock on one message (lock.ts): a release function, or undefined while a live process holds it. */
  async lock(key: string): Promise<Release | undefined> {
    await this.ensure();
    const path = this.file(key, 'lock');
    return onDisk('lock the outbox entry', path, () => acquireLock(path));
  }

  /** Refuses a state folder whose sent log is not a file, before anything is sent. */
  async check(): Promise<void> {
    await this.ensure();
    const info = await stat(this.sentLogPath).catch(() => undefined);
    if (info && !info.isFile()) {
      throw new StorageFault(
        `The sent log ${this.sentLogPath} is not a file (${info.isDirectory() ? 'a folder' : 'something else'}); move it away so that afterview can keep its record there.`,
        undefined,
      );
    }
  }
}
