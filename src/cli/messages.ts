import { localToday } from '../format/dates.js';
import { gatherContext } from './context-input.js';
import type { CliIO, Printer } from './io.js';

/** The options of every command that reads a context. */
export interface ContextArgs {
  template: string;
  context: string[];
  set: string[];
  today?: string | undefined;
  profile?: string | undefined;
}

/** --today, else the date on the injected clock. */
export function today(args: { today?: string | undefined }, io: CliIO): string {
  return args.today ?? localToday(io.now());
}

/** The merged context and the options to render it with: what `validate`, `render` and `send` share. */
export async function loadMessages(args: ContextArgs, io: CliIO) {
  const gathered = await gatherContext(
    { template: args.template, contexts: args.context, set: args.set, profile: args.profile },
    io.env,
    // Only when a context is "-": setting up standard input costs a millisecond or two.
    args.context.includes('-') ? io.stdin : undefined,
  );
  return { gathered, options: { today: today(args, io), locate: gathered.locate } };
}

export function printWarnings(warnings: readonly string[], print: Printer): void {
  for (const warning of new Set(warnings)) print.warn(warning);
}
