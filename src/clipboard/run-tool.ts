import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttemptFailed, errorMessage, firstLine, formatSeconds } from './types.js';

export interface ToolRun {
  /** The attempt's label, for the error. */
  label: string;
  command: string;
  args: readonly string[];
  /** Written to the tool's standard input (closed empty when undefined). */
  input?: string;
  /** The package to install when the command is missing. */
  install: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** The display a hang would be blamed on. */
  display?: 'x11' | 'wayland';
}

/**
 * Runs one clipboard tool with the caller's environment and resolves once the tool itself has
 * exited.
 *
 * xclip, xsel and wl-copy fork a background process that owns the selection until something
 * else is copied, and that process inherits the tool's stdio. Were stdout or stderr pipes, Node
 * would wait for them to close, which happens only when the user next copies. So stdout goes
 * nowhere and stderr goes to a file, which the background owner may keep open without holding
 * us up; the file is read back for the error message. We wait for 'exit', never 'close'.
 */
export async function runTool(run: ToolRun): Promise<void> {
  const { label, command, args, env, timeoutMs } = run;
  const stderrPath = join(tmpdir(), `afterview-${command.replace(/\W/g, '')}-${globalThis.crypto.randomUUID()}.log`);
  const stderrFd = openSync(stderrPath, 'w+', 0o600);
  const readStderr = (): string => {
    try {
      return readFileSync(stderrPath, 'utf8');
    } catch {
      return '';
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (failure?: AttemptFailed): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (failure) reject(failure);
        else resolve();
      };
      let child: ChildProcess;
      try {
        child = spawn(command, args, { env, stdio: ['pipe', 'ignore', stderrFd], windowsHide: true });
      } catch (error) {
        finish(new AttemptFailed(label, `${command} could not be started: ${errorMessage(error)}`, { cause: error }));
        return;
      }
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(
          new AttemptFailed(label, `${command} did not finish within ${formatSeconds(timeoutMs)} (is the display reachable?)`, {
            ...(run.display ? { hung: { display: run.display, tool: command } } : {}),
          }),
        );
      }, timeoutMs);
      child.on('error', (error: NodeJS.ErrnoException) => {
        finish(
          error.code === 'ENOENT'
            ? new AttemptFailed(label, `${command} not found (install ${run.install})`, { cause: error })
            : new AttemptFailed(label, `${command} could not be started: ${error.message}`, { cause: error }),
        );
      });
      child.on('exit', (code, signal) => {
        if (code === 0) {
          finish();
          return;
        }
        const stderr = firstLine(readStderr());
        const status = signal ? `killed by ${signal}` : `exit status ${code}`;
        finish(
          new AttemptFailed(label, stderr ? `${command} failed: ${stderr}` : `${command} failed (${status})`, {
            cause: new Error(`${command}: ${status}${stderr ? `: ${stderr}` : ''}`),
          }),
        );
      });
      // A tool that gives up before reading (no display) closes its stdin; its exit status says why.
      child.stdin?.on('error', () => {});
      child.stdin?.end(run.input ?? '');
    });
  } finally {
    // The child holds its own descriptor, so closing ours and unlinking the file is safe even
    // while the background owner is alive.
    closeSync(stderrFd);
    rmSync(stderrPath, { force: true });
  }
}
