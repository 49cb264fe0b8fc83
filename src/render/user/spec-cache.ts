import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import { xdgFolder } from '../../shared/xdg.js';
import { requireFrom } from '../../shared/builtins.js';

/**
 * A user template's Handlebars, precompiled to JavaScript and kept on disk by
 * the hash of its sources (as MJML's output is), so that a second run needs
 * only the Handlebars runtime, as a built-in template does: the compiler costs
 * more to load than the rest of a render.
 */

export type Specs = Record<string, string>;

function handlebarsVersion(): string {
  try {
    return (requireFrom(import.meta.url)('handlebars/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function specKey(sources: Record<string, string>): string {
  return createHash('sha256')
    .update(JSON.stringify([handlebarsVersion(), sources]))
    .digest('hex')
    .slice(0, 32);
}

function file(key: string, env?: NodeJS.ProcessEnv): string {
  return join(xdgFolder('cache', env), `hbs-${key}.json`);
}

export function readSpecs(key: string, env?: NodeJS.ProcessEnv): Specs | undefined {
  try {
    const specs = JSON.parse(readFileSync(file(key, env), 'utf8')) as unknown;
    return specs !== null && typeof specs === 'object' ? (specs as Specs) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeSpecs(key: string, specs: Specs, env?: NodeJS.ProcessEnv): Promise<void> {
  try {
    mkdirSync(xdgFolder('cache', env), { recursive: true });
    await writeFileAtomic(file(key, env), JSON.stringify(specs));
  } catch {
    // A read-only or missing home: go on without the cache.
  }
}
