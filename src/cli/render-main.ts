import { createPrinter, type CliIO } from './io.js';
import { exitWhenIdle, processIO } from './process-io.js';
import { renderCommand } from './render-command.js';
import { runCommand } from './run-command.js';
import { simpleRenderArgs } from './simple-render.js';

/**
 * The everyday render, `render TEMPLATE FILE… [--format F] [--today D]` (simple-render.ts),
 * as a program of its own. `npm run build` bundles this module apart from the CLI
 * (dist/cli-render/afterview.cjs): without yargs, the other commands and the parts of the
 * library only they reach, it is half the size to read and compile. bin/afterview.js loads
 * it for a `render` with no option but --format and --today, and the whole CLI when this
 * finds the arguments in another form. It answers exactly as `run` (main.ts) does for them:
 * the same command, printer and errors.
 *
 * Returns undefined, having done nothing, when `args` are in another form (the whole CLI's).
 */
export function runEverydayRender(args: readonly string[], io: CliIO): Promise<number> | undefined {
  const simple = simpleRenderArgs(args);
  if (simple === undefined) return undefined;
  const print = createPrinter(io);
  return runCommand(() => renderCommand(simple, io, print), { io, print, raw: args });
}

/** The `afterview` binary's everyday render; false when the arguments need the whole CLI. */
export function runFromProcess(): boolean {
  const io = processIO();
  const running = runEverydayRender(process.argv.slice(2), io);
  running?.then((code) => exitWhenIdle(code, io));
  return running !== undefined;
}
