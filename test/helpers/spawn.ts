import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyHome } from './cli.js';

/** The built binary (`npm test` builds dist/ first). */
export const BIN = fileURLToPath(new URL('../../bin/afterview.js', import.meta.url));

/** The memory cap the hostile-input tests run the binary under: none of them may exhaust it. */
export const MEMORY_CAP_MB = 512;

export interface SpawnResult {
  /** The exit code, or null when the process was killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The process did not finish within the timeout and was killed. */
  timedOut: boolean;
  /** Bytes written to its standard input before it stopped reading. */
  stdinBytes: number;
  /** What the process left in its working folder (a fresh, empty one). */
  leftBehind: string[];
}

export interface SpawnOptions {
  /** Text for standard input, or 'endless' to keep writing until the process stops reading. */
  stdin?: string | 'endless';
  env?: NodeJS.ProcessEnv;
  /** @default 15000 */
  timeoutMs?: number;
}

/**
 * Runs `node --max-old-space-size=512 bin/afterview.js …args` in a fresh
 * process, in an empty folder with an empty home (no developer's profile),
 * kills it after the timeout, and collects what it printed and left behind.
 */
export function runBin(args: readonly string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  const home = emptyHome();
  const cwd = mkdtempSync(join(tmpdir(), 'afterview-cwd-'));
  const child = spawn(process.execPath, [`--max-old-space-size=${MEMORY_CAP_MB}`, BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let stdinBytes = 0;
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // The child closing its end mid-write is expected (it stopped at its limit).
  child.stdin.on('error', () => {});

  if (options.stdin === 'endless') {
    const chunk = Buffer.from(`company: ${'a'.repeat(1000)}\n`.repeat(64));
    const pump = () => {
      while (!child.stdin.destroyed && child.exitCode === null) {
        stdinBytes += chunk.length;
        if (!child.stdin.write(chunk)) {
          child.stdin.once('drain', pump);
          return;
        }
      }
    };
    pump();
  } else if (options.stdin !== undefined) {
    child.stdin.end(options.stdin);
  } else {
    child.stdin.end();
  }

  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 15_000);

  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, signal, stdout, stderr, timedOut, stdinBytes, leftBehind: readdirSync(cwd) });
    });
  });
}
