import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { CliIO, Printer } from './io.js';
import type { RenderArgs } from './render-command.js';
import { contextOptions, OPTIONS, repeatable, templatesOptions } from './options.js';
import { formats } from './format-choices.js';
import { restoreStdinArguments } from './stdin-argument.js';

/** What a command runs with besides its arguments. */
export interface RunContext {
  io: CliIO;
  print: Printer;
  /** The arguments as typed, for the few options whose meaning depends on their place. */
  raw: readonly string[];
}

export type Runner = (context: RunContext) => Promise<number>;

/** One command: what help shows, and how it joins the parser. */
export interface Command {
  name: string;
  usage: string;
  describe: string;
  /** Adds the command to `parser`; once its arguments parse, `select` receives what to run. */
  register(parser: Argv, templateNames: string, select: (runner: Runner) => void): Argv;
}

/**
 * A command whose handler gets exactly the arguments its options declare. Each
 * handler imports its own module: a command loads only what it needs (nodemailer
 * to send, imapflow for drafts), and `--help` loads no command at all.
 */
function defineCommand<A>(spec: {
  name: string;
  usage: string;
  describe: string;
  options: (command: Argv, templateNames: string) => Argv<A>;
  run: (args: ArgumentsCamelCase<A>, context: RunContext) => Promise<number>;
}): Command {
  return {
    name: spec.name,
    usage: spec.usage,
    describe: spec.describe,
    register: (parser, templateNames, select) =>
      parser.command(
        spec.usage,
        spec.describe,
        (command) => spec.options(command, templateNames),
        (args) => {
          const restored = restoreStdinArguments(args);
          select((context) => spec.run(restored, context));
        },
      ),
  };
}

/** `render`, also for the everyday form that main.ts reads without the parser. */
export function renderRunner(args: RenderArgs): Runner {
  return async ({ io, print, raw }) => {
    const { renderCommand, contextsWithCopyValue } = await import('./render-command.js');
    return renderCommand(contextsWithCopyValue(args, raw), io, print);
  };
}

/** Every command, in the order help lists them: the one list the parser, help, usage errors and dispatch read. */
export const COMMANDS: readonly Command[] = [
  defineCommand({
    name: 'list',
    usage: 'list',
    describe: 'List the templates and when to send each',
    options: (c) =>
      templatesOptions(c.option('json', OPTIONS.flag('Print JSON: each name, summary and timing'))).example(
        '$0 list',
        'The templates, what each is for and when to send it',
      ),
    run: async (args, { io, print }) => (await import('./template-commands.js')).listCommand(args, io, print),
  }),
  defineCommand({
    name: 'init',
    usage: 'init <template>',
    describe: 'Print a complete, commented example context (or "application": an application file)',
    options: (c, names) =>
      templatesOptions(
        c
          .positional('template', {
            type: 'string',
            demandOption: true,
            describe: `One of: ${names}, or application (an application file)`,
          })
          .option('out', OPTIONS.text('Write it to this file (never overwrites)')),
      ).example('$0 init thank-you --out acme.yaml', 'Start a thank-you context in acme.yaml'),
    run: async (args, { io, print }) => (await import('./template-commands.js')).initCommand(args, io, print),
  }),
  defineCommand({
    name: 'schema',
    usage: 'schema <template>',
    describe: "Print the JSON Schema of a template's context (or of an application file)",
    options: (c, names) =>
      templatesOptions(
        c.positional('template', { type: 'string', demandOption: true, describe: `One of: ${names}, or application` }),
      ).example('$0 schema thank-you > thank-you.schema.json', 'For completion and checks in your editor'),
    run: async (args, { io, print }) => (await import('./template-commands.js')).schemaCommand(args, io, print),
  }),
  defineCommand({
    name: 'validate',
    usage: 'validate <template> [context..]',
    describe: 'Check a context without rendering it',
    options: (c, names) =>
      contextOptions(c, names).example('$0 validate thank-you acme.yaml', 'Lists every problem, with its file and line'),
    run: async (args, { io, print }) => (await import('./validate-command.js')).validateCommand(args, io, print),
  }),
  defineCommand({
    name: 'render',
    usage: 'render <template> [context..]',
    describe: 'Render a message',
    options: (c, names) =>
      contextOptions(c, names)
        .option('format', {
          choices: formats,
          default: 'text' as (typeof formats)[number],
          requiresArg: true,
          describe:
            'text: subject, blank line, body; html: the email as a web page; message: the short message, and how it fits; json: every part; eml: a message file for your mail program',
        })
        .option('out', OPTIONS.text('Write to this file instead of standard output (never replaces one)'))
        .option('force', OPTIONS.force('With --out: replace a file that exists'))
        .option('copy', {
          type: 'string',
          describe: 'Put the body on the clipboard (--copy subject: the subject line); HTML as formatted and plain text',
        })
        .option('person', OPTIONS.person('message'))
        .option('open', OPTIONS.flag('Open a new message in your mail program (a mailto: link), addressed, with subject and text'))
        .option(
          'long',
          OPTIONS.flag('With --format message: the longer short message, up to 300 characters (a paid LinkedIn note) instead of 200'),
        )
        .example('$0 render thank-you acme.yaml', 'Print the subject, a blank line and the body')
        .example('$0 render thank-you acme.yaml --format html --out note.html', 'Write the email as a web page')
        .example('$0 render offer-review acme.yaml --set replyBy=2026-11-30', 'Change one field for this run'),
    run: (args, context) => renderRunner(args)(context),
  }),
  defineCommand({
    name: 'send',
    usage: 'send <template> [context..]',
    describe: 'Render and send by email (SMTP), asking first',
    options: (c, names) =>
      contextOptions(c, names)
        .option('to', repeatable("Send to this address instead of the context's recipient"))
        .option('cc', OPTIONS.cc)
        .option('bcc', OPTIONS.bcc)
        .option('attach', OPTIONS.attach)
        .option('smtp', OPTIONS.smtp)
        .option('insecure', OPTIONS.insecure('SMTP'))
        .option('dry-run', OPTIONS.flag('Check and show everything, send nothing'))
        .option('yes', { alias: 'y', ...OPTIONS.flag('Send without asking') })
        .option('force', OPTIONS.force('Send even a message already sent'))
        .example('$0 send thank-you acme.yaml', 'Show it, ask, then send')
        .example('$0 send thank-you acme.yaml --dry-run', 'Check everything, send nothing'),
    // Loaded only to send: nodemailer and the outbox are not needed to render.
    run: async (args, { io, print }) => (await import('./send-commands.js')).sendCommand(args, io, print),
  }),
  defineCommand({
    name: 'draft',
    usage: 'draft <template> [context..]',
    describe: "Render and save as drafts in the mailbox's Drafts folder (IMAP)",
    options: (c, names) =>
      contextOptions(c, names)
        .option('to', repeatable("Address the draft to this address instead of the context's recipient"))
        .option('person', OPTIONS.person('draft'))
        .option('cc', OPTIONS.cc)
        .option('attach', OPTIONS.attach)
        .option('insecure', OPTIONS.insecure('IMAP'))
        .example('$0 draft thank-you acme.yaml', 'Save it in Drafts, to send from your mail program'),
    // Loaded only for drafts: imapflow and the outbox are not needed to render.
    run: async (args, { io, print }) => (await import('./draft-command.js')).draftCommand(args, io, print),
  }),
  defineCommand({
    name: 'outbox',
    usage: 'outbox',
    describe: 'List the messages waiting to be sent',
    options: (c) =>
      c
        .option('send', OPTIONS.flag('Send them now'))
        .option('force', OPTIONS.force('Also send messages that may already have been delivered'))
        .option('smtp', OPTIONS.text('SMTP server (default: $AFTERVIEW_SMTP_URL, then the profile)'))
        .option('insecure', OPTIONS.insecure('SMTP'))
        .option('profile', OPTIONS.text('Profile file with SMTP settings'))
        .example('$0 outbox', 'What is waiting, and why')
        .example('$0 outbox --send', 'Send it now'),
    run: async (args, { io, print }) => (await import('./send-commands.js')).outboxCommand(args, io, print),
  }),
  defineCommand({
    name: 'due',
    usage: 'due [paths..]',
    describe: 'List what is due across your applications: notes to send, answers, check-ins',
    options: (c) =>
      c
        .positional('paths', {
          type: 'string',
          array: true,
          default: [] as string[],
          describe: "Application files or folders (default: the profile's applications folder, else this folder)",
        })
        .option('json', OPTIONS.flag('Print JSON'))
        .option('ics', OPTIONS.text('Also write the reminders to this iCalendar file'))
        .option('today', OPTIONS.text('The date to count from, YYYY-MM-DD (default: today)'))
        .option('profile', OPTIONS.text('Profile file (for its applications folder)'))
        .example('$0 due --today 2026-11-25', 'What to send or expect, by date'),
    run: async (args, { io, print }) => (await import('./due-command.js')).dueCommand(args, io, print),
  }),
  defineCommand({
    name: 'lint',
    usage: 'lint [dir]',
    describe: 'Check templates: fields, MJML, the example, budgets, nothing remote',
    options: (c) =>
      templatesOptions(c.positional('dir', { type: 'string', describe: 'A templates folder (default: yours, else the built-ins)' })).option(
        'today',
        OPTIONS.text('The date the examples are rendered on, YYYY-MM-DD'),
      ),
    run: async (args, { io, print }) => (await import('./lint-command.js')).lintCommand(args, io, print),
  }),
  defineCommand({
    name: 'preview',
    usage: 'preview <template> [context..]',
    describe: 'Show the messages in the browser, live as files change',
    options: (c, names) =>
      contextOptions(c, names).option('open', {
        type: 'boolean',
        default: true,
        describe: 'Open the page in the browser (--no-open prints the address only)',
      }),
    run: async (args, { io, print }) => (await import('./preview-command.js')).previewCommand(args, io, print),
  }),
];

/** Commands yargs or `run` answer themselves, beside the list above. */
const BUILT_IN_COMMANDS = ['completion', 'help'] as const;

export const COMMAND_NAMES: readonly string[] = [...COMMANDS.map((command) => command.name), ...BUILT_IN_COMMANDS];
