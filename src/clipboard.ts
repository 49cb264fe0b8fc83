import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';

import { AfterviewError } from './errors.js';

/** How {@link copyToClipboard} may reach a clipboard. */
export interface CopyOptions {
  /** Offer the content as text/html (for `--format html`) where a tool for it exists. */
  html?: boolean;
  /**
   * Environment to consult (DISPLAY, WAYLAND_DISPLAY, SSH_TTY, PATH, TMUX...). Default `process.env`.
   *
   * clipboardy only reads `process.env`, so while it runs the display and PATH variables of
   * `process.env` are set from this environment and restored afterwards: do not run other
   * clipboard or child-process work with a different environment at the same moment.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Where an OSC 52 sequence can be written when no clipboard tool works: the user's terminal,
   * or undefined when there is none.
   */
  terminal?: { isTTY: boolean; write(chunk: string): void };
  /**
   * How long one clipboard tool may take before it is given up on, in milliseconds.
   * Default 5000. A tool talking to a display that never answers would otherwise wait forever.
   */
  timeoutMs?: number;
}

/** What {@link copyToClipboard} did. */
export interface CopyResult {
  /** What actually took the content: `'wl-copy'`, `'xclip'`, `'clipboardy'` or `'osc52'`. */
  method: string;
  /** The flavour the content was offered as. */
  flavour: 'text/html' | 'text/plain';
  /** One or two sentences for the user saying what happened and, where it matters, what to watch for. */
  summary: string;
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Many terminals cap OSC 52 payloads at around 100 kB and drop a longer sequence silently, so
 * refusing is more honest than reporting a copy that never happened. The cap applies to what
 * the terminal receives: the base64 text.
 */
const OSC52_MAX_ENCODED_BYTES = 100_000;

/**
 * The variables that decide which tool clipboardy picks and whether that tool can reach a
 * display. clipboardy has no environment option, so these are the ones worth overriding.
 */
const CLIPBOARDY_ENV_KEYS = ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_SESSION_TYPE', 'XDG_RUNTIME_DIR', 'XAUTHORITY', 'PATH'] as const;

/** One way of copying that did not work, with the reason the user will read. */
class AttemptFailed extends Error {
  override readonly name = 'AttemptFailed';
  /** The tool that hung, so that a second tool on the same display is not left hanging too. */
  readonly hungTool: string | undefined;

  constructor(
    readonly attempt: string,
    reason: string,
    options: { cause?: unknown; hungTool?: string } = {},
  ) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause });
    this.hungTool = options.hungTool;
  }
}

interface Attempt {
  label: string;
  run(): Promise<CopyResult>;
}

/**
 * Puts `content` on the clipboard by the best means available, falling back from a
 * text/html-capable tool (when `html` is set) to clipboardy's plain text, then to an OSC 52
 * request to the terminal. Never prints, never exits.
 *
 * @throws AfterviewError with code `CLIPBOARD_UNAVAILABLE` when every means failed; its
 *   message lists each attempt with the reason and suggests `--out` or a pipe, and its `cause`
 *   is an `AggregateError` holding one error per attempt.
 */
export async function copyToClipboard(content: string, options: CopyOptions = {}): Promise<CopyResult> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const html = options.html ?? false;
  const failures: AttemptFailed[] = [];

  const attempts: Attempt[] = [
    ...(html ? htmlAttempts(content, env, timeoutMs) : []),
    {
      label: 'text/plain via clipboardy',
      run: async () => {
        // A display that left xclip (or wl-copy) hanging would leave clipboardy's xsel (or
        // wl-copy) hanging as well, and clipboardy's child cannot be killed from here: it would
        // keep the process alive after we give up.
        const clipboardyUsesWayland = Boolean(env.WAYLAND_DISPLAY) || env.XDG_SESSION_TYPE === 'wayland';
        const hung = failures.find(
          (failure) => failure.hungTool !== undefined && (failure.hungTool === 'wl-copy') === clipboardyUsesWayland,
        );
        if (hung) {
          throw new AttemptFailed('text/plain via clipboardy', `skipped, as the display did not answer ${hung.hungTool}`);
        }
        await copyWithClipboardy(content, env, timeoutMs);
        return { method: 'clipboardy', flavour: 'text/plain', summary: plainSummary(html, failures) };
      },
    },
    {
      label: 'OSC 52 escape sequence',
      run: async () => copyWithOsc52(content, env, options.terminal, html, failures),
    },
  ];

  for (const attempt of attempts) {
    try {
      return await attempt.run();
    } catch (error) {
      failures.push(
        error instanceof AttemptFailed ? error : new AttemptFailed(attempt.label, firstLine(errorMessage(error)), { cause: error }),
      );
    }
  }

  const tried = failures.map((failure) => `  - ${failure.attempt}: ${failure.message}`);
  throw new AfterviewError(
    'CLIPBOARD_UNAVAILABLE',
    [
      'Could not copy to the clipboard. Tried:',
      ...tried,
      `Write the result to a file with --out FILE instead, or pipe it into a clipboard tool: afterview render … ${pipeSuggestion()}.`,
    ].join('\n'),
    { cause: new AggregateError(failures, 'every clipboard method failed') },
  );
}

function htmlAttempts(content: string, env: NodeJS.ProcessEnv, timeoutMs: number): Attempt[] {
  if (process.platform === 'darwin' || process.platform === 'win32') {
    // pbcopy and clip.exe only take plain text; setting HTML there needs native pasteboard APIs.
    return [
      {
        label: 'text/html',
        run: async () => {
          throw new AttemptFailed(
            'text/html',
            `afterview has no text/html clipboard tool for ${process.platform === 'darwin' ? 'macOS' : 'Windows'}`,
          );
        },
      },
    ];
  }
  const attempts: Attempt[] = [];
  if (env.WAYLAND_DISPLAY) {
    attempts.push(toolAttempt('wl-copy', ['--type', 'text/html'], 'wl-clipboard', content, env, timeoutMs));
  }
  // Under XWayland both are set; xclip then still reaches the compositor's clipboard.
  if (env.DISPLAY) {
    attempts.push(toolAttempt('xclip', ['-selection', 'clipboard', '-t', 'text/html'], 'xclip', content, env, timeoutMs));
  }
  if (attempts.length === 0) {
    attempts.push({
      label: 'text/html',
      run: async () => {
        throw new AttemptFailed('text/html', noDisplayReason(env));
      },
    });
  }
  return attempts;
}

function toolAttempt(
  command: 'wl-copy' | 'xclip',
  args: string[],
  debianPackage: string,
  content: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Attempt {
  const label = `text/html via ${command}`;
  return {
    label,
    run: async () => {
      await runClipboardTool(label, command, args, debianPackage, content, env, timeoutMs);
      return {
        method: command,
        flavour: 'text/html',
        summary: `Copied the HTML to the clipboard (text/html, via ${command}): paste it into your mail composer.`,
      };
    },
  };
}

/**
 * Runs xclip or wl-copy and resolves once the tool itself has exited.
 *
 * Both fork a background process that owns the selection until something else is copied, and
 * that process inherits the tool's stdio. Were stdout or stderr pipes, Node would wait for
 * them to close, which happens only when the user next copies. So stdout goes nowhere and
 * stderr goes to a file, which the background owner may keep open without holding us up
 * (and without a SIGPIPE killing it, as a closed pipe would); the file is read back for the
 * error message. We wait for 'exit', never 'close'.
 */
async function runClipboardTool(
  label: string,
  command: string,
  args: string[],
  debianPackage: string,
  content: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<void> {
  const stderrPath = join(tmpdir(), `afterview-${command}-${randomUUID()}.log`);
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
        child = spawn(command, args, { env, stdio: ['pipe', 'ignore', stderrFd] });
      } catch (error) {
        finish(new AttemptFailed(label, `${command} could not be started: ${errorMessage(error)}`, { cause: error }));
        return;
      }

      timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(
          new AttemptFailed(label, `${command} did not finish within ${formatSeconds(timeoutMs)} (is the display reachable?)`, {
            hungTool: command,
          }),
        );
      }, timeoutMs);

      child.on('error', (error: NodeJS.ErrnoException) => {
        finish(
          error.code === 'ENOENT'
            ? new AttemptFailed(label, `${command} not found (install the ${debianPackage} package)`, { cause: error })
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
            cause: new Error(`${command} ${args.join(' ')}: ${status}${stderr ? `: ${stderr}` : ''}`),
          }),
        );
      });
      // A tool that gives up before reading (no display) closes its stdin; the exit status
      // already says why, so the EPIPE adds nothing.
      child.stdin?.on('error', () => {});
      child.stdin?.end(content);
    });
  } finally {
    // The child holds its own descriptor, so closing ours and unlinking the file is safe even
    // while the background owner is alive.
    closeSync(stderrFd);
    rmSync(stderrPath, { force: true });
  }
}

async function copyWithClipboardy(content: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  const label = 'text/plain via clipboardy';
  if (needsDisplay(env) && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    // clipboardy would fail too, but with a paragraph about CI servers; this says it plainly.
    throw new AttemptFailed(label, noDisplayReason(env));
  }

  let clipboard: typeof import('clipboardy').default;
  try {
    // Loaded on demand: clipboardy pulls in execa and platform probes that rendering never needs.
    clipboard = (await import('clipboardy')).default;
  } catch (error) {
    throw new AttemptFailed(label, `clipboardy could not be loaded: ${firstLine(errorMessage(error))}`, { cause: error });
  }

  try {
    await withProcessEnv(env, () =>
      withTimeout(
        clipboard.write(content),
        timeoutMs,
        () => new AttemptFailed(label, `clipboardy did not finish within ${formatSeconds(timeoutMs)} (is the display reachable?)`),
      ),
    );
  } catch (error) {
    if (error instanceof AttemptFailed) throw error;
    throw new AttemptFailed(label, clipboardyReason(error, env), { cause: error });
  }
}

/** clipboardy's messages are long and generic; keep what tells the user something. */
function clipboardyReason(error: unknown, env: NodeJS.ProcessEnv): string {
  const reason = xselReason(error, env);
  // On Wayland clipboardy only reaches xsel after wl-copy was missing or could not connect.
  return env.WAYLAND_DISPLAY && reason.startsWith('xsel')
    ? `wl-copy did not work (missing, or no Wayland connection), then ${reason}`
    : reason;
}

function xselReason(error: unknown, env: NodeJS.ProcessEnv): string {
  const message = errorMessage(error);
  if (/Couldn't find the `xsel` binary/.test(message)) {
    const fallback = (error as { fallbackError?: unknown }).fallbackError;
    return `xsel not found (install the xsel package)${fallback ? `, and clipboardy's bundled xsel failed: ${subprocessReason(fallback, env)}` : ''}`;
  }
  const xselError = (error as { xselError?: unknown }).xselError;
  if (xselError) return `xsel failed: ${subprocessReason(xselError, env)}`;
  return firstLine(message);
}

/** execa's message repeats the command line; what the tool said on stderr is the useful part. */
function subprocessReason(error: unknown, env: NodeJS.ProcessEnv): string {
  const { stderr, shortMessage } = error as { stderr?: unknown; shortMessage?: unknown };
  const said = typeof stderr === 'string' ? firstLine(stderr) : '';
  // xsel names the display it was given on its command line, "(null)" when it read $DISPLAY.
  if (/Can't open display/i.test(said)) return env.DISPLAY ? `could not open display ${env.DISPLAY}` : 'no DISPLAY set';
  if (said) return said;
  return firstLine(typeof shortMessage === 'string' ? shortMessage : errorMessage(error));
}

/**
 * Whether clipboardy's tool for this platform needs an X11 or Wayland display. macOS, Windows,
 * WSL (clip.exe) and Termux have clipboards of their own.
 */
function needsDisplay(env: NodeJS.ProcessEnv): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32' || process.platform === 'android') return false;
  const wsl = Boolean(env.WSL_DISTRO_NAME || env.WSL_INTEROP) || release().toLowerCase().includes('microsoft');
  return !wsl;
}

/**
 * Runs `fn` with the clipboard-related variables of `process.env` taken from `env`, because
 * clipboardy (and the execa it spawns through) reads only `process.env`.
 */
async function withProcessEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  // Windows variable names are case-insensitive and a plain object from the caller may spell
  // PATH as Path; clipboardy there needs no display variables anyway.
  if (env === process.env || process.platform === 'win32') return fn();
  const saved = new Map<string, string | undefined>();
  for (const key of CLIPBOARDY_ENV_KEYS) {
    saved.set(key, process.env[key]);
    setOrDelete(process.env, key, env[key]);
  }
  try {
    return await fn();
  } finally {
    for (const [key, value] of saved) setOrDelete(process.env, key, value);
  }
}

function setOrDelete(target: NodeJS.ProcessEnv, key: string, value: string | undefined): void {
  // Assigning undefined to process.env stores the string "undefined".
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/** Gives up waiting on a promise whose work cannot be cancelled (clipboardy owns its child). */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  // A late rejection of the abandoned promise must not surface as an unhandled rejection.
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function copyWithOsc52(
  content: string,
  env: NodeJS.ProcessEnv,
  terminal: CopyOptions['terminal'],
  html: boolean,
  failures: readonly AttemptFailed[],
): Promise<CopyResult> {
  const label = 'OSC 52 escape sequence';
  if (!terminal) throw new AttemptFailed(label, 'no terminal to send it to');
  if (!terminal.isTTY) throw new AttemptFailed(label, 'the output is not a terminal');

  const payload = Buffer.from(content, 'utf8').toString('base64');
  if (payload.length > OSC52_MAX_ENCODED_BYTES) {
    throw new AttemptFailed(
      label,
      `the content is ${formatKilobytes(Buffer.byteLength(content, 'utf8'))} (${formatKilobytes(payload.length)} in base64), more than the ${formatKilobytes(OSC52_MAX_ENCODED_BYTES)} many terminals accept over OSC 52`,
    );
  }

  const inTmux = Boolean(env.TMUX);
  try {
    terminal.write(osc52Sequence(payload, inTmux));
  } catch (error) {
    throw new AttemptFailed(label, `writing to the terminal failed: ${firstLine(errorMessage(error))}`, { cause: error });
  }

  const what = html ? 'the HTML source as plain text' : 'it';
  const why = failures.length > 0 ? ` because no clipboard tool worked (${reasons(failures)})` : '';
  const caveat = inTmux
    ? 'Not every terminal honours OSC 52, and tmux passes it on only with `set -g allow-passthrough on`'
    : 'Not every terminal honours OSC 52';
  return {
    method: 'osc52',
    flavour: 'text/plain',
    summary: `Asked the terminal to copy ${what} (OSC 52)${why}. ${caveat}; if nothing was copied, use --out FILE or a pipe.`,
  };
}

/**
 * OSC 52 with the `c` (clipboard) selection. tmux swallows escape sequences it does not know
 * unless they arrive in its DCS passthrough, in which every ESC of the inner sequence is doubled.
 */
function osc52Sequence(base64: string, inTmux: boolean): string {
  const osc = `\x1b]52;c;${base64}\x07`;
  return inTmux ? `\x1bPtmux;${osc.replaceAll('\x1b', '\x1b\x1b')}\x1b\\` : osc;
}

function plainSummary(html: boolean, failures: readonly AttemptFailed[]): string {
  if (!html) return 'Copied to the clipboard (text/plain, via clipboardy).';
  const install =
    process.platform === 'darwin' || process.platform === 'win32'
      ? ''
      : ' Install xclip (X11) or wl-clipboard (Wayland) to paste it formatted.';
  return `Copied the HTML source to the clipboard as plain text (text/plain, via clipboardy), because no text/html clipboard tool worked (${reasons(failures)}); a mail composer will show the markup.${install}`;
}

function noDisplayReason(env: NodeJS.ProcessEnv): string {
  const overSsh = Boolean(env.SSH_TTY || env.SSH_CONNECTION);
  return `no DISPLAY or WAYLAND_DISPLAY set${overSsh ? ': an SSH session without X11 forwarding' : ''}`;
}

function reasons(failures: readonly AttemptFailed[]): string {
  return [...new Set(failures.map((failure) => failure.message))].join('; ');
}

function pipeSuggestion(): string {
  switch (process.platform) {
    case 'darwin':
      return '| pbcopy';
    case 'win32':
      return '| clip';
    default:
      return '| xclip -selection clipboard (or | wl-copy on Wayland)';
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0]?.trim() ?? '';
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

function formatKilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1000)} kB`;
}
