import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import type { TemplateInfo } from '../index.js';
import { templateCatalog } from './catalog.js';
import { COMMANDS, type Runner } from './commands.js';
import { disguiseStdinArguments, restoreStdinArguments } from './stdin-argument.js';

/** The package's version, from its package.json (two folders up, from src/cli/, dist/cli/ and the bundle alike). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** "a, b or c". */
const either = (names: readonly string[]) => `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

function buildParser(templates: readonly TemplateInfo[], select: (runner: Runner) => void) {
  const names = templates.map((t) => t.name).join(', ');
  let parser = yargs().scriptName('afterview').usage('$0 <command>\n\nWrite the messages a job seeker sends after an interview.');
  for (const command of COMMANDS) parser = command.register(parser, names, select);
  return parser
    .completion('completion', 'Print a shell completion script (bash or zsh): afterview completion >> ~/.bashrc')
    .example('$0 init thank-you --out acme.yaml', 'Start a context for a thank-you note')
    .example('$0 render thank-you acme.yaml --copy', 'Render it and copy it to the clipboard')
    .example('$0 send thank-you acme.yaml', 'Send it by email, after showing it and asking')
    .example('$0 draft thank-you acme.yaml', "Save it in your mailbox's Drafts folder, to send from there")
    .demandCommand(1, `Give a command: ${either(COMMANDS.map((command) => command.name))}.`)
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version(packageVersion())
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 80))
    .exitProcess(false);
}

export interface Parsed {
  /** The command's name, help and version as yargs read them. */
  argv: Record<string, unknown> & { _: Array<string | number> };
  /** What yargs printed: help, the version, a completion script or the usage for an error. */
  output: string;
  error: Error | undefined;
  /** What to run: absent for help, the version, completion or an error. */
  runner: Runner | undefined;
}

/** Parses `args` against the command list (exported for the test that compares simple-render.ts with it). */
export async function parse(args: readonly string[]): Promise<Parsed> {
  let output = '';
  let error: Error | undefined;
  let runner: Runner | undefined;
  const parser = buildParser(await templateCatalog(), (selected) => {
    runner = selected;
  });
  const argv: Parsed['argv'] = await parser.parseAsync(disguiseStdinArguments(args), {}, (err, _argv, out) => {
    error = err ?? undefined;
    output = out;
  });
  // The handler had them restored for the command; this is for the reading of --help, --version and errors.
  return { argv: restoreStdinArguments(argv), output, error, runner };
}
