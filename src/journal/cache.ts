import { readFileSync, type Stats } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.js';
import type { Application } from './application.js';

/**
 * Application files as `due` last checked them, so that a run over a folder
 * whose files have not changed reads no YAML: parsing is most of the time
 * `due` takes (about a millisecond a file). A file counts as unchanged while
 * its size, modification time and change time are; only files that passed
 * validation are kept, so a broken file is read (and reported) every time.
 * The cache is rebuilt whenever the set of templates or its format changes,
 * and may be deleted at any time.
 */

const FORMAT = 1;

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  application: Application;
}

interface CacheFile {
  format: number;
  /** What validity depends on besides the file: the templates registered (their fields are part of the schema). */
  schema: string;
  files: Record<string, Entry>;
}

export class ApplicationCache {
  private readonly path: string;
  private readonly schema: string;
  private entries: Record<string, Entry> = {};
  private readonly used: Record<string, Entry> = {};
  private changed = false;

  constructor(folder: string, schema: string) {
    this.path = join(folder, 'applications.json');
    this.schema = schema;
    try {
      const cached = JSON.parse(readFileSync(this.path, 'utf8')) as CacheFile;
      if (cached.format === FORMAT && cached.schema === schema && cached.files && typeof cached.files === 'object') {
        this.entries = cached.files;
      }
    } catch {
      // No cache yet, or one that cannot be read: start afresh.
    }
  }

  /** The application as last validated, when the file has not changed since. */
  get(path: string, info: Stats): Application | undefined {
    const entry = Object.hasOwn(this.entries, path) ? this.entries[path] : undefined;
    if (!entry || entry.size !== info.size || entry.mtimeMs !== info.mtimeMs || entry.ctimeMs !== info.ctimeMs) return undefined;
    this.used[path] = entry;
    return entry.application;
  }

  set(path: string, info: Stats, application: Application): void {
    this.used[path] = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, application };
    this.changed = true;
  }

  /** Keeps the files of this run (a file no longer read drops out); a failure to write only costs speed next time. */
  async save(): Promise<void> {
    const dropped = Object.keys(this.entries).some((path) => !Object.hasOwn(this.used, path));
    if (!this.changed && !dropped) return;
    const content: CacheFile = { format: FORMAT, schema: this.schema, files: this.used };
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.path, JSON.stringify(content), { mode: 0o600 });
    } catch {
      // A cache that cannot be written only costs speed next time.
    }
  }
}
