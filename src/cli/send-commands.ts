import { createInterface } from 'node:readline/promises';
import { AfterviewError } from '../errors.js';
import { renderContext } from '../render/render.js';
import { planSend, send, sendOutbox, type PlannedMessage, type SendResult } from '../send/send.js';
import { resolveSmtpSettings, type SmtpSettings } from '../send/smtp-config.js';
import { defaultStateDir, MessageStore } from '../send/store.js';
import { findProfile } from './context-input.js';
import type { CliIO, Printer } from './io.js';
import { loadMessages, printWarnings, threaded, type ContextArgs } from './messages.js';
import { formatMessage } from './output.js';

export interface SendArgs extends ContextArgs {
  to: string[];
  cc: string[];
  bcc: string[];
  attach: string[];
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

function smtpSettings(args: SmtpArgs, io: CliIO, profileSmtp: unknown, print: Printer): SmtpSettings {
  const settings = resolveSmtpSettings({ url: args.smtp, env: io.env, profile: profileSmtp, insecure: args.insecure });
  for (const warning of settings.warnings) print.warn(warning);
  return settings;
}

function warnAboutExposedPassword(profile: Awaited<ReturnType<typeof findProfile>>, print: Printer): void {
  const smtp = profile?.profile.smtp;
  if (profile?.readableByOthers && typeof smtp === 'object' && smtp !== null && 'password' in smtp) {
    print.warn(
      `${profile.path} holds your SMTP password and other users can read it: run \`chmod 600 ${profile.path}\`, or use $AFTERVIEW_SMTP_PASSWORD instead.`,
    );
  }
}

function describePlan(plan: readonly PlannedMessage[], settings: SmtpSettings, print: Printer): void {
  const [first] = plan;
  if (!first) return;
  print.info(`From:    ${first.from}`);
  print.info(`Via:     ${settings.display}`);
  for (const [i, message] of plan.entries()) {
    if (plan.length > 1) print.info(`\n${i + 1} of ${plan.length}`);
    print.info(`To:      ${message.to}`);
    if (message.cc.length) print.info(`Cc:      ${message.cc.join(', ')}`);
    if (message.bccCount) print.info(`Bcc:     ${message.bccCount} blind cop${message.bccCount === 1 ? 'y' : 'ies'}`);
    print.info(`Subject: ${message.subject}`);
    if (message.attachments.length) print.info(`Attach:  ${message.attachments.join(', ')}`);
    if (message.state === 'sent')
      print.info(`Already sent on ${message.sentAt}: it will be skipped${plan.length > 1 ? '' : ''} unless you pass --force.`);
    if (message.state === 'queued') print.info('Waiting in the outbox from an earlier attempt: it will be sent with the same Message-ID.');
  }
  print.info('');
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

/** A progress bar on a terminal for more than one message; nothing otherwise. */
async function progressFor(total: number, io: CliIO): Promise<{ tick(result: SendResult): void; stop(): void }> {
  if (total < 2 || !io.stderr.isTTY) return { tick: () => {}, stop: () => {} };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    { stream: io.stderr as NodeJS.WritableStream, format: 'Sending {bar} {value}/{total} {to}', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(total, 0, { to: '' });
  return { tick: (result) => bar.increment({ to: result.to }), stop: () => bar.stop() };
}

function report(results: readonly SendResult[], print: Printer): number {
  for (const result of results) {
    if (result.status === 'sent') {
      const refused = result.rejected.length ? ` (the server refused ${result.rejected.join(', ')})` : '';
      print.info(`Sent to ${result.to}: ${result.subject}${refused}`);
    } else if (result.status === 'skipped') {
      print.info(`Skipped ${result.to}: ${result.reason}${result.sentAt ? '; --force sends it again' : ''}.`);
    } else if (result.status === 'uncertain') {
      print.warn(`Perhaps sent to ${result.to}: ${result.reason}`);
    } else {
      print.error(`Not sent to ${result.to}: ${result.error?.message ?? result.reason}`);
    }
  }
  const count = (status: SendResult['status']) => results.filter((r) => r.status === status).length;
  if (results.length > 1) {
    const uncertain = count('uncertain') ? `, perhaps sent ${count('uncertain')}` : '';
    print.info(`\nSent ${count('sent')}, skipped ${count('skipped')} (already sent), failed ${count('failed')}${uncertain}.`);
  }
  return count('failed') + count('uncertain') > 0 ? 3 : 0;
}

/** `afterview send`: render exactly as `render` does, show what will go where, ask, then send. */
export async function sendCommand(args: SendArgs, io: CliIO, print: Printer): Promise<number> {
  const loaded = await loadMessages(args, io);
  const { gathered, options } = loaded;
  const messages = await threaded(await renderContext(args.template, gathered.context, options), loaded);
  printWarnings(
    messages.flatMap((m) => m.warnings),
    print,
  );
  if (messages.length > 1 && args.to.length) {
    throw new AfterviewError(
      'USAGE',
      `--to would send all ${messages.length} messages of this panel to the same address; leave it out so that each person gets their own.`,
    );
  }
  const sendOptions = {
    ...(args.to.length ? { to: args.to } : {}),
    cc: args.cc,
    bcc: args.bcc,
    attachments: args.attach,
    force: args.force,
    env: io.env,
    now: io.now,
    stateDir: defaultStateDir(io.env),
  };
  warnAboutExposedPassword(gathered.profile, print);
  const settings = smtpSettings(args, io, gathered.profile?.profile.smtp, print);
  const plan = await planSend(messages, sendOptions);
  describePlan(plan, settings, print);

  if (args.dryRun) {
    for (const message of messages) print.out(await formatMessage(message, 'text'));
    print.info(
      `Dry run: nothing was sent, and nothing was written to the outbox (${plan.length} message${plan.length === 1 ? '' : 's'} checked).`,
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
    const question = plan.length === 1 ? `Send to ${plan[0]!.to}?` : `Send these ${plan.length} messages, each to its own recipient?`;
    if (!(await confirm(question, io))) {
      print.info('Nothing was sent.');
      return 0;
    }
  }
  const progress = await progressFor(messages.length, io);
  let results: SendResult[];
  try {
    results = await send(messages, { ...sendOptions, transport: settings, onResult: (result) => progress.tick(result) });
  } finally {
    progress.stop();
  }
  return report(results, print);
}

/** `afterview outbox`: what is waiting; `--send` sends it. */
export async function outboxCommand(args: OutboxArgs, io: CliIO, print: Printer): Promise<number> {
  const store = new MessageStore(defaultStateDir(io.env));
  const waiting = await store.list();
  if (!args.send) {
    if (waiting.length === 0) {
      print.info(`The outbox is empty (${store.outboxDir}).`);
      return 0;
    }
    print.info(`${waiting.length} message${waiting.length === 1 ? '' : 's'} waiting in ${store.outboxDir}:`);
    for (const entry of waiting) {
      const mark = entry.uncertain ? '  (perhaps delivered: check before --send --force)' : '';
      print.out(
        `${entry.queuedAt}  ${entry.template}  to ${entry.to}  "${entry.subject}"${mark}${entry.lastError ? `\n    last attempt: ${entry.lastError}` : ''}`,
      );
    }
    print.info('Send them with `afterview outbox --send`.');
    return 0;
  }
  if (waiting.length === 0) {
    print.info('The outbox is empty: nothing to send.');
    return 0;
  }
  const profile = await findProfile(args.profile, io.env);
  warnAboutExposedPassword(profile, print);
  const settings = smtpSettings(args, io, profile?.profile.smtp, print);
  const progress = await progressFor(waiting.length, io);
  let results: SendResult[];
  try {
    results = await sendOutbox({
      transport: settings,
      env: io.env,
      now: io.now,
      stateDir: store.dir,
      force: args.force,
      onResult: (result) => progress.tick(result),
    });
  } finally {
    progress.stop();
  }
  return report(results, print);
}
