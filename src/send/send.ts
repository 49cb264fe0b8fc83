import { AfterviewError } from '../errors.js';
import { formatAddress } from '../render/address.js';
import type { RenderedMessage } from '../render/message.js';
import { type OutboxEntry, pendingRecipients } from './outbox-entry.js';
import { findBlocker, type RunContext, resultFor } from './outbox.js';
import { type Job, runBatch } from './batch.js';
import { type Addressing, type Prepared, prepareBatch } from './prepare.js';
import type { RetryPolicy } from './retry.js';
import type { PlannedMessage, SendResult, WaitingMessage } from './send-types.js';
import { resolveSmtpSettings, type SmtpSettings } from './smtp-config.js';
import { SmtpTransport } from './smtp-transport.js';
import { defaultStateDir, MessageStore } from './store.js';
import type { Transport } from './transport.js';
import type { ImapSettings } from '../mail/imap-config.js';
import { SentCopies } from '../mail/sent-copy.js';
import { type Settlement, settlePerhapsDelivered } from '../mail/settle.js';

export type { PlannedMessage, SendResult, WaitingMessage } from './send-types.js';
export { parseRecipient, type Recipient } from './address.js';

/** The time one message may take, retries included, before it is left in the outbox. */
export const DEFAULT_MESSAGE_TIMEOUT_MS = 120_000;
/** The time a whole run may take; what is left stays in the outbox. */
export const DEFAULT_RUN_TIMEOUT_MS = 15 * 60_000;

export interface StateOptions {
  /**
   * Where the outbox and sent log live, or false for neither (then nothing
   * stops a message being sent twice).
   * @default $XDG_STATE_HOME/afterview, else ~/.local/state/afterview
   */
  stateDir?: string | false;
  /** Environment for the state folder; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface SendOptions extends Addressing, StateOptions {
  /**
   * An SMTP URL — smtp://user@host:587 (STARTTLS) or smtps://user@host:465 —,
   * settings from `resolveSmtpSettings`, or a `Transport` of your own (yours to close).
   */
  transport: string | SmtpSettings | Transport;
  /** The password for an SMTP URL that has none; never printed, logged or stored. */
  password?: string;
  /** Allow unencrypted SMTP to a host that is not on this machine. */
  insecure?: boolean;
  /** Send even a message the sent log says was already sent, or one that is perhaps delivered. */
  force?: boolean;
  retry?: RetryPolicy;
  /** @default 120000 (2 minutes): one message's time, retries included; then it stays in the outbox. */
  messageTimeoutMs?: number;
  /** @default 900000 (15 minutes): the whole run's time; what is left stays in the outbox. */
  runTimeoutMs?: number;
  /** The clock, for the Date header and the sent log. */
  now?: () => Date;
  /** Told about each message as it is done, for progress display. */
  onResult?: (result: SendResult, index: number, total: number) => void;
  /**
   * The application (context) files the messages were rendered from, as
   * absolute paths: recorded in the sent log, so that `afterview due` (and
   * `dueItems`) know what was sent for which application.
   */
  applications?: string[];
  /**
   * The mailbox, from `resolveImapSettings`: messages left *perhaps delivered*
   * are looked up in its Sent folder first, and, for a provider that does not
   * file sent mail itself (`saveSent`), each sent message is copied there.
   */
  imap?: ImapSettings;
  /** Told what the look in Sent found for each perhaps-delivered message. */
  onSettled?: (settlement: Settlement) => void;
  /** Told once per IMAP connection made. */
  onImapConnect?: () => void;
}

function storeFor(options: StateOptions): MessageStore | undefined {
  return options.stateDir === false ? undefined : new MessageStore(options.stateDir ?? defaultStateDir(options.env ?? process.env));
}

function isTransport(value: SendOptions['transport']): value is Transport {
  return typeof value === 'object' && value !== null && 'deliver' in value;
}

function transportFor(options: SendOptions): { transport: Transport; owned: boolean } {
  if (isTransport(options.transport)) return { transport: options.transport, owned: false };
  const settings =
    typeof options.transport === 'string'
      ? resolveSmtpSettings({
          url: options.transport,
          env: options.password === undefined ? {} : { AFTERVIEW_SMTP_PASSWORD: options.password },
          insecure: options.insecure,
        })
      : options.transport;
  return { transport: new SmtpTransport(settings, options.retry), owned: true };
}

/** Checked messages, ready to send: from `planSend`, so that `send` does not check (and read the attachments) again. */
export interface SendPlan {
  readonly messages: readonly PlannedMessage[];
}
const preparedPlans = new WeakMap<SendPlan, Prepared[]>();

async function run(jobs: (ctx: RunContext) => Promise<Job[]>, options: SendOptions): Promise<SendResult[]> {
  const store = storeFor(options);
  await store?.check();
  const { transport, owned } = transportFor(options);
  const runSignal = AbortSignal.timeout(options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS);
  const ctx: RunContext = {
    store,
    transport,
    force: options.force === true,
    now: options.now ?? (() => new Date()),
    messageTimeoutMs: options.messageTimeoutMs ?? DEFAULT_MESSAGE_TIMEOUT_MS,
    runSignal,
    // Drafts wait in the same outbox for the mailbox (src/mail), not for this transport.
    waiting: store ? (await store.list()).filter((entry) => !entry.draft) : [],
    ...(options.applications?.length ? { applications: options.applications } : {}),
  };
  const copies = options.imap?.saveSent ? new SentCopies(options.imap, options.onImapConnect) : undefined;
  if (copies) {
    ctx.afterSent = async (eml) => {
      const copy = await copies.save(eml);
      return 'folder' in copy ? { sentCopy: copy.folder } : { sentCopyError: copy.error };
    };
  }
  try {
    if (store && options.imap) await settleFirst(store, ctx, options);
    const list = await jobs(ctx);
    let done = 0;
    return await runBatch(ctx, list, (result) => options.onResult?.(result, done++, list.length));
  } finally {
    if (owned) await transport.close();
    await copies?.close();
  }
}

/** Perhaps-delivered messages are looked up in Sent before anything is sent; a mailbox that cannot be reached leaves them as they are. */
async function settleFirst(store: MessageStore, ctx: RunContext, options: SendOptions): Promise<void> {
  let settlements: Settlement[];
  try {
    settlements = await settlePerhapsDelivered(store, {
      imap: options.imap!,
      now: ctx.now,
      ...(options.onImapConnect ? { onConnect: options.onImapConnect } : {}),
    });
  } catch (error) {
    if (!(error instanceof AfterviewError)) throw error;
    options.onSettled?.({
      key: '',
      to: '',
      subject: '',
      outcome: 'unsettled',
      note: `the Sent folder could not be checked: ${error.message}`,
    });
    return;
  }
  for (const settlement of settlements) options.onSettled?.(settlement);
  if (settlements.length) ctx.waiting = (await store.list()).filter((entry) => !entry.draft);
}

function freshJob(item: Prepared): Job {
  const to = item.to.map(formatAddress).join(', ');
  return {
    key: item.key,
    fresh: item,
    stub: resultFor({ template: item.message.template, to, subject: item.message.subject, messageId: '' }, 'failed'),
  };
}

/**
 * Sends rendered messages (or a plan from `planSend`). Each is written to the
 * outbox first and recorded in the sent log once the server accepts it; a
 * message already sent is skipped unless `force`, whatever day it was
 * rendered. Transient failures are retried; one message failing does not stop
 * the others (a server that keeps failing does, and leaves the rest queued).
 *
 * One message: resolves with its result, or rejects with an AfterviewError
 * (code SEND_FAILED) when it was not delivered. A list or a plan: resolves with
 * one result per message.
 */
export async function send(message: RenderedMessage, options: SendOptions): Promise<SendResult>;
export async function send(messages: readonly RenderedMessage[] | SendPlan, options: SendOptions): Promise<SendResult[]>;
export async function send(
  input: RenderedMessage | readonly RenderedMessage[] | SendPlan,
  options: SendOptions,
): Promise<SendResult | SendResult[]> {
  const plan = !Array.isArray(input) && 'messages' in input ? preparedPlans.get(input as SendPlan) : undefined;
  const single = !plan && !Array.isArray(input);
  const prepared = plan ?? (await prepareBatch((single ? [input] : input) as readonly RenderedMessage[], options));
  const results = await run(async () => prepared.map(freshJob), options);
  if (single) {
    const [result] = results;
    if (result!.status === 'failed' || result!.status === 'uncertain' || result!.status === 'queued') {
      throw result!.error ?? new AfterviewError('SEND_FAILED', result!.reason ?? 'Not sent.');
    }
    return result!;
  }
  return results;
}

/**
 * Checks everything `send` would check — addresses, header safety,
 * attachments — and looks each message up in the outbox and sent log,
 * without any SMTP conversation and without writing anything. Pass the plan
 * to `send` to send exactly what was checked.
 */
export async function planSend(input: readonly RenderedMessage[], options: Addressing & StateOptions): Promise<SendPlan> {
  const prepared = await prepareBatch(input, options);
  const store = storeFor(options);
  const sent = store ? await store.sent() : new Map();
  const waiting = store ? (await store.list()).filter((entry) => !entry.draft) : [];
  const messages = prepared.map((item): PlannedMessage => {
    const records = sent.get(item.key);
    const queued = waiting.find((entry) => entry.key === item.key);
    const blocker = queued ? undefined : findBlocker(waiting, item);
    const base = {
      template: item.message.template,
      from: formatAddress(item.from),
      to: item.to.map(formatAddress).join(', '),
      cc: item.cc.map(formatAddress),
      bccCount: item.bcc.length,
      subject: item.message.subject,
      attachments: item.attachments.map((a) => a.filename),
    };
    if (queued) {
      const perhaps = queued.state === 'perhaps-delivered' || queued.state === 'handing-over';
      return { ...base, state: perhaps ? 'perhaps-delivered' : 'queued', note: `queued on ${queued.queuedAt}` };
    }
    if (records?.length) return { ...base, state: 'sent', sentAt: records[0].time };
    if (blocker) return { ...base, state: 'blocked', note: `${blocker.template} to ${blocker.to}, queued ${blocker.queuedAt}` };
    return { ...base, state: 'new' };
  });
  const plan: SendPlan = { messages };
  preparedPlans.set(plan, prepared);
  return plan;
}

/** Sends what is waiting in the outbox (after a crash, a refused connection or a failure). */
export async function sendOutbox(options: Omit<SendOptions, keyof Addressing>): Promise<SendResult[]> {
  const stateDir = options.stateDir || defaultStateDir(options.env ?? process.env);
  return run(async (ctx) => ctx.waiting.map((entry) => ({ key: entry.key, stub: resultFor(entry, 'failed') })), { ...options, stateDir });
}

/** What is waiting in the outbox, oldest first (leftovers of crashed runs are cleaned up on the way). */
export async function listOutbox(options: StateOptions = {}): Promise<{ outboxDir: string; messages: WaitingMessage[] }> {
  const store = new MessageStore(options.stateDir || defaultStateDir(options.env ?? process.env));
  const entries: OutboxEntry[] = await store.list();
  return {
    outboxDir: store.outboxDir,
    messages: entries.map((entry) => ({
      template: entry.template,
      to: entry.to,
      subject: entry.subject,
      messageId: entry.messageId,
      queuedAt: entry.queuedAt,
      state: entry.state,
      delivered: entry.delivered,
      pending: pendingRecipients(entry),
      attempts: entry.attempts,
      ...(entry.lastError ? { lastError: entry.lastError } : {}),
    })),
  };
}
