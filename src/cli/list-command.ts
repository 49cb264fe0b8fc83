import type { TemplateSet } from '../index.js';
import type { Printer } from './io.js';

/** `afterview list` with a templates folder: each template, where it comes from, and the built-in files it replaces. */
export function listWithFolder(set: TemplateSet, json: boolean, print: Printer): number {
  const listed = set.listTemplates();
  if (json) {
    print.out(JSON.stringify(listed, null, 2));
    return 0;
  }
  const width = Math.max(...listed.map((t) => t.name.length));
  for (const t of listed) {
    const from = t.origin === 'built-in' ? '' : ` (from ${t.origin})`;
    print.out(`${t.name.padEnd(width)}  ${t.summary} Send ${t.timing}.${from}`);
    if (t.overridden.length > 0) print.out(`${''.padEnd(width)}  overridden by ${set.folder!.dir}: ${t.overridden.join(', ')}`);
  }
  return 0;
}
