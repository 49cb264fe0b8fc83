import type { Format } from '../index.js';
import { formats } from './format-choices.js';
import { isTemplateName } from '../templates/paths.js';
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
  if (command !== 'render' || template === undefined || !isTemplateName(template)) return undefined;
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
