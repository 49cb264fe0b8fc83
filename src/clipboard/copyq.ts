import { runTool } from './run-tool.js';
import type { Attempt, BackendInput } from './types.js';

/**
 * CopyQ, the clipboard manager, is the one packaged tool for X11 and Wayland that puts several
 * flavours on the clipboard at once (`copyq copy MIME DATA MIME DATA`). It needs its server
 * running; without it, it says "Cannot connect to server" at once, and the next tool is tried.
 */
export function copyqAttempt({ content, env, timeoutMs }: BackendInput, display: 'x11' | 'wayland'): Attempt | undefined {
  if (content.html === undefined) return undefined;
  const label = 'text/html and text/plain via copyq';
  return {
    label,
    flavours: ['text/html', 'text/plain'],
    display,
    run: () =>
      runTool({
        label,
        command: 'copyq',
        args: ['copy', 'text/html', content.html!, 'text/plain', content.text],
        install: 'the copyq package, and start it',
        env,
        timeoutMs,
        display,
      }),
  };
}
