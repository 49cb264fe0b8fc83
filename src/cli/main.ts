// fs.promises is read where it is used (see output.ts).
import { promises as fs } from 'node:fs';
import { EXIT_CODES } from './errors.js';
import yargs, { type Argv } from 'yargs';
import { AfterviewError } from '../errors.js';
import { builtInTemplatesDir } from '../templates/paths.js';
import { templateCatalog } from './catalog.js';
import type { TemplateInfo } from '../index.js';
import type { ContextArgs } from './messages.js';
import type { RenderArgs } from './render-command.js';
import type { DueArgs } from './due-command.js';
import type { OutboxArgs, SendArgs } from './send-commands.js';
import type { DraftArgs } from './draft-command.js';
import { createPrinter, type CliIO, type Printer } from './io.js';
import { formatAddress } from '../render/address.js';
import { formats, writeFileAtomic, type Format } from './output.js';
import { simpleRenderArgs } from './simple-render.js';

const VERSION = '0.1.0';
/** `init application` and `schema application`: the application file (the journal), beside the templates. */
const APPLICATION = 'application';
const COMMANDS = new Set([
  'list',
  'init',
  'schema',
  'validate',
  'render',
  'send',
  'draft',
  'outbox',
  'due',
  'lint',
  'preview',
  'completion',
  'help',
]);

export function exitCodeFor(error: AfterviewError): number {
  return EXIT_CODES[error.code];
}

function contextOptions<T>(command: Argv<T>, templates: readonly TemplateInfo[]) {
  return command
    .positional('template', { type: 'string', demandOption: true, describe: `One of: ${templates.map((t) => t.name).join(', ')}` })
    .positional('context', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Context files (YAML or JSON), later ones override earlier; "-" reads standard input',
    })
    .option('set', {
      type: 'string',
      array: true,
      default: [] as string[],
      requiresArg: true,
      describe: 'Set a field: --set path=value (repeatable; applied last)',
    })
    .option('today', { type: 'string', requiresArg: true, describe: 'The date defaults are computed from, YYYY-MM-DD (default: today)' })
    .option('profile', {
      type: 'string',
      requiresArg: true,
      describe: 'Profile file with sender and SMTP settings (default: $AFTERVIEW_PROFILE or ~/.config/afterview/profile.yaml)',
    })
    .option('reply-to', {
      type: 'string',
      requiresArg: true,
      describe: "Answer this email (.eml) in its thread: to its author, with 'Re:' and its date as the offer or decision date",
    })
    .option('templates', templatesOption);
}

const templatesOption = {
  type: 'string',
  requiresArg: true,
  describe:
    'Your templates folder: files replacing built-in ones, and new templates (default: `templates:` in the profile, else ~/.config/afterview/templates)',
} as const;
const profileOption = { type: 'string', requiresArg: true, describe: 'Profile file (for its templates folder)' } as const;

interface TemplatesArgs {
  templates?: string | undefined;
  profile?: string | undefined;
}

function buildParser(templates: readonly TemplateInfo[]) {
  const contextCommand = <T>(command: Argv<T>) => contextOptions(command, templates);
  const names = templates.map((t) => t.name).join(', ');
  return yargs()
    .scriptName('afterview')
    .usage('$0 <command>\n\nWrite the messages a job seeker sends after an interview.')
    .command('list', 'List the templates and when to send each', (c) =>
      c
        .option('json', { type: 'boolean', default: false, describe: 'Print JSON: each name, summary and timing' })
        .option('templates', templatesOption)
        .option('profile', profileOption)
        .example('$0 list', 'The templates, what each is for and when to send it'),
    )
    .command('init <template>', 'Print a complete, commented example context (or "application": an application file)', (c) =>
      c
        .positional('template', { type: 'string', demandOption: true, describe: `One of: ${names}, or application (an application file)` })
        .option('out', { type: 'string', requiresArg: true, describe: 'Write it to this file (never overwrites)' })
        .option('templates', templatesOption)
        .option('profile', profileOption)
        .example('$0 init thank-you --out acme.yaml', 'Start a thank-you context in acme.yaml'),
    )
    .command('schema <template>', "Print the JSON Schema of a template's context (or of an application file)", (c) =>
      c
        .positional('template', { type: 'string', demandOption: true, describe: `One of: ${names}, or application` })
        .option('templates', templatesOption)
        .option('profile', profileOption)
        .example('$0 schema thank-you > thank-you.schema.json', 'For completion and checks in your editor'),
    )
    .command('validate <template> [context..]', 'Check a context without rendering it', (c) =>
      contextCommand(c).example('$0 validate thank-you acme.yaml', 'Lists every problem, with its file and line'),
    )
    .command('render <template> [context..]', 'Render a message', (c) =>
      contextCommand(c)
        .option('format', {
          choices: formats,
          default: 'text' as Format,
          requiresArg: true,
          describe:
            'text: subject, blank line, body; html: the email as a web page; message: the short message, and how it fits; json: every part; eml: a message file for your mail program',
        })
        .option('out', {
          type: 'string',
          requiresArg: true,
          describe: 'Write to this file instead of standard output (never replaces one)',
        })
        .option('force', { type: 'boolean', default: false, describe: 'With --out: replace a file that exists' })
        .option('copy', {
          type: 'string',
          describe: 'Put the body on the clipboard (--copy subject: the subject line); HTML as formatted and plain text',
        })
        .option('person', {
          type: 'string',
          requiresArg: true,
          describe: "A panel: only this person's message, by number (1, 2…) or name",
        })
        .option('open', {
          type: 'boolean',
          default: false,
          describe: 'Open a new message in your mail program (a mailto: link), addressed, with subject and text',
        })
        .option('long', {
          type: 'boolean',
          default: false,
          describe: 'With --format message: the longer short message, up to 300 characters (a paid LinkedIn note) instead of 200',
        })
        .example('$0 render thank-you acme.yaml', 'Print the subject, a blank line and the body')
        .example('$0 render thank-you acme.yaml --format html --out note.html', 'Write the email as a web page')
        .example('$0 render offer-review acme.yaml --set replyBy=2026-11-30', 'Change one field for this run'),
    )
    .command('send <template> [context..]', 'Render and send by email (SMTP), asking first', (c) =>
      contextCommand(c)
        .option('to', {
          type: 'string',
          array: true,
          default: [] as string[],
          requiresArg: true,
          describe: "Send to this address instead of the context's recipient",
        })
        .option('cc', {
          type: 'string',
          array: true,
          default: [] as string[],
          requiresArg: true,
          describe: 'Copy to this address (repeatable)',
        })
        .option('bcc', {
          type: 'string',
          array: true,
          default: [] as string[],
          requiresArg: true,
          describe: 'Blind copy to this address (repeatable; in no header)',
        })
        .option('attach', {
          type: 'string',
          array: true,
          default: [] as string[],
          requiresArg: true,
          describe: 'Attach a file (repeatable)',
        })
        .option('smtp', {
          type: 'string',
          requiresArg: true,
          describe:
            'SMTP server: smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (default: $AFTERVIEW_SMTP_URL, then the profile)',
        })
        .option('insecure', { type: 'boolean', default: false, describe: 'Allow unencrypted SMTP to a host off this machine' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'Check and show everything, send nothing' })
        .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Send without asking' })
        .option('force', { type: 'boolean', default: false, describe: 'Send even a message already sent' })
        .example('$0 send thank-you acme.yaml', 'Show it, ask, then send')
        .example('$0 send thank-you acme.yaml --dry-run', 'Check everything, send nothing'),
    )
    .command('draft <template> [context..]', "Render and save as drafts in the mailbox's Drafts folder (IMAP)", (c) =>
      contextOptions(c, templates)
        .option('to', {
          type: 'string',
          array: true,
          default: [] as string[],
          requiresArg: true,
          describe: "Address the draft to this address instead of the context's recipient",
        })
        .option('person', {
          type: 'string',
          requiresArg: true,
          describe: "A panel: only this person's draft, by number (1, 2…) or name",
        })
        .option('cc', {
          type: 'string',
          array: true,
          default: [] as string[],
          requiresArg: true,
          describe: 'Copy to this address (repeatable)',
        })
        .option('attach', {
          type: 'string',
          array: true,
          default: [] as string[],
          requiresArg: true,
          describe: 'Attach a file (repeatable)',
        })
        .option('insecure', { type: 'boolean', default: false, describe: 'Allow unencrypted IMAP to a host off this machine' })
        .example('$0 draft thank-you acme.yaml', 'Save it in Drafts, to send from your mail program'),
    )
    .command('outbox', 'List the messages waiting to be sent', (c) =>
      c
        .option('send', { type: 'boolean', default: false, describe: 'Send them now' })
        .option('force', { type: 'boolean', default: false, describe: 'Also send messages that may already have been delivered' })
        .option('smtp', { type: 'string', requiresArg: true, describe: 'SMTP server (default: $AFTERVIEW_SMTP_URL, then the profile)' })
        .option('insecure', { type: 'boolean', default: false, describe: 'Allow unencrypted SMTP to a host off this machine' })
        .option('profile', { type: 'string', requiresArg: true, describe: 'Profile file with SMTP settings' })
        .example('$0 outbox', 'What is waiting, and why')
        .example('$0 outbox --send', 'Send it now'),
    )
    .command('due [paths..]', 'List what is due across your applications: notes to send, answers, check-ins', (c) =>
      c
        .positional('paths', {
          type: 'string',
          array: true,
          default: [] as string[],
          describe: "Application files or folders (default: the profile's applications folder, else this folder)",
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
        .option('ics', { type: 'string', requiresArg: true, describe: 'Also write the reminders to this iCalendar file' })
        .option('today', { type: 'string', requiresArg: true, describe: 'The date to count from, YYYY-MM-DD (default: today)' })
        .option('profile', { type: 'string', requiresArg: true, describe: 'Profile file (for its applications folder)' })
        .example('$0 due --today 2026-11-25', 'What to send or expect, by date'),
    )
    .command('preview <template> [context..]', 'Show the messages in the browser, live as files change', (c) =>
      contextCommand(c).option('open', {
        type: 'boolean',
        default: true,
        describe: 'Open the page in the browser (--no-open prints the address only)',
      }),
    )
    .command('lint [dir]', 'Check templates: fields, MJML, the example, budgets, nothing remote', (c) =>
      c
        .positional('dir', { type: 'string', describe: 'A templates folder (default: yours, else the built-ins)' })
        .option('templates', templatesOption)
        .option('profile', profileOption)
        .option('today', { type: 'string', requiresArg: true, describe: 'The date the examples are rendered on, YYYY-MM-DD' }),
    )
    .completion('completion', 'Print a shell completion script (bash or zsh): afterview completion >> ~/.bashrc')
    .example('$0 init thank-you --out acme.yaml', 'Start a context for a thank-you note')
    .example('$0 render thank-you acme.yaml --copy', 'Render it and copy it to the clipboard')
    .example('$0 send thank-you acme.yaml', 'Send it by email, after showing it and asking')
    .example('$0 draft thank-you acme.yaml', "Save it in your mailbox's Drafts folder, to send from there")
    .demandCommand(1, 'Give a command: list, init, schema, validate, render, send, draft, outbox, due, lint or preview.')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 80))
    .exitProcess(false);
}

interface Parsed {
  argv: Record<string, unknown> & { _: Array<string | number> };
  output: string;
  error: Error | undefined;
}

// yargs drops a bare "-" from positional arguments; it stands for standard input, so it is carried through in disguise.
const STDIN_ARGUMENT = '\u0000stdin';

function restoreStdinArguments(value: unknown): unknown {
  if (value === STDIN_ARGUMENT) return '-';
  return Array.isArray(value) ? value.map(restoreStdinArguments) : value;
}

/** yargs' reading of `args` (exported for the test that compares simple-render.ts with it). */
export async function parse(args: readonly string[]): Promise<Parsed> {
  let output = '';
  let error: Error | undefined;
  const disguised = args.map((arg) => (arg === '-' ? STDIN_ARGUMENT : arg));
  const argv = (await buildParser(await templateCatalog()).parseAsync(disguised, {}, (err, _argv, out) => {
    error = err ?? undefined;
    output = out;
  })) as Parsed['argv'];
  for (const key of Object.keys(argv)) argv[key] = restoreStdinArguments(argv[key]);
  return { argv, output, error };
}

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
function closestOption(parsed: Parsed): string | undefined {
  const unknown = /^Unknown arguments?: ([^,\s]+)/.exec(parsed.error?.message ?? '')?.[1];
  if (!unknown) return undefined;
  const known = new Set([...parsed.output.matchAll(/--([a-z][a-z-]+)/g)].map((match) => match[1]!));
  let best: string | undefined;
  let bestDistance = 3;
  for (const option of known) {
    const d = distance(unknown, option);
    if (d < bestDistance) [best, bestDistance] = [option, d];
  }
  return best;
}

/** The usage line and yargs' own advice ("Did you mean list?"), without the whole help text. */
function usageError(parsed: Parsed, print: Printer): number {
  const lines = parsed.output.split('\n');
  const usage = lines[0] ?? '';
  const suggestion = lines.find((line) => line.startsWith('Did you mean'));
  const first = parsed.argv._[0];
  const command = typeof first === 'string' && COMMANDS.has(first) ? ` ${first}` : '';
  if (typeof first === 'string' && !COMMANDS.has(first) && parsed.error!.message === `Unknown argument: ${first}`) {
    print.error(`Unknown command "${first}".`);
    print.info(suggestion ?? `The commands: ${[...COMMANDS].join(', ')}.`);
    print.info('Run `afterview --help` for what each does.');
    return 2;
  }
  print.error(parsed.error!.message.replace(/\n\s*/g, ' '));
  print.info(`Usage: ${usage}`);
  if (suggestion) print.info(suggestion);
  const option = closestOption(parsed);
  if (option) print.info(`Did you mean --${option}?`);
  print.info(`Run \`afterview${command} --help\` for the options.`);
  return 2;
}

async function listCommand(args: { json: boolean } & TemplatesArgs, io: CliIO, print: Printer): Promise<number> {
  const { templates: set } = await (await import('./templates-option.js')).commandTemplates(args, io.env);
  if (set) return (await import('./list-command.js')).listWithFolder(set, args.json, print);
  const templates = await templateCatalog();
  if (args.json) {
    print.out(JSON.stringify(templates, null, 2));
    return 0;
  }
  const width = Math.max(...templates.map((t) => t.name.length));
  for (const t of templates) print.out(`${t.name.padEnd(width)}  ${t.summary} Send ${t.timing}.`);
  return 0;
}

async function initCommand(
  args: { template: string; out?: string | undefined } & TemplatesArgs,
  io: CliIO,
  print: Printer,
): Promise<number> {
  let name = APPLICATION;
  let example: string;
  if (args.template === APPLICATION) {
    example = await fs.readFile(new URL('application.yaml', builtInTemplatesDir), 'utf8');
  } else {
    const { templates: set } = await (await import('./templates-option.js')).commandTemplates(args, io.env);
    const { templateDefinition } = await import('../render/render.js');
    name = set ? set.get(args.template).name : templateDefinition(args.template).name;
    example = set ? (set.example(name) ?? '') : await fs.readFile(new URL(`${name}/example.yaml`, builtInTemplatesDir), 'utf8');
  }
  if (args.out === undefined) {
    print.out(example);
    return 0;
  }
  const exists = await fs.stat(args.out).then(
    () => true,
    () => false,
  );
  if (exists) {
    throw new AfterviewError(
      'USAGE',
      `${args.out} already exists; afterview init never overwrites a file. Choose another name, or delete it first.`,
    );
  }
  await writeFileAtomic(args.out, example);
  print.info(
    name === APPLICATION
      ? `Wrote an example application file to ${args.out}. Edit it, then run: afterview due ${args.out}`
      : `Wrote an example ${name} context to ${args.out}. Edit it, then run: afterview render ${name} ${args.out}`,
  );
  return 0;
}

async function validateCommand(args: ContextArgs, io: CliIO, print: Printer): Promise<number> {
  const [{ loadMessages, printWarnings }, { checkContext }] = await Promise.all([import('./messages.js'), import('../render/render.js')]);
  const { gathered, options } = await loadMessages(args, io);
  const result = checkContext(args.template, gathered.context, options);
  printWarnings(result.warnings, print);
  const who = result.recipients.map(formatAddress).join(', ');
  const count = result.recipients.length === 1 ? '1 message' : `${result.recipients.length} messages`;
  print.info(`The context fits the ${args.template} template: ${count}, to ${who}.`);
  return 0;
}

/**
 * Runs the CLI on `args` (without the node and script names) and returns the
 * exit code. The only code that prints or decides an exit status.
 */
export async function run(args: readonly string[], io: CliIO): Promise<number> {
  const print = createPrinter(io);
  // `afterview help [COMMAND]` is `afterview [COMMAND] --help`.
  if (args[0] === 'help') args = [...args.slice(1, 2), '--help'];
  let parsed: Parsed;
  try {
    // The everyday render needs no parser (simple-render.ts); anything else goes to yargs.
    const simple = simpleRenderArgs(args);
    parsed = simple ? { argv: simple as unknown as Parsed['argv'], output: '', error: undefined } : await parse(args);
  } catch (error) {
    print.error((error as Error).message);
    return 2;
  }
  if (parsed.error) return usageError(parsed, print);
  const { argv } = parsed;
  // The shell asking for completions (the script `afterview completion` prints calls this).
  if (argv.help || argv.version || args[0] === '--get-yargs-completions') {
    print.out(parsed.output);
    return 0;
  }
  try {
    switch (argv._[0]) {
      case 'list':
        return await listCommand(argv as unknown as { json: boolean } & TemplatesArgs, io, print);
      case 'init':
        return await initCommand(argv as unknown as { template: string; out?: string } & TemplatesArgs, io, print);
      case 'schema': {
        const set =
          argv.template === APPLICATION
            ? undefined
            : (await (await import('./templates-option.js')).commandTemplates(argv as TemplatesArgs, io.env)).templates;
        print.out(
          JSON.stringify(
            argv.template === APPLICATION
              ? (await import('../journal/application.js')).applicationJsonSchema()
              : (await import('../context/schemas.js')).jsonSchema(String(argv.template), set),
            null,
            2,
          ),
        );
        return 0;
      }
      case 'validate':
        return await validateCommand(argv as unknown as ContextArgs, io, print);
      case 'send': {
        // Loaded only to send: nodemailer and the outbox are not needed to render.
        const { sendCommand } = await import('./send-commands.js');
        return await sendCommand(argv as unknown as SendArgs, io, print);
      }
      case 'draft': {
        // Loaded only for drafts: imapflow and the outbox are not needed to render.
        const { draftCommand } = await import('./draft-command.js');
        return await draftCommand(argv as unknown as DraftArgs, io, print);
      }
      case 'outbox': {
        const { outboxCommand } = await import('./send-commands.js');
        return await outboxCommand(argv as unknown as OutboxArgs, io, print);
      }
      case 'render': {
        const { renderCommand, contextsWithCopyValue } = await import('./render-command.js');
        return await renderCommand(contextsWithCopyValue(argv as unknown as RenderArgs, args), io, print);
      }
      case 'due': {
        const { dueCommand } = await import('./due-command.js');
        return await dueCommand(argv as unknown as DueArgs, io, print);
      }
      case 'preview': {
        const { previewCommand } = await import('./preview-command.js');
        return await previewCommand(argv as unknown as import('./preview-command.js').PreviewArgs, io, print);
      }
      case 'lint': {
        const { lintCommand } = await import('./lint-command.js');
        return await lintCommand(argv as unknown as import('./lint-command.js').LintArgs, io, print);
      }
      case 'completion':
        print.out(parsed.output);
        return 0;
      default:
        print.error(`Unknown command "${String(argv._[0])}".`);
        return 2;
    }
  } catch (error) {
    if (error instanceof AfterviewError) {
      print.error((await import('./errors.js')).describeError(error));
      return exitCodeFor(error);
    }
    // Not something the user can fix: show everything, for a bug report.
    print.error(`internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 70;
  }
}

/** The `afterview` binary: the real process, streams and clock. */
export async function runFromProcess(): Promise<void> {
  // A reader that stops early (`afterview list | head -1`) has all it wanted: end quietly, as cat does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const code = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: standard input is set up only for the commands that read it (about a millisecond).
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    now: () => new Date(),
  });
  process.exitCode = code;
  if (code === EXIT_CODES.CLIPBOARD_UNAVAILABLE) {
    // A clipboard tool that never answered may still hold the event loop; leave once output is flushed.
    process.stdout.write('', () => process.exit(code));
  }
}
