import type { Format } from '../index.js';
import { formats } from './format-choices.js';
import type { RenderArgs } from './render-command.js';

/**
 * The everyday render, `render TEMPLATE FILE… [--format F] [--today D]`, read without
 * yargs: building the parser and its help (which yargs does for every command it runs)
 * costs more than rendering. Only these plain forms are read here, each into exactly
 * the arguments yargs gives; anything else (another option, `--format=html`, a repeated
 * option, a value that is not one, no file) returns undefined and goes to yargs, so that
 * its checks, errors and suggestions stay what they are.
 */
export function simpleRenderArgs(args: readonly string[]): (RenderArgs & { _: string[] }) | undefined {
  const [command, template, ...rest] = args;
  if (command !== 'render' || template === undefined || !looksLikeTemplateName(template)) return undefined;
  const context: string[] = [];
  let format: Format | undefined;
  let today: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '-' || !arg.startsWith('-')) {
      context.push(arg);
      continue;
    }
    const value = rest[++i];
    if (value === undefined || value.startsWith('-')) return undefined;
    if (arg === '--format' && format === undefined && (formats as readonly string[]).includes(value)) format = value as Format;
    else if (arg === '--today' && today === undefined) today = value;
    else return undefined;
  }
  if (context.length === 0) return undefined;
  return { _: ['render'], template, context, set: [], format: format ?? 'text', today, force: false, open: false, long: false };
}

/**
 * A word of lower-case letters, digits and "-" that starts with a letter, as a template's name
 * is; the render command says what is wrong with any other. A scan, not a pattern: V8 compiles a
 * pattern on its first use and again on its second, which a cold render would pay for this.
 */
function looksLikeTemplateName(word: string): boolean {
  const first = word.charCodeAt(0);
  if (!(first >= 97 && first <= 122)) return false;
  for (let i = 1; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45)) return false;
  }
  return true;
}
