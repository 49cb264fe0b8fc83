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

/**
 * A next step an error suggests, as data: the library words it in its own
 * terms (in `hint`), and a program such as the CLI may word it in its own
 * (naming its commands and options) instead.
 */
export type AfterviewAdvice =
  /** Look at a complete, commented example context (of this template, when known). */
  | { kind: 'example'; template?: string; checkFile?: boolean }
  /** Fix the YAML syntax at the place named, then check again. */
  | { kind: 'yaml-syntax' }
  /** Fix the JSON syntax at the place named, then check again. */
  | { kind: 'json-syntax' }
  /** The context file named does not exist: check the path, or start one from an example. */
  | { kind: 'context-path' }
  /** The profile named does not exist: check the path given for it. */
  | { kind: 'profile-path' }
  /** See which templates there are and what each is for. */
  | { kind: 'list-templates'; templates: readonly string[] }
  /** How a `set` assignment is written: `path=value`. */
  | { kind: 'set-syntax' }
  /** A date compared with today: check it, or the date taken as today. */
  | { kind: 'today' }
  /** Several messages make several documents: write one file per person, or use JSON. */
  | { kind: 'one-document-each'; format: string }
  /** A message has no address to go to: give one in the context, or an address to use instead. */
  | { kind: 'recipient-address' }
  /** An attachment is not a file: check the path given for it. */
  | { kind: 'attachment-path' }
  /** A draft that could not be saved waits in the outbox: save the waiting drafts once the cause is fixed. */
  | { kind: 'save-waiting-drafts' }
  /** It may have been delivered: check with the recipient, then send it again only if it did not arrive. */
  | { kind: 'resend-with-force' }
  /** A reply answers an email given as a .eml file. */
  | { kind: 'reply-eml' }
  /** A reply goes to one person: answer without the email, or address one person. */
  | { kind: 'reply-to-one' }
  /** Nothing could copy: write the message to a file, or pipe its text into the platform's clipboard tool (`pipe`). */
  | { kind: 'clipboard-fallback'; pipe: string }
  /** The user's templates folder named cannot be used: check its path and permissions. */
  | { kind: 'templates-path' };

/** One problem found in a context, located by its field path. */
export interface ContextIssue {
  /** Field path as the user writes it in a `set` assignment, e.g. `recipients.1.email`; empty for the whole context. */
  path: string;
  /** In a panel, the name of the person whose entry (`recipients.N`) the path leads into. */
  person?: string;
  /** What is wrong and, where it helps, what to write instead. */
  message: string;
  /** Where the offending value was written, when it came from a file: `file:line`. */
  source?: string;
  /** A next step for this problem alone, worded after the message. */
  advice?: AfterviewAdvice;
}

export interface AfterviewErrorOptions {
  issues?: ContextIssue[];
  cause?: unknown;
  /** A line telling the user what to do next, printed after the issues. Default: the library's wording of `advice`. */
  hint?: string;
  /** The next step, as data, for a program to word in its own terms. */
  advice?: AfterviewAdvice;
}

/** The library's own wording of each piece of advice. */
export function adviceText(advice: AfterviewAdvice): string {
  switch (advice.kind) {
    case 'example':
      return `${advice.checkFile ? 'Is it the right file? ' : ''}exampleContext(${advice.template ? JSON.stringify(advice.template) : 'template'}) gives a complete, commented example; jsonSchema(${advice.template ? JSON.stringify(advice.template) : 'template'}) describes every field.`;
    case 'yaml-syntax':
      return 'Fix the YAML syntax there (indentation, quotes, colons), then check the context again to see the next problem.';
    case 'json-syntax':
      return 'Fix the JSON syntax there (names and text in double quotes, a comma between entries, every { and [ closed), then check the context again to see the next problem.';
    case 'context-path':
      return 'Check the path of the context file.';
    case 'profile-path':
      return 'Check the path of the profile (the `profile` option, or $AFTERVIEW_PROFILE).';
    case 'list-templates':
      return `Templates: ${advice.templates.join(', ')}. listTemplates() says what each is for.`;
    case 'set-syntax':
      return 'Write each assignment as path=value, e.g. recipient.name="Ana Ruiz" or offer.base=165000.';
    case 'today':
      return 'or the date given as `today`';
    case 'one-document-each':
      return 'Write them with writeMessages(), which makes one file per person, or format them as json.';
    case 'recipient-address':
      return 'Add recipient.email to the context, or give a `to` address.';
    case 'attachment-path':
      return 'Check the path in `attachments`.';
    case 'save-waiting-drafts':
      return 'saveOutboxDrafts() saves it once this is fixed.';
    case 'resend-with-force':
      return 'check with the recipient, then send it with `force: true` if it did not arrive';
    case 'reply-eml':
      return 'Give readReplyEml() the email you are answering, saved from your mail client as a .eml file ("Save as" or "Download message").';
    case 'reply-to-one':
      return 'Answer it without the email (no `reply`), or write `recipient` instead of `recipients`.';
    case 'clipboard-fallback':
      return `Write the message to a file instead (writeMessages()), or pipe its text into a clipboard tool (${advice.pipe}).`;
    case 'templates-path':
      return 'Check the templates folder given (the `templates` option, or `templates:` in the profile) and its permissions.';
  }
}

/** An issue as one line: where it was written, its path (naming the panel member), what is wrong, and its own advice worded by `word`. */
export function issueLine(issue: ContextIssue, word: (advice: AfterviewAdvice) => string = adviceText): string {
  // A problem given by a `set` assignment is located by the assignment itself, which already names the path.
  const path = issue.source?.endsWith(` ${issue.path}`) && !issue.source.includes(':') ? '' : namedPath(issue);
  const where = [issue.source, path].filter(Boolean).join(': ');
  const advice = issue.advice ? `, ${word(issue.advice)}` : '';
  return `  - ${where ? `${where}: ` : ''}${issue.message}${advice}`;
}

/** `recipients.3 (Ana Ruiz).email`: the path, with the person its panel entry is for. */
function namedPath(issue: ContextIssue): string {
  const entry = issue.person ? /^recipients\.\d+/.exec(issue.path) : null;
  return entry ? `${entry[0]} (${issue.person})${issue.path.slice(entry[0].length)}` : issue.path;
}

/** The one error class afterview throws for anything a user can cause. */
export class AfterviewError extends Error {
  override readonly name = 'AfterviewError';
  readonly code: AfterviewErrorCode;
  /** The first line of the message: what went wrong, without the list of problems. */
  readonly summary: string;
  readonly issues: ContextIssue[];
  readonly hint: string | undefined;
  readonly advice: AfterviewAdvice | undefined;

  /** `message` is the summary; the error's own `message` adds every issue, one a line, so that a logged error says what is wrong. */
  constructor(code: AfterviewErrorCode, message: string, options: AfterviewErrorOptions = {}) {
    const issues = options.issues ?? [];
    super(
      [message, ...issues.map((issue) => issueLine(issue))].join('\n'),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.summary = message;
    this.issues = issues;
    this.advice = options.advice;
    this.hint = options.hint ?? (options.advice ? adviceText(options.advice) : undefined);
  }

  /** The message and the hint: everything a person needs, in the library's terms. */
  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

export function isAfterviewError(error: unknown): error is AfterviewError {
  return error instanceof AfterviewError;
}
