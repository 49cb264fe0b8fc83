import { checkContext, formatAddress } from '../index.js';
import type { CliIO, Printer } from './io.js';
import type { ContextArgs } from './messages.js';

/** `afterview validate`: checks a context as `render` would read it, and says whom it addresses. */
export async function validateCommand(args: ContextArgs, io: CliIO, print: Printer): Promise<number> {
  const { loadMessages, printWarnings } = await import('./messages.js');
  const { gathered, options } = await loadMessages(args, io);
  const result = checkContext(args.template, gathered.context, options);
  printWarnings(result.warnings, print);
  const who = result.recipients.map(formatAddress).join(', ');
  const count = result.recipients.length === 1 ? '1 message' : `${result.recipients.length} messages`;
  print.info(`The context fits the ${args.template} template: ${count}, to ${who}.`);
  return 0;
}
