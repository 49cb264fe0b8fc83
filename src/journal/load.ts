import { createHash } from 'node:crypto';
import { readdirSync, type Stats, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod/mini';
import { toContextIssues } from '../context/issues.js';
import { readContext } from '../context/load.js';
import { AfterviewError } from '../errors.js';
import { type Application, applicationSchema } from './application.js';
import { ApplicationCache } from './cache.js';
import { xdgFolder } from '../shared/xdg.js';

/** One application file, read and checked. */
export interface LoadedApplication {
  /** The path as the user gave it (or as found in a folder), for messages and commands. */
  file: string;
  /** The absolute path: how the sent log names it. */
  path: string;
  application: Application;
}

/** A file that could not be used, and why, in words a person can act on. */
export interface ApplicationProblem {
  file: string;
  message: string;
}

const APPLICATION_FILE = /\.(ya?ml|json)$/i;

/** More files than any job search has; a bound so that a wrong folder (a home folder) does not run away. */
export const MAX_APPLICATION_FILES = 10_000;

/**
 * The files to read: each folder's YAML and JSON files (not its subfolders),
 * sorted by name, and each file as given.
 */
export function applicationFiles(paths: readonly string[]): { files: string[]; problems: ApplicationProblem[] } {
  const files: string[] = [];
  const problems: ApplicationProblem[] = [];
  for (const path of paths) {
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // readContext words the problem (does not exist, permission denied).
    }
    if (!isFolder) {
      files.push(path);
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(path).filter((name) => APPLICATION_FILE.test(name) && !name.startsWith('.'));
    } catch (error) {
      problems.push({ file: path, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` });
      continue;
    }
    for (const name of names.sort()) files.push(join(path, name));
  }
  if (files.length > MAX_APPLICATION_FILES) {
    throw new AfterviewError(
      'INVALID_INPUT',
      `There are ${files.length} files to read, more than ${MAX_APPLICATION_FILES}; give the folder that holds your application files.`,
    );
  }
  return { files, problems };
}

function describe(error: unknown): string {
  if (error instanceof AfterviewError) {
    const lines = [
      error.message,
      ...error.issues.map((issue) => `${issue.source ? `${issue.source}: ` : ''}${issue.path}: ${issue.message}`),
    ];
    return lines.join('\n    ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads and checks application files. A file that cannot be read or does not
 * fit is reported and skipped: one broken file does not hide what is due in the others.
 */
export async function loadApplications(
  paths: readonly string[],
  options: LoadApplicationsOptions = {},
): Promise<{ applications: LoadedApplication[]; problems: ApplicationProblem[] }> {
  const { files, problems } = applicationFiles(paths);
  const applications: LoadedApplication[] = [];
  const schema = applicationSchema();
  const cacheDir = options.cache === true ? xdgFolder('cache', options.env) : options.cache || undefined;
  const cache = cacheDir === undefined ? undefined : new ApplicationCache(cacheDir, schemaFingerprint(schema));
  for (const file of files) {
    const path = resolve(file);
    let info: Stats | undefined;
    if (cache) {
      try {
        info = statSync(path);
      } catch {
        // readContext words the problem.
      }
      const cached = info?.isFile() ? cache.get(path, info) : undefined;
      if (cached) {
        applications.push({ file, path, application: cached });
        continue;
      }
    }
    try {
      const source = await readContext(file, undefined, 'application file');
      const parsed = schema.safeParse(source.data);
      if (!parsed.success) {
        const issues = toContextIssues(parsed.error.issues as z.core.$ZodIssue[], schema, source.data, source.locate);
        throw new AfterviewError('INVALID_CONTEXT', 'not a valid application file:', { issues });
      }
      const application = parsed.data as unknown as Application;
      applications.push({ file, path, application });
      if (cache && info?.isFile()) cache.set(path, info, application);
    } catch (error) {
      if (!(error instanceof AfterviewError)) throw error;
      problems.push({ file, message: describe(error) });
    }
  }
  await cache?.save();
  return { applications, problems };
}

export interface LoadApplicationsOptions {
  /**
   * Keep the files as last validated, so that unchanged files are not parsed
   * again: `true` for `$XDG_CACHE_HOME/afterview` (what the CLI does), or a folder.
   * @default false
   */
  cache?: boolean | string;
  /** Environment for the cache folder; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** What a cached application's validity depends on: the schema, which the templates' fields are part of. */
function schemaFingerprint(schema: z.ZodMiniObject): string {
  return createHash('sha256')
    .update(JSON.stringify(z.toJSONSchema(schema, { target: 'draft-07', io: 'input' })))
    .digest('hex');
}
