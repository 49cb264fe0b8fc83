import { EXIT_CODES } from './errors.js';
import type { CliIO } from './io.js';
import { processStdout } from './direct-output.js';

/** Whether this process has written to standard error (whose stream is set up on first use). */
let stderrUsed = false;

/** The real process's streams and clock, for the `afterview` binary (main.ts, render-main.ts). */
export function processIO(): CliIO {
  return {
    // Written with fs.writeSync (direct-output.ts): it ends quietly when the reader stops early, as cat does.
    stdout: processStdout(),
    // Getters: standard error and input are set up only for the commands that use them (milliseconds each).
    get stderr() {
      stderrUsed = true;
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

/** The handles of the process's own standard streams, which stay open to the end of any process. */
const STANDARD_STREAM_HANDLES = new Set(['TTYWrap', 'PipeWrap']);

/**
 * Ends the process with `code`, at once when nothing is left under way: Node's own wind-down
 * (freeing its heap and environment) costs the everyday render about 3 ms, and a turn of the
 * event loop most of another (README, "Performance"). Checked when the promise jobs and
 * ticks queued by then have run, and if anything is still under way, once the event loop comes
 * round (setImmediate). Whatever the command started that is not finished has an open handle or
 * request: a file being written (the holiday cache, written after the message), a timer, a child
 * process or a socket. With one, or with output still to send (standard output through a stream:
 * on Windows, or a pipe that refused a write, direct-output.ts; standard error), Node ends the
 * process as usual.
 */
export function exitWhenIdle(code: number, io: CliIO): void {
  exitWith(code);
  process.nextTick(() => {
    if (!exitIfIdle(code, io)) setImmediate(() => exitIfIdle(code, io));
  });
}

/** Ends the process when nothing is under way; false (having done nothing) when something is. */
function exitIfIdle(code: number, io: CliIO): boolean {
  const open = process.getActiveResourcesInfo();
  if (!open.every((resource) => STANDARD_STREAM_HANDLES.has(resource))) return false;
  if ((io.stdout.writableLength ?? 0) > 0 || (stderrUsed && process.stderr.writableLength > 0)) return false;
  process.exit(code);
}
