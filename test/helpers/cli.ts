import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  stdin?: string;
  /** Pretend standard input and standard error are a terminal (for prompts and progress). */
  tty?: boolean;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/** A home folder of its own, so that no developer's real profile leaks into a test. */
export function emptyHome(): string {
  return mkdtempSync(join(tmpdir(), 'afterview-home-'));
}

/** Runs the CLI in-process, as the binary would, and collects what it printed. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const home = emptyHome();
  const stdin = options.stdin === undefined ? undefined : Object.assign(Readable.from([options.stdin]), { isTTY: options.tty === true });
  if (options.tty) Object.assign(stderr, { isTTY: true });
  const code = await run(args, {
    stdout,
    stderr,
    stdin,
    env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1', ...options.env },
    now: () => options.now ?? new Date('2026-11-25T14:30:00Z'),
  });
  return { code, stdout: out, stderr: err };
}

/** What a run of the CLI printed, and its exit code. */
export interface Captured {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `runner` (the CLI's `run` from src/ or from a bundle, or the everyday render's) on `args`
 * with `env` and the suite's clock, and collects what it printed; undefined when the runner
 * declined the arguments.
 */
export async function capture(
  runner: (args: string[], io: CliIO) => Promise<number> | undefined,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<Captured | undefined> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: new PassThrough().on('data', (chunk) => (out += chunk)),
    stderr: new PassThrough().on('data', (chunk) => (err += chunk)),
    env,
    now: () => new Date('2026-11-25T14:30:00Z'),
  };
  const running = runner(args, io);
  if (running === undefined) return undefined;
  const code = await running;
  return { code, out, err };
}
