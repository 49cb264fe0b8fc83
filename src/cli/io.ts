import type { Readable, Writable } from 'node:stream';
import type { Output } from './direct-output.js';

type Stream = Writable & { isTTY?: boolean };

/** Everything the CLI touches of the outside world, passed in so that tests drive it in-process. */
export interface CliIO {
  stdout: Output;
  stderr: Stream;
  stdin?: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The clock: the date defaults are computed from (unless --today) and the Date header. */
  now: () => Date;
}

export interface Printer {
  /** A result: standard output. */
  out(text: string): void;
  /** A message for people: standard error. */
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
}

/** Colour only for a terminal, and never with NO_COLOR set (https://no-color.org) or TERM=dumb. */
function colourEnabled(stream: Stream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function createPrinter(io: CliIO): Printer {
  // Asked on the first warning or error: standard error is set up only when a command writes to it.
  let colour: boolean | undefined;
  const paint = (code: number, text: string) => ((colour ??= colourEnabled(io.stderr, io.env)) ? `\u001b[${code}m${text}\u001b[39m` : text);
  return {
    out: (text) => void io.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    info: (text) => void io.stderr.write(`${text}\n`),
    warn: (text) => void io.stderr.write(`${paint(33, 'warning:')} ${text}\n`),
    error: (text) => void io.stderr.write(`${paint(31, 'afterview:')} ${text}\n`),
  };
}
