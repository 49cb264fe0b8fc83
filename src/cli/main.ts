import { createPrinter, type CliIO } from './io.js';
import { renderRunner } from './commands.js';
import type { Parsed } from './parser.js';
import { exitWith, processIO } from './process-io.js';
import { runCommand } from './run-command.js';
import { simpleRenderArgs } from './simple-render.js';
import { usageError } from './usage.js';

/**
 * Runs the CLI on `args` (without the node and script names) and returns the
 * exit code. With run-command.ts (and render-main.ts for the everyday render), the only
 * code that prints or decides an exit status.
 */
export async function run(args: readonly string[], io: CliIO): Promise<number> {
  const print = createPrinter(io);
  // `afterview help [COMMAND]` is `afterview [COMMAND] --help`.
  if (args[0] === 'help') args = [...args.slice(1, 2), '--help'];
  let parsed: Parsed;
  try {
    // The everyday render needs no parser (simple-render.ts); anything else goes to yargs.
    const simple = simpleRenderArgs(args);
    parsed = simple
      ? { argv: { _: simple._ }, output: '', error: undefined, runner: renderRunner(simple) }
      : // yargs is loaded only here: the everyday render never needs it.
        await (await import('./parser.js')).parse(args);
  } catch (error) {
    print.error((error as Error).message);
    return 2;
  }
  const { error, runner } = parsed;
  if (error) return usageError({ ...parsed, error }, print);
  // Help, the version, a completion script, or the shell asking for completions (the script calls `--get-yargs-completions`).
  if (!runner) {
    print.out(parsed.output);
    return 0;
  }
  return runCommand(runner, { io, print, raw: args });
}

/** The `afterview` binary: the real process, streams and clock. */
export async function runFromProcess(): Promise<void> {
  exitWith(await run(process.argv.slice(2), processIO()));
}
