import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AfterviewError } from '../errors.js';
import { appendLineDurably } from '../shared/append-line.js';
import { writeFileAtomic } from '../shared/atomic-write.js';

/**
 * Drafts waiting for the mailbox: `<state>/outbox/drafts/<key>.eml` beside a
 * `.json` with who it is for and the last error. Kept apart from the messages
 * waiting to be sent over SMTP, so that nothing ever sends a draft.
 *
 * Once the mailbox has a draft, `<state>/drafts.log` gets one JSON line
 * naming it (as `sent.log` does for sent messages), so that `due` can show
 * it as drafted. Kept apart from the sent log: a draft is not a delivery.
 */

export interface WaitingDraft {
  key: string;
  template: string;
  /** For people: "Marty Hale-Evans <marty@example.com>". */
  from: string;
  /** For people: "Ana Ruiz <ana@acme.example>". */
  to: string;
  subject: string;
  messageId: string;
  queuedAt: string;
  attempts: number;
  lastError?: string;
  /** The application (context) files it was rendered from, as absolute paths. */
  applications?: string[];
}

export class DraftStore {
  readonly dir: string;
  readonly logPath: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'outbox', 'drafts');
    this.logPath = join(stateDir, 'drafts.log');
  }

  /** Notes that the mailbox has this draft (saved, replaced or found unchanged). */
  async recordDrafted(entry: WaitingDraft, at: Date): Promise<void> {
    const { template, to, subject, messageId, applications } = entry;
    const line = {
      time: at.toISOString(),
      kind: 'draft',
      template,
      to,
      subject,
      messageId,
      ...(applications?.length ? { applications } : {}),
    };
    try {
      await mkdir(dirname(this.logPath), { recursive: true, mode: 0o700 });
      await appendLineDurably(this.logPath, JSON.stringify(line));
    } catch (error) {
      throw new AfterviewError(
        'SEND_FAILED',
        `The draft is in the mailbox, but ${this.logPath} cannot be written; check its permissions.`,
        {
          cause: error,
        },
      );
    }
  }

  async put(entry: WaitingDraft, eml: string): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(join(this.dir, `${entry.key}.eml`), eml, { durable: true });
      await this.update(entry);
    } catch (error) {
      throw new AfterviewError('SEND_FAILED', `Cannot write the draft to ${this.dir}; check that folder's permissions.`, { cause: error });
    }
  }

  async update(entry: WaitingDraft): Promise<void> {
    await writeFileAtomic(join(this.dir, `${entry.key}.json`), `${JSON.stringify(entry, null, 2)}\n`, { durable: true });
  }

  async read(key: string): Promise<{ entry: WaitingDraft; eml: string } | undefined> {
    try {
      const [meta, eml] = await Promise.all([
        readFile(join(this.dir, `${key}.json`), 'utf8'),
        readFile(join(this.dir, `${key}.eml`), 'utf8'),
      ]);
      return { entry: JSON.parse(meta) as WaitingDraft, eml };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(join(this.dir, `${key}.json`), { force: true });
    await rm(join(this.dir, `${key}.eml`), { force: true });
  }

  /** Drafts waiting, oldest first. */
  async list(): Promise<WaitingDraft[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: WaitingDraft[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const draft = await this.read(name.slice(0, -'.json'.length));
      if (draft) found.push(draft.entry);
    }
    return found.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }
}
