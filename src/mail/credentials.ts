import { spawn } from 'node:child_process';
import { AfterviewError } from '../errors.js';

/**
 * Secrets come from commands the user names (`pass show mail/gmail`,
 * `security find-generic-password -w -s afterview`, `secret-tool lookup …`,
 * `op read …`, an OAuth2 helper such as oama), so that no profile or
 * environment variable has to hold one. As msmtp's `passwordeval`: the command
 * runs in the shell, and the first line it prints is the secret.
 */

/** Which setting a command came from: error messages name it. */
export type SecretKind = 'passwordCommand' | 'accessTokenCommand';

export interface SecretCommandOptions {
  /**
   * How long the command may take (a password manager may ask for a passphrase).
   * @default 30000
   */
  timeoutMs?: number;
  /** Environment for the command; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Output beyond this is not a password or a token: stop reading. */
const MAX_OUTPUT = 64 * 1024;

function failure(kind: SecretKind, command: string, what: string): AfterviewError {
  const noun = kind === 'passwordCommand' ? 'password' : 'access token';
  return new AfterviewError('SEND_FAILED', `The ${kind} \`${command}\` ${what}, so there is no ${noun} to sign in with.`, {
    hint: 'Run the command yourself to see its messages, then fix it in your profile or environment.',
  });
}

/**
 * Runs a secret command and returns the first line it printed, without the
 * line end and trailing blanks (password managers pad some outputs). Errors
 * name the command and its exit status, never what it printed: on standard
 * error as on standard output, a broken command may print the secret.
 */
export function runSecretCommand(kind: SecretKind, command: string, options: SecretCommandOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    // Its own process group, so that a time-out stops the command's children too (a shell waiting on `sleep`).
    // The shell runs it (/bin/sh, or cmd.exe on Windows), so pipes and quoting work as typed.
    const child = spawn(command, {
      shell: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: options.env ?? process.env,
      detached: true,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT) chunks.push(chunk);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(failure(kind, command, `could not be started (${error.code ?? 'error'})`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(failure(kind, command, `did not finish within ${Math.round(timeoutMs / 100) / 10} s and was stopped`));
        return;
      }
      if (code !== 0) {
        reject(failure(kind, command, code === null ? `was stopped by ${signal}` : `exited with status ${code}`));
        return;
      }
      const output = Buffer.concat(chunks).toString('utf8');
      const secret = (output.split('\n', 1)[0] ?? '').replace(/\s+$/, '');
      if (!secret) {
        reject(failure(kind, command, 'printed nothing on its first line'));
        return;
      }
      resolve(secret);
    });
  });
}

/**
 * Where the secret for one account comes from, in order: a password given
 * directly, a token command, a password command. Commands run only when a
 * connection needs them, never for a dry run.
 */
export interface Credentials {
  user?: string | undefined;
  password?: string | undefined;
  passwordCommand?: string | undefined;
  accessTokenCommand?: string | undefined;
  /** @default 30000 */
  commandTimeoutMs?: number | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

/** What a connection signs in with, once the commands have run. */
export type SignIn = { user: string; password: string } | { user: string; accessToken: string } | undefined;

/** Asks for a fresh token: used again, once, after a server refused the last one. */
export function tokenSource(credentials: Credentials): (() => Promise<string>) | undefined {
  const { accessTokenCommand } = credentials;
  if (!accessTokenCommand) return undefined;
  return () =>
    runSecretCommand('accessTokenCommand', accessTokenCommand, {
      env: credentials.env,
      ...(credentials.commandTimeoutMs === undefined ? {} : { timeoutMs: credentials.commandTimeoutMs }),
    });
}

export async function signIn(credentials: Credentials): Promise<SignIn> {
  const { user } = credentials;
  if (user === undefined) return undefined;
  const token = tokenSource(credentials);
  if (token && credentials.password === undefined) return { user, accessToken: await token() };
  if (credentials.password !== undefined) return { user, password: credentials.password };
  if (credentials.passwordCommand) {
    const password = await runSecretCommand('passwordCommand', credentials.passwordCommand, {
      env: credentials.env,
      ...(credentials.commandTimeoutMs === undefined ? {} : { timeoutMs: credentials.commandTimeoutMs }),
    });
    return { user, password };
  }
  return undefined;
}
