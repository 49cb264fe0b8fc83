import { copyqAttempt } from './copyq.js';
import { runTool } from './run-tool.js';
import type { Attempt, BackendInput } from './types.js';

/**
 * Wayland: wl-copy offers one MIME type a call; with HTML, CopyQ (when its server runs) offers
 * both flavours, then wl-copy offers text/html alone, then the plain text is copied.
 */
export function waylandAttempts(input: BackendInput): Attempt[] {
  const { content, env, timeoutMs } = input;
  const attempts: Attempt[] = [];
  const both = copyqAttempt(input, 'wayland');
  if (both) attempts.push(both);
  const wlCopy = (flavour: 'text/html' | 'text/plain', text: string): Attempt => {
    const label = `${flavour} via wl-copy`;
    return {
      label,
      flavours: [flavour],
      display: 'wayland',
      run: () =>
        runTool({
          label,
          command: 'wl-copy',
          args: ['--type', flavour === 'text/html' ? 'text/html' : 'text/plain;charset=utf-8'],
          input: text,
          install: 'the wl-clipboard package',
          env,
          timeoutMs,
          display: 'wayland',
        }),
    };
  };
  if (content.html !== undefined) attempts.push(wlCopy('text/html', content.html));
  attempts.push(wlCopy('text/plain', content.text));
  return attempts;
}
