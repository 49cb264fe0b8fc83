/**
 * yargs drops a bare "-" from positional arguments; it stands for standard
 * input, so it is carried through the parser in disguise and restored after.
 */
const STDIN_ARGUMENT = '\u0000stdin';

export function disguiseStdinArguments(args: readonly string[]): string[] {
  return args.map((arg) => (arg === '-' ? STDIN_ARGUMENT : arg));
}

function restore(value: unknown): unknown {
  if (value === STDIN_ARGUMENT) return '-';
  return Array.isArray(value) ? value.map(restore) : value;
}

/** Puts each "-" back in the parsed arguments (in place). */
export function restoreStdinArguments<T extends Record<string, unknown>>(args: T): T {
  const values: Record<string, unknown> = args;
  for (const key of Object.keys(values)) values[key] = restore(values[key]);
  return args;
}
