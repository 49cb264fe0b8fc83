/**
 * What went wrong, in a form a program can branch on. The CLI maps each code
 * to an exit status (see `exitCodeFor` in the CLI); library users switch on it.
 */
export type AfterviewErrorCode =
  /** The context does not fit the template's schema (exit 1). */
  | 'INVALID_CONTEXT'
  /** An input file or stream could not be read or parsed (exit 1). */
  | 'INVALID_INPUT'
  /** No template has that name (exit 2). */
  | 'UNKNOWN_TEMPLATE'
  /** The command line is wrong: unknown option, bad value, missing argument (exit 2). */
  | 'USAGE'
  /** A message could not be sent (exit 3). */
  | 'SEND_FAILED'
  /** Nothing could put the result on a clipboard (exit 4). */
  | 'CLIPBOARD_UNAVAILABLE'
  /** A template file is broken: a bug in afterview or in a user's template. */
  | 'TEMPLATE_ERROR';

/** One problem found in a context, located by its field path. */
export interface ContextIssue {
  /** Field path as the user writes it, e.g. `recipients[1].email`; empty for the whole context. */
  path: string;
  /** What is wrong and, where it helps, what to write instead. */
  message: string;
  /** Where the offending value was written, when it came from a file: `file:line`. */
  source?: string;
}

export interface AfterviewErrorOptions {
  issues?: ContextIssue[];
  cause?: unknown;
  /** A line telling the user what to do next, printed after the issues. */
  hint?: string;
}

/** The one error class afterview throws for anything a user can cause. */
export class AfterviewError extends Error {
  override readonly name = 'AfterviewError';
  readonly code: AfterviewErrorCode;
  readonly issues: ContextIssue[];
  readonly hint: string | undefined;

  constructor(code: AfterviewErrorCode, message: string, options: AfterviewErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
    this.hint = options.hint;
  }

  /** The message with every issue on its own line, as the CLI prints it. */
  describe(): string {
    const lines = [this.message];
    for (const issue of this.issues) {
      // A problem set with --set is located by the option itself, which already names the path.
      const path = issue.source === `--set ${issue.path.replace(/\[(\d+)\]/g, '.$1')}` ? '' : issue.path;
      const where = [issue.source, path].filter(Boolean).join(': ');
      lines.push(`  - ${where ? `${where}: ` : ''}${issue.message}`);
    }
    if (this.hint) lines.push(this.hint);
    return lines.join('\n');
  }
}

export function isAfterviewError(error: unknown): error is AfterviewError {
  return error instanceof AfterviewError;
}
