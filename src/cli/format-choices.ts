import type { Format } from '../index.js';

/**
 * The library's formats, for --format's choices and the everyday render's check
 * (simple-render.ts). Written out so that the parser can be built without loading the
 * library; test/start-paths.test.ts checks this list against the library's own.
 */
export const formats = ['text', 'html', 'message', 'json', 'eml'] as const satisfies readonly Format[];
