import { EXIT_CODES } from './errors.js';
import type { CliIO } from './io.js';
import { processStdout } from './direct-output.js';

/** The real process's streams and clock, for the `afterview` binary (main.ts, render-main.ts). */
export function processIO(): CliIO {
  return {
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
  };
}

/** Ends the process with `code` once what it wrote is out. */
export function exitWith(code: number): void {
  process.exitCode = code;
  if (code === EXIT_CODES.CLIPBOARD_UNAVAILABLE) {
    // A clipboard tool that never answered may still hold the event loop; leave once output is flushed.
    process.stdout.write('', () => process.exit(code));
  }
}
