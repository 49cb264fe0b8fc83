import { runTool } from './run-tool.js';
import type { Attempt, BackendInput } from './types.js';

/**
 * The general pasteboard through AppKit, from JavaScript for Automation (osascript ships with
 * macOS): both flavours as public.html and public.utf8-plain-text, read from standard input as
 * JSON so that no value is ever part of a script.
 */
const PASTEBOARD_SCRIPT = [
  "ObjC['import']('AppKit');",
  'const data = $.NSFileHandle.fileHandleWithStandardInput.readDataToEndOfFile;',
  'const content = JSON.parse($.NSString.alloc.initWithDataEncoding(data, $.NSUTF8StringEncoding).js);',
  'const board = $.NSPasteboard.generalPasteboard;',
  'board.clearContents;',
  "if (content.html !== undefined) board.setStringForType($(content.html), 'public.html');",
  "board.setStringForType($(content.text), 'public.utf8-plain-text');",
].join('\n');

export function macosAttempts({ content, env, timeoutMs }: BackendInput): Attempt[] {
  const attempts: Attempt[] = [];
  if (content.html !== undefined) {
    const label = 'text/html and text/plain via osascript';
    attempts.push({
      label,
      flavours: ['text/html', 'text/plain'],
      run: () =>
        runTool({
          label,
          command: 'osascript',
          args: ['-l', 'JavaScript', '-e', PASTEBOARD_SCRIPT],
          input: JSON.stringify(content),
          install: 'nothing: osascript comes with macOS',
          env,
          timeoutMs,
        }),
    });
  }
  const label = 'text/plain via pbcopy';
  attempts.push({
    label,
    flavours: ['text/plain'],
    run: () =>
      runTool({
        label,
        command: 'pbcopy',
        args: [],
        input: content.text,
        install: 'nothing: pbcopy comes with macOS',
        // pbcopy reads the locale to decode its input; without a UTF-8 one it mangles accents.
        env: { ...env, LANG: env.LANG?.includes('UTF-8') ? env.LANG : 'en_US.UTF-8' },
        timeoutMs,
      }),
  });
  return attempts;
}
