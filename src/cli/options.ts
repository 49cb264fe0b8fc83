import type { Argv } from 'yargs';

/** Options that several commands share, written once. */

/** A string option that may be given many times (`--cc a --cc b`). */
export const repeatable = (describe: string) =>
  ({ type: 'string', array: true, default: [] as string[], requiresArg: true, describe }) as const;

const text = (describe: string) => ({ type: 'string', requiresArg: true, describe }) as const;
const flag = (describe: string) => ({ type: 'boolean', default: false, describe }) as const;

export const OPTIONS = {
  set: repeatable('Set a field: --set path=value (repeatable; applied last)'),
  today: text('The date defaults are computed from, YYYY-MM-DD (default: today)'),
  contextProfile: text('Profile file with sender and SMTP settings (default: $AFTERVIEW_PROFILE or ~/.config/afterview/profile.yaml)'),
  templatesProfile: text('Profile file (for its templates folder)'),
  replyTo: text("Answer this email (.eml) in its thread: to its author, with 'Re:' and its date as the offer or decision date"),
  templates: text(
    'Your templates folder: files replacing built-in ones, and new templates (default: `templates:` in the profile, else ~/.config/afterview/templates)',
  ),
  cc: repeatable('Copy to this address (repeatable)'),
  bcc: repeatable('Blind copy to this address (repeatable; in no header)'),
  attach: repeatable('Attach a file (repeatable)'),
  person: (what: string) => text(`A panel: only this person's ${what}, by number (1, 2…) or name`),
  smtp: text('SMTP server: smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (default: $AFTERVIEW_SMTP_URL, then the profile)'),
  insecure: (protocol: 'SMTP' | 'IMAP') => flag(`Allow unencrypted ${protocol} to a host off this machine`),
  force: flag,
  flag,
  text,
};

/** `--templates` and `--profile`, for the commands that only need the templates in use. */
export function templatesOptions<T>(command: Argv<T>) {
  return command.option('templates', OPTIONS.templates).option('profile', OPTIONS.templatesProfile);
}

/** The template, its context files and the options of every command that reads a context. */
export function contextOptions<T>(command: Argv<T>, names: string) {
  return command
    .positional('template', { type: 'string', demandOption: true, describe: `One of: ${names}` })
    .positional('context', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Context files (YAML or JSON), later ones override earlier; "-" reads standard input',
    })
    .option('set', OPTIONS.set)
    .option('today', OPTIONS.today)
    .option('profile', OPTIONS.contextProfile)
    .option('reply-to', OPTIONS.replyTo)
    .option('templates', OPTIONS.templates);
}
