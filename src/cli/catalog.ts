import { readFileSync } from 'node:fs';
import type { TemplateInfo } from '../index.js';

/**
 * The templates as `afterview list` and the commands' help show them.
 *
 * `npm run build` writes what the library's `listTemplates()` returns for the
 * built-in templates to dist/generated/catalog.json, so that listing them needs
 * neither the templates' modules nor zod (about 25 ms of a cold start).
 * Without that file (running from src/ before a build) the library is asked.
 */
export async function templateCatalog(): Promise<readonly TemplateInfo[]> {
  try {
    return JSON.parse(readFileSync(new URL('../generated/catalog.json', import.meta.url), 'utf8')) as TemplateInfo[];
  } catch {
    return (await import('../index.js')).listTemplates();
  }
}
