import { type AfterviewAdvice, type AfterviewError, type AfterviewErrorCode, adviceText, issueLine } from '../index.js';

/** The exit status for each kind of error (README, "Exit codes"). */
export const EXIT_CODES: Record<AfterviewErrorCode, number> = {
  INVALID_CONTEXT: 1,
  INVALID_INPUT: 1,
  TEMPLATE_ERROR: 1,
  UNKNOWN_TEMPLATE: 2,
  USAGE: 2,
  SEND_FAILED: 3,
  CLIPBOARD_UNAVAILABLE: 4,
};

/** The library's advice in the CLI's terms: its commands and options. */
export function cliAdvice(advice: AfterviewAdvice): string {
  switch (advice.kind) {
    case 'example':
      return `${advice.checkFile ? 'Is it the right file? ' : ''}Run \`afterview init ${advice.template ?? '<template>'}\` for a complete, commented example.`;
    case 'yaml-syntax':
      return 'Fix the YAML syntax there (indentation, quotes, colons), then run `afterview validate` again to see the next problem.';
    case 'json-syntax':
      return 'Fix the JSON syntax there (names and text in double quotes, a comma between entries, every { and [ closed), then run `afterview validate` again to see the next problem.';
    case 'context-path':
      return 'Check the path, or create one with `afterview init <template> --out FILE`.';
    case 'profile-path':
      return 'Check the path given with --profile or $AFTERVIEW_PROFILE.';
    case 'list-templates':
      return `Templates: ${advice.templates.join(', ')}. Run \`afterview list\` to see what each is for.`;
    case 'set-syntax':
      return 'Write --set as path=value, e.g. --set recipient.name="Ana Ruiz" or --set offer.base=165000.';
    case 'today':
      return 'or pass --today';
    case 'one-document-each':
      return 'Give --out FILE to write one file per person, or use --format json.';
    case 'recipient-address':
      return 'Add recipient.email to the context, or pass --to ADDRESS.';
    case 'attachment-path':
      return 'Check the path given to --attach.';
    case 'save-waiting-drafts':
      return '`afterview outbox --send` saves it once this is fixed.';
    case 'resend-with-force':
      return 'check with the recipient, then --force';
    case 'reply-eml':
      return 'Give --reply-to the email you are answering, saved from your mail client as a .eml file ("Save as" or "Download message").';
    case 'reply-to-one':
      return 'Leave out --reply-to, or use `recipient`.';
    case 'clipboard-fallback':
      return `Write the result to a file with --out FILE instead, or pipe it into a clipboard tool: afterview render … ${advice.pipe}.`;
    case 'templates-path':
      return 'Check the path given with --templates or `templates:` in the profile, and its permissions.';
    default:
      return adviceText(advice);
  }
}

/** An error on one line, as a result of many reports it (`Not sent to …: …`), with its advice in the CLI's terms. */
export function describeInline(error: AfterviewError): string {
  return error.advice ? `${error.message} ${cliAdvice(error.advice)}` : error.message;
}

/** An error as the CLI prints it: what went wrong, every problem on its own line, then what to do. */
export function describeError(error: AfterviewError): string {
  const lines = [error.summary, ...error.issues.map((issue) => issueLine(issue, cliAdvice))];
  const hint = error.advice ? cliAdvice(error.advice) : error.hint;
  if (hint) lines.push(hint);
  return lines.join('\n');
}
