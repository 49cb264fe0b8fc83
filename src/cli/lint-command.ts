import { formatProblem, lintTemplates } from '../index.js';
import type { CliIO, Printer } from './io.js';
import { today } from './messages.js';
import { commandTemplates } from './templates-option.js';

export interface LintArgs {
  dir?: string | undefined;
  templates?: string | undefined;
  profile?: string | undefined;
  today?: string | undefined;
}

/** `afterview lint [DIR]`: DIR, else the templates folder in use, else the built-ins. Exit 1 on any problem. */
export async function lintCommand(args: LintArgs, io: CliIO, print: Printer): Promise<number> {
  const folder = args.dir ?? (await commandTemplates(args, io.env)).templates?.folder?.dir;
  const problems = await lintTemplates({ folder, today: today(args, io), env: io.env });
  for (const problem of problems) print.out(formatProblem(problem));
  const what = folder === undefined ? 'the built-in templates' : folder;
  if (problems.length > 0) {
    print.error(`${problems.length === 1 ? '1 problem' : `${problems.length} problems`} in ${what}.`);
    return 1;
  }
  print.info(`No problems in ${what}.`);
  return 0;
}
