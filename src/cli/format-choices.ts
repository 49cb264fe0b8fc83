import type { Format } from '../index.js';

/**
 * The library's formats, for --format's choices. Written out because the parser and the
 * everyday render's check (simple-render.ts, also in bin/afterview.js's first step) come
 * before the library is loaded; test/cli.test.ts checks this list against the library's own.
 */
export const formats = ['text', 'html', 'message', 'json', 'eml'] as const satisfies readonly Format[];
