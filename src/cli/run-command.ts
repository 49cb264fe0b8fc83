import { AfterviewError } from '../index.js';
import type { Runner, RunContext } from './commands.js';
import { describeError, EXIT_CODES } from './errors.js';

/**
 * Runs a command and returns its exit code: an error the user can fix is told in the
 * CLI's terms with its exit code (README, "Exit codes"); anything else is a bug, shown whole.
 */
export async function runCommand(runner: Runner, context: RunContext): Promise<number> {
  try {
    return await runner(context);
  } catch (error) {
    if (error instanceof AfterviewError) {
      context.print.error(describeError(error));
      return EXIT_CODES[error.code];
    }
    // Not something the user can fix: show everything, for a bug report.
    context.print.error(`internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 70;
  }
}
