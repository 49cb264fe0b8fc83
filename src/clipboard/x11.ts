import { copyqAttempt } from './copyq.js';
import { runTool } from './run-tool.js';
import type { Attempt, BackendInput } from './types.js';

/**
 * X11: xclip and xsel each offer one flavour; with HTML, CopyQ (when its server runs) offers
 * both, then xclip offers text/html alone, then the plain text is copied.
 */
export function x11Attempts(input: BackendInput): Attempt[] {
  const { content, env, timeoutMs } = input;
  const attempts: Attempt[] = [];
  const both = copyqAttempt(input, 'x11');
  if (both) attempts.push(both);
  if (content.html !== undefined) {
    const label = 'text/html via xclip';
    attempts.push({
      label,
      flavours: ['text/html'],
      display: 'x11',
      run: () =>
        runTool({
          label,
          command: 'xclip',
          args: ['-selection', 'clipboard', '-t', 'text/html'],
          input: content.html,
          install: 'the xclip package',
          env,
          timeoutMs,
          display: 'x11',
        }),
    });
  }
  const xclip = 'text/plain via xclip';
  attempts.push({
    label: xclip,
    flavours: ['text/plain'],
    display: 'x11',
    run: () =>
      runTool({
        label: xclip,
        command: 'xclip',
        args: ['-selection', 'clipboard', '-t', 'UTF8_STRING'],
        input: content.text,
        install: 'the xclip package',
        env,
        timeoutMs,
        display: 'x11',
      }),
  });
  const xsel = 'text/plain via xsel';
  attempts.push({
    label: xsel,
    flavours: ['text/plain'],
    display: 'x11',
    run: () =>
      runTool({
        label: xsel,
        command: 'xsel',
        args: ['--clipboard', '--input'],
        input: content.text,
        install: 'the xsel package',
        env,
        timeoutMs,
        display: 'x11',
      }),
  });
  return attempts;
}
