import { AfterviewError } from '../index.js';
import { EXIT_CODES } from './errors.js';
import { createPrinter, type CliIO } from './io.js';
import { renderRunner } from './commands.js';
import type { Parsed } from './parser.js';
import { simpleRenderArgs } from './simple-render.js';
import { usageError } from './usage.js';
import { processStdout } from './direct-output.js';

/**
 * Runs the CLI on `args` (without the node and script names) and returns the
 * exit code. The only code that prints or decides an exit status.
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
  try {
    return await runner({ io, print, raw: args });
  } catch (error) {
    if (error instanceof AfterviewError) {
      print.error((await import('./errors.js')).describeError(error));
      return EXIT_CODES[error.code];
    }
    // Not something the user can fix: show everything, for a bug report.
    print.error(`internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 70;
  }
}

/** The `afterview` binary: the real process, streams and clock. */
export async function runFromProcess(): Promise<void> {
  const code = await run(process.argv.slice(2), {
    // Written with fs.writeSync (direct-output.ts): it ends quietly when the reader stops early, as cat does.
    stdout: processStdout(),
    // Getters: standard error and input are set up only for the commands that use them (milliseconds each).
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    now: () => new Date(),
  });
  process.exitCode = code;
  if (code === EXIT_CODES.CLIPBOARD_UNAVAILABLE) {
    // A clipboard tool that never answered may still hold the event loop; leave once output is flushed.
    process.stdout.write('', () => process.exit(code));
  }
}
