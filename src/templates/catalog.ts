import type { TemplateInfo } from '../schemas.js';
import { builtInTemplates, templateNames } from './index.js';

/**
 * Each template's name, what it is for and when to send it: what `afterview
 * list` and `--help` show. In dist/, `npm run build` writes these values out
 * (scripts/build.mjs), so that listing the templates loads no schema and no zod.
 */
export const templateCatalog: readonly TemplateInfo[] = templateNames.map((name) => {
  const { summary, timing } = builtInTemplates[name];
  return { name, summary, timing };
});
