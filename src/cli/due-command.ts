import { resolve } from 'node:path';
import {
  applicationsFolder,
  type DueItem,
  defaultStateDir,
  dueItems,
  formatLongDate,
  loadApplications,
  readDraftLog,
  readSentLog,
  resolveToday,
  toIcs,
} from '../index.js';
import { findProfile } from './context-input.js';
import type { CliIO, Printer } from './io.js';
import { today } from './messages.js';
import { writeFileAtomic } from './output.js';

export interface DueArgs {
  paths: string[];
  json: boolean;
  ics?: string | undefined;
  today?: string | undefined;
  profile?: string | undefined;
}

const STATUS_WIDTH = 'upcoming'.length;
const DRAFTED = 'drafted — review and send it from your mailbox';

function describeItem(item: DueItem): string {
  const indent = ' '.repeat(10 + 2 + STATUS_WIDTH + 2);
  const status = item.drafted ? 'drafted' : item.status;
  const lines = [`${item.date}  ${status.padEnd(STATUS_WIDTH)}  ${item.company}, ${item.role}`, `${indent}${item.title}`];
  if (item.drafted) lines.push(`${indent}${DRAFTED}`);
  else if (item.command) lines.push(`${indent}${item.command}`);
  return lines.join('\n');
}

/**
 * `afterview due`: what is due across the application files, from their
 * journals and the sent log. A file that cannot be used is named with its
 * problem and skipped; the others are still listed.
 */
export async function dueCommand(args: DueArgs, io: CliIO, print: Printer): Promise<number> {
  const date = resolveToday(today(args, io));
  let paths = args.paths;
  if (paths.length === 0) {
    const profile = await findProfile(args.profile, io.env);
    const folder = profile ? applicationsFolder(profile, io.env) : undefined;
    paths = [folder ?? '.'];
  }
  // Unchanged files are not parsed again: their last validated form is kept in the cache folder.
  const { applications, problems } = await loadApplications(paths, { cache: true, env: io.env });
  const state = defaultStateDir(io.env);
  const items = dueItems(applications, { today: date, sent: readSentLog(state), drafted: readDraftLog(state) });
  for (const problem of problems) print.warn(`skipped ${problem.file}: ${problem.message}`);

  if (args.ics !== undefined) {
    await writeFileAtomic(resolve(args.ics), await toIcs(items, { now: io.now() }));
    print.info(
      `Wrote ${items.length} reminder${items.length === 1 ? '' : 's'} to ${args.ics}; import it into your calendar (importing it again updates them).`,
    );
  }
  if (args.json) {
    print.out(JSON.stringify({ today: date, items, problems }, null, 2));
    return 0;
  }
  const count = `${applications.length} application${applications.length === 1 ? '' : 's'}`;
  if (items.length === 0) {
    print.info(`Nothing is due in ${count} (${paths.join(', ')}).`);
    return 0;
  }
  print.info(`Due across ${count}, today being ${formatLongDate(date, 'en-US')}:\n`);
  print.out(items.map(describeItem).join('\n\n'));
  return 0;
}
