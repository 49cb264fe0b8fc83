import { createInterface } from 'node:readline/promises';
import {
  AfterviewError,
  defaultStateDir,
  listOutbox,
  planSend,
  resolveSmtpSettings,
  type SendResult,
  type SmtpSettings,
  send,
  sendOutbox,
  smtpPresetUrl,
  urlHasPassword,
} from '../index.js';
import { findProfile } from './context-input.js';
import type { CliIO, Printer } from './io.js';
import { type DeliveryArgs, messagesToDeliver } from './delivery.js';
import { formatMessage } from './output.js';
import { describePlan, goesOut, progressFor, report } from './send-report.js';
import { localTime, withLocalTimes } from './times.js';

export interface SendArgs extends DeliveryArgs {
  bcc: string[];
  smtp?: string | undefined;
  insecure: boolean;
  dryRun: boolean;
  yes: boolean;
  force: boolean;
}

export interface OutboxArgs {
  send: boolean;
  force: boolean;
  smtp?: string | undefined;
  insecure: boolean;
  profile?: string | undefined;
}

interface SmtpArgs {
  smtp?: string | undefined;
  insecure: boolean;
}

type ProfileData = NonNullable<Awaited<ReturnType<typeof findProfile>>>['profile'];

async function smtpSettings(
  args: SmtpArgs,
  io: CliIO,
  profile: ProfileData | undefined,
  address: string | undefined,
  print: Printer,
): Promise<SmtpSettings> {
  // A preset (smtp: gmail) stands for the provider's URL with the sender's address as the user.
  const url = args.smtp === undefined ? undefined : await smtpPresetUrl(args.smtp, address);
  const envUrl = io.env.AFTERVIEW_SMTP_URL ? await smtpPresetUrl(io.env.AFTERVIEW_SMTP_URL, address) : undefined;
  const profileSmtp = typeof profile?.smtp === 'string' ? await smtpPresetUrl(profile.smtp, address) : profile?.smtp;
  const settings = resolveSmtpSettings({
    url,
    urlLabel: '--smtp',
    env: envUrl === undefined ? io.env : { ...io.env, AFTERVIEW_SMTP_URL: envUrl },
    profile: profileSmtp,
    insecure: args.insecure,
    passwordCommand: profile?.passwordCommand,
    accessTokenCommand: profile?.accessTokenCommand,
  });
  for (const warning of settings.warnings) print.warn(warning);
  if (args.smtp !== undefined && urlHasPassword(args.smtp)) {
    print.warn(
      'the password in --smtp can be read by every user of this machine while afterview runs (in `ps`); set $AFTERVIEW_SMTP_PASSWORD instead.',
    );
  }
  return settings;
}

function warnAboutExposedPassword(profile: Awaited<ReturnType<typeof findProfile>>, print: Printer): void {
  const smtp = profile?.profile.smtp;
  const url = typeof smtp === 'string' ? smtp : typeof smtp === 'object' && smtp !== null && 'url' in smtp ? String(smtp.url) : '';
  const holdsPassword = (typeof smtp === 'object' && smtp !== null && 'password' in smtp) || urlHasPassword(url);
  if (profile?.readableByOthers && holdsPassword) {
    print.warn(
      `${profile.path} holds your SMTP password and other users can read it: run \`chmod 600 ${profile.path}\`, or use $AFTERVIEW_SMTP_PASSWORD instead.`,
    );
  }
}

/** Per-message and per-run time limits, in seconds, from the environment; the library's defaults otherwise. */
function deadlines(env: NodeJS.ProcessEnv): { messageTimeoutMs?: number; runTimeoutMs?: number } {
  const read = (name: string) => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new AfterviewError('USAGE', `$${name} must be a number of seconds greater than 0, not "${text}".`);
    }
    return seconds * 1000;
  };
  const message = read('AFTERVIEW_SEND_TIMEOUT');
  const run = read('AFTERVIEW_RUN_TIMEOUT');
  return { ...(message === undefined ? {} : { messageTimeoutMs: message }), ...(run === undefined ? {} : { runTimeoutMs: run }) };
}

async function confirm(question: string, io: CliIO): Promise<boolean> {
  const reader = createInterface({ input: io.stdin!, output: io.stderr, terminal: true });
  try {
    const answer = await reader.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    reader.close();
  }
}

/** `afterview send`: render exactly as `render` does, show what will go where, ask, then send. */
export async function sendCommand(args: SendArgs, io: CliIO, print: Printer): Promise<number> {
  const { messages, gathered, addressing, sender } = await messagesToDeliver(args, io, print, 'messages');
  const sendOptions = {
    ...addressing,
    force: args.force,
    env: io.env,
    now: io.now,
    stateDir: defaultStateDir(io.env),
    ...deadlines(io.env),
  };
  warnAboutExposedPassword(gathered.profile, print);
  const settings = await smtpSettings(args, io, gathered.profile?.profile, sender, print);
  const plan = await planSend(messages, sendOptions);
  const asking = !args.yes && !args.dryRun;
  // Before asking, the first lines of each body: what goes out is seen before saying yes.
  describePlan(plan.messages, settings, print, {
    force: args.force,
    env: io.env,
    ...(asking ? { bodies: messages.map((message) => message.text) } : {}),
  });

  if (args.dryRun) {
    for (const message of messages) print.out(await formatMessage(message, 'text'));
    print.info(
      `Dry run: nothing was sent, and nothing was written to the outbox (${plan.messages.length} message${plan.messages.length === 1 ? '' : 's'} checked).`,
    );
    return 0;
  }
  if (!args.yes) {
    if (!io.stdin?.isTTY || !io.stderr.isTTY) {
      throw new AfterviewError(
        'USAGE',
        'afterview send asks before sending, and there is no terminal to ask on. Check the message with --dry-run, then add --yes to send it.',
      );
    }
    const going = plan.messages.filter((message) => goesOut(message, args.force));
    // Nothing would go out (each was sent before, or waits to be settled): nothing to ask.
    if (going.length > 0) {
      const question =
        going.length === 1
          ? `Send to ${going[0]!.to}?`
          : going.length === plan.messages.length
            ? `Send these ${going.length} messages, each to its own recipient?`
            : `Send ${going.length} of these ${plan.messages.length} messages, each to its own recipient?`;
      if (!(await confirm(question, io))) {
        print.info('Nothing was sent.');
        return 0;
      }
    }
  }
  const progress = await progressFor(messages.length, io);
  let results: SendResult[];
  try {
    const mailbox = await (await import('./draft-command.js')).sendMailbox(gathered.profile, io, print, {
      address: sender,
      insecure: args.insecure,
    });
    results = await send(plan, { ...sendOptions, ...mailbox, transport: settings, onResult: (result) => progress.tick(result) });
  } finally {
    progress.stop();
  }
  return report(results, print, io.env);
}

/** `afterview outbox`: what is waiting; `--send` sends it. */
export async function outboxCommand(args: OutboxArgs, io: CliIO, print: Printer): Promise<number> {
  const stateDir = defaultStateDir(io.env);
  const { outboxDir, messages: waiting } = await listOutbox({ stateDir });
  // Drafts that could not be saved in the mailbox wait beside the messages (afterview draft).
  const drafts = await import('./draft-command.js');
  if (!args.send) {
    const waitingDrafts = await drafts.listWaitingDrafts(io, print);
    if (waiting.length === 0) {
      if (waitingDrafts === 0) print.info(`The outbox is empty (${outboxDir}).`);
      return 0;
    }
    print.info(`${waiting.length} message${waiting.length === 1 ? '' : 's'} waiting in ${outboxDir}:`);
    for (const entry of waiting) {
      const perhaps = entry.state === 'perhaps-delivered' || entry.state === 'handing-over';
      const mark = perhaps ? '  (perhaps delivered: check before --send --force)' : '';
      const some = entry.delivered.length
        ? `\n    delivered to ${entry.delivered.join(', ')}; still owed to ${entry.pending.join(', ')}`
        : '';
      const lastError = entry.lastError ? `\n    last attempt: ${withLocalTimes(entry.lastError, io.env)}` : '';
      print.out(`${localTime(entry.queuedAt, io.env)}  ${entry.template}  to ${entry.to}  "${entry.subject}"${mark}${some}${lastError}`);
    }
    print.info('Send them with `afterview outbox --send`.');
    // A message that may have arrived is not settled: say so in the exit status too.
    return waiting.some((entry) => entry.state === 'perhaps-delivered') ? 3 : 0;
  }
  const profile = await findProfile(args.profile, io.env);
  const saved = await drafts.saveWaitingDrafts(profile, args, io, print);
  if (waiting.length === 0) {
    if (saved.count === 0) print.info('The outbox is empty: nothing to send.');
    return saved.code;
  }
  warnAboutExposedPassword(profile, print);
  const settings = await smtpSettings(args, io, profile?.profile, profile?.profile.sender?.email, print);
  const progress = await progressFor(waiting.length, io);
  let results: SendResult[];
  try {
    const mailbox = await drafts.sendMailbox(profile, io, print, { address: profile?.profile.sender?.email, insecure: args.insecure });
    results = await sendOutbox({
      ...mailbox,
      transport: settings,
      env: io.env,
      now: io.now,
      stateDir,
      force: args.force,
      ...deadlines(io.env),
      onResult: (result) => progress.tick(result),
    });
  } finally {
    progress.stop();
  }
  return Math.max(report(results, print, io.env), saved.code);
}
