import { release } from 'node:os';
import { AfterviewError } from '../errors.js';
import { macosAttempts } from './macos.js';
import { copyWithOsc52, OSC52_LABEL } from './osc52.js';
import {
  type Attempt,
  AttemptFailed,
  type BackendInput,
  type ClipboardContent,
  type CopyOptions,
  type CopyResult,
  errorMessage,
  firstLine,
} from './types.js';
import { waylandAttempts } from './wayland.js';
import { windowsAttempts } from './windows.js';
import { x11Attempts } from './x11.js';

export type { ClipboardContent, CopyOptions, CopyResult, Flavour } from './types.js';

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Puts `content` on the clipboard by the best means the platform has: both flavours where a
 * tool can offer them together, else the HTML alone, else the plain text, then an OSC 52
 * request to the terminal. Each tool runs with `options.env`. Never prints, never exits.
 *
 * @throws AfterviewError with code `CLIPBOARD_UNAVAILABLE` when every means failed; its
 *   message lists each attempt with the reason, its advice suggests a file or a pipe, and its `cause`
 *   is an `AggregateError` holding one error per attempt.
 */
export async function copyToClipboard(content: string | ClipboardContent, options: CopyOptions = {}): Promise<CopyResult> {
  const normalized: ClipboardContent = typeof content === 'string' ? { text: content } : content;
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const input: BackendInput = { content: normalized, env, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const failures: AttemptFailed[] = [];

  for (const attempt of platformAttempts(input, platform)) {
    const hung = failures.find((failure) => failure.hung !== undefined && failure.hung.display === attempt.display)?.hung;
    if (hung) {
      failures.push(new AttemptFailed(attempt.label, `skipped, as the display did not answer ${hung.tool}`));
      continue;
    }
    try {
      await attempt.run();
      return { method: methodOf(attempt), flavours: attempt.flavours, summary: toolSummary(attempt, normalized, failures) };
    } catch (error) {
      failures.push(
        error instanceof AttemptFailed ? error : new AttemptFailed(attempt.label, firstLine(errorMessage(error)), { cause: error }),
      );
    }
  }

  try {
    const caveat = copyWithOsc52(normalized.text, env, options.terminal);
    const why = failures.length > 0 ? ` because no clipboard tool worked (${reasons(failures)})` : '';
    return {
      method: 'osc52',
      flavours: ['text/plain'],
      summary: `Asked the terminal to copy the plain text (OSC 52)${why}. ${caveat}; if nothing was copied, write the message to a file or pipe it into a clipboard tool instead.`,
    };
  } catch (error) {
    failures.push(error instanceof AttemptFailed ? error : new AttemptFailed(OSC52_LABEL, firstLine(errorMessage(error))));
  }

  throw new AfterviewError(
    'CLIPBOARD_UNAVAILABLE',
    ['Could not copy to the clipboard. Tried:', ...failures.map((failure) => `  - ${failure.attempt}: ${failure.message}`)].join('\n'),
    {
      cause: new AggregateError(failures, 'every clipboard method failed'),
      advice: { kind: 'clipboard-fallback', pipe: pipeSuggestion(platform) },
    },
  );
}

function platformAttempts(input: BackendInput, platform: NodeJS.Platform): Attempt[] {
  const { env } = input;
  if (platform === 'darwin') return macosAttempts(input);
  if (platform === 'win32') return windowsAttempts(input, { wsl: false });
  // WSL reaches the Windows clipboard directly; its own X or Wayland display (WSLg) only syncs to it.
  if (platform === 'linux' && isWsl(env)) return windowsAttempts(input, { wsl: true });
  const attempts: Attempt[] = [];
  if (env.WAYLAND_DISPLAY) attempts.push(...waylandAttempts(input));
  // Under XWayland both are set; the X tools then still reach the compositor's clipboard.
  if (env.DISPLAY) attempts.push(...x11Attempts(input));
  if (attempts.length === 0) {
    const overSsh = Boolean(env.SSH_TTY || env.SSH_CONNECTION);
    const reason = `no DISPLAY or WAYLAND_DISPLAY set${overSsh ? ': an SSH session without X11 forwarding' : ''}`;
    attempts.push({
      label: 'clipboard tools',
      flavours: ['text/plain'],
      run: async () => {
        throw new AttemptFailed('clipboard tools', reason);
      },
    });
  }
  return attempts;
}

function isWsl(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.WSL_DISTRO_NAME || env.WSL_INTEROP) || release().toLowerCase().includes('microsoft');
}

function methodOf(attempt: Attempt): string {
  return attempt.label.split(' via ').at(-1)!;
}

/** What the user reads after a tool worked: which flavours a composer will find, and why not both. */
function toolSummary(attempt: Attempt, content: ClipboardContent, failures: readonly AttemptFailed[]): string {
  const via = methodOf(attempt);
  if (content.html === undefined) return `Copied to the clipboard (text/plain, via ${via}).`;
  const { flavours } = attempt;
  if (flavours.length === 2) {
    return `Copied to the clipboard as formatted and plain text (text/html and text/plain, via ${via}): paste it into your mail composer.`;
  }
  if (flavours[0] === 'text/html') {
    return `Copied to the clipboard as text/html only (via ${via}, which offers one flavour at a time): a rich composer pastes it formatted, a plain-text field pastes nothing. With CopyQ running, both flavours are offered.`;
  }
  return `Copied the plain text only (text/plain, via ${via}), because no tool could offer text/html (${reasons(failures)}); the composer shows it unformatted.`;
}

function reasons(failures: readonly AttemptFailed[]): string {
  return [...new Set(failures.map((failure) => failure.message))].join('; ');
}

function pipeSuggestion(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return '| pbcopy';
    case 'win32':
      return '| clip';
    default:
      return '| xclip -selection clipboard (or | wl-copy on Wayland)';
  }
}
