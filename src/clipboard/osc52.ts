import { AttemptFailed, errorMessage, firstLine } from './types.js';

/**
 * Many terminals cap OSC 52 payloads at around 100 kB and drop a longer sequence silently, so
 * refusing is more honest than reporting a copy that never happened. The cap applies to what
 * the terminal receives: the base64 text.
 */
const OSC52_MAX_ENCODED_BYTES = 100_000;

export const OSC52_LABEL = 'OSC 52 escape sequence';

/**
 * OSC 52 with the `c` (clipboard) selection. tmux swallows escape sequences it does not know
 * unless they arrive in its DCS passthrough, in which every ESC of the inner sequence is doubled.
 */
function osc52Sequence(base64: string, inTmux: boolean): string {
  const osc = `\x1b]52;c;${base64}\x07`;
  return inTmux ? `\x1bPtmux;${osc.replaceAll('\x1b', '\x1b\x1b')}\x1b\\` : osc;
}

/** Asks the terminal to copy plain text; returns the caveat the user should read. */
export function copyWithOsc52(
  text: string,
  env: NodeJS.ProcessEnv,
  terminal: { isTTY: boolean; write(chunk: string): void } | undefined,
): string {
  if (!terminal) throw new AttemptFailed(OSC52_LABEL, 'no terminal to send it to');
  if (!terminal.isTTY) throw new AttemptFailed(OSC52_LABEL, 'the output is not a terminal');
  const payload = Buffer.from(text, 'utf8').toString('base64');
  if (payload.length > OSC52_MAX_ENCODED_BYTES) {
    throw new AttemptFailed(
      OSC52_LABEL,
      `the content is ${kilobytes(Buffer.byteLength(text, 'utf8'))} (${kilobytes(payload.length)} in base64), more than the ${kilobytes(OSC52_MAX_ENCODED_BYTES)} many terminals accept over OSC 52`,
    );
  }
  const inTmux = Boolean(env.TMUX);
  try {
    terminal.write(osc52Sequence(payload, inTmux));
  } catch (error) {
    throw new AttemptFailed(OSC52_LABEL, `writing to the terminal failed: ${firstLine(errorMessage(error))}`, { cause: error });
  }
  return inTmux
    ? 'Not every terminal honours OSC 52, and tmux passes it on only with `set -g allow-passthrough on`'
    : 'Not every terminal honours OSC 52';
}

function kilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1000)} kB`;
}
