import { COMMAND_NAMES } from './commands.js';
import type { Printer } from './io.js';
import type { Parsed } from './parser.js';

/** Edit distance, for "did you mean": small words only. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** For "Unknown argument: fromat", the option of the help text nearest to it (yargs suggests commands only). */
function closestOption(message: string, output: string): string | undefined {
  const unknown = /^Unknown arguments?: ([^,\s]+)/.exec(message)?.[1];
  if (!unknown) return undefined;
  const known = new Set([...output.matchAll(/--([a-z][a-z-]+)/g)].map((match) => match[1]!));
  let best: string | undefined;
  let bestDistance = 3;
  for (const option of known) {
    const d = distance(unknown, option);
    if (d < bestDistance) [best, bestDistance] = [option, d];
  }
  return best;
}

/** A usage error: the usage line and yargs' own advice ("Did you mean list?"), without the whole help text. Exit code 2. */
export function usageError(parsed: Parsed & { error: Error }, print: Printer): number {
  const lines = parsed.output.split('\n');
  const usage = lines[0] ?? '';
  const suggestion = lines.find((line) => line.startsWith('Did you mean'));
  const first = parsed.argv._[0];
  const known = typeof first === 'string' && COMMAND_NAMES.includes(first);
  if (typeof first === 'string' && !known && parsed.error.message === `Unknown argument: ${first}`) {
    print.error(`Unknown command "${first}".`);
    print.info(suggestion ?? `The commands: ${COMMAND_NAMES.join(', ')}.`);
    print.info('Run `afterview --help` for what each does.');
    return 2;
  }
  print.error(parsed.error.message.replace(/\n\s*/g, ' '));
  print.info(`Usage: ${usage}`);
  if (suggestion) print.info(suggestion);
  const option = closestOption(parsed.error.message, parsed.output);
  if (option) print.info(`Did you mean --${option}?`);
  print.info(`Run \`afterview${known ? ` ${first}` : ''} --help\` for the options.`);
  return 2;
}
