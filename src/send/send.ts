import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { AfterviewError } from '../errors.js';
import { newMessageId, refuseHeaderLineBreak, toEml } from '../render/eml.js';
import { formatAddress, type Address } from '../render/address.js';
import type { RenderedMessage } from '../render/render.js';
import { classifyFailure, retryDelay, sleep, type RetryPolicy, type SmtpFailure } from './retry.js';
import { redactSecret, resolveSmtpSettings, type SmtpSettings } from './smtp-config.js';
import { contentKey, defaultStateDir, MessageStore, type OutboxEntry } from './store.js';

export type Recipient = string | Address;

export interface SendOptions {
  /**
   * A nodemailer transport (yours to close), an SMTP URL — smtp://user@host:587
   * (STARTTLS) or smtps://user@host:465 — or settings from `resolveSmtpSettings`.
   */
  transport: Transporter | string | SmtpSettings;
  /** The password for an SMTP URL that has none; never printed, logged or stored. */
  password?: string;
  /** Allow unencrypted SMTP to a host that is not on this machine. */
  insecure?: boolean;
  /** Override each message's recipient. */
  to?: Recipient | Recipient[];
  cc?: Recipient | Recipient[];
  /** Blind copies: in the envelope only, never in a header. */
  bcc?: Recipient | Recipient[];
  /** Files to attach to every message. */
  attachments?: string[];
  /**
   * Where the outbox and sent log live, or false for neither (then nothing
   * stops a message being sent twice).
   * @default $XDG_STATE_HOME/afterview, else ~/.local/state/afterview
   */
  stateDir?: string | false;
  /** Send even a message the sent log says was already sent. */
  force?: boolean;
  retry?: RetryPolicy;
  /** The clock, for the Date header and the sent log. */
  now?: () => Date;
  /** Told about each message as it is done, for progress display. */
  onResult?: (result: SendResult, index: number, total: number) => void;
  /** Environment for the state folder; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface SendResult {
  /**
   * `uncertain`: the connection dropped after the whole message was handed to
   * the server and before it answered, so it may have been delivered. It stays
   * in the outbox and is not sent again without `force`.
   */
  status: 'sent' | 'skipped' | 'failed' | 'uncertain';
  template: string;
  /** "Ana Ruiz <ana@acme.example>" */
  to: string;
  subject: string;
  messageId: string;
  /** Addresses the server accepted. */
  accepted: string[];
  /** Addresses the server refused. */
  rejected: string[];
  /** SMTP attempts made for this message in this run. */
  attempts: number;
  /** When it was sent (now, or for a skipped message, the first time). */
  sentAt?: string;
  /** Why it was skipped or failed, in plain words. */
  reason?: string;
  error?: AfterviewError;
}

const emailSchema = z.email();

/** Accepts "ana@acme.example", "Ana Ruiz <ana@acme.example>" or { name, email }; refuses anything that could break a header. */
export function parseRecipient(value: Recipient, field: string): Address & { email: string } {
  refuseHeaderLineBreak(field, value);
  let address: Address;
  if (typeof value === 'string') {
    const match = /^\s*(?:"?([^"<]*?)"?\s*<([^<>]+)>|([^<>\s]+))\s*$/.exec(value);
    if (!match)
      throw new AfterviewError(
        'INVALID_CONTEXT',
        `${field} "${value}" is not an email address; write name@example.com or "Name <name@example.com>".`,
      );
    address =
      match[3] !== undefined ? { name: match[3], email: match[3] } : { name: match[1]!.trim() || match[2]!, email: match[2]!.trim() };
  } else {
    address = value;
  }
  if (address.email === undefined || !emailSchema.safeParse(address.email).success) {
    throw new AfterviewError(
      'INVALID_CONTEXT',
      `${field} "${address.email ?? address.name}" is not an email address; write name@example.com.`,
    );
  }
  return address as Address & { email: string };
}

function recipientList(value: Recipient | Recipient[] | undefined, field: string): Array<Address & { email: string }> {
  if (value === undefined) return [];
  return [value].flat().map((item) => parseRecipient(item, field));
}

interface Attachment {
  filename: string;
  content: Buffer;
}

async function readAttachments(paths: readonly string[]): Promise<Attachment[]> {
  return Promise.all(
    paths.map(async (path) => {
      const info = await stat(path).catch(() => undefined);
      if (!info) throw new AfterviewError('INVALID_INPUT', `The attachment ${path} does not exist; check the path given to --attach.`);
      if (!info.isFile()) throw new AfterviewError('INVALID_INPUT', `The attachment ${path} is not a file.`);
      return { filename: basename(path), content: await readFile(path) };
    }),
  );
}

interface Prepared {
  message: RenderedMessage;
  from: Address & { email: string };
  to: Array<Address & { email: string }>;
  cc: Array<Address & { email: string }>;
  bcc: Array<Address & { email: string }>;
  envelope: string[];
  key: string;
}

function prepare(message: RenderedMessage, options: SendOptions, attachments: Attachment[], index: number, total: number): Prepared {
  const where = total > 1 ? ` (message ${index + 1}, to ${formatAddress(message.to)})` : '';
  refuseHeaderLineBreak(`The subject${where}`, message.subject);
  const from = parseRecipient(message.from, `The sender${where}`);
  const to = options.to === undefined ? [] : recipientList(options.to, '--to');
  if (to.length === 0) {
    if (message.to.email === undefined) {
      throw new AfterviewError(
        'INVALID_CONTEXT',
        `There is no address to send to${where}: add recipient.email to the context, or pass --to.`,
      );
    }
    to.push(parseRecipient(message.to, `The recipient${where}`));
  }
  const cc = recipientList(options.cc, '--cc');
  const bcc = recipientList(options.bcc, '--bcc');
  const envelope = [...new Set([...to, ...cc, ...bcc].map((a) => a.email))];
  const key = contentKey({
    template: message.template,
    recipients: envelope,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: attachments.map((a) => a.content),
  });
  return { message, from, to, cc, bcc, envelope, key };
}

/** What went wrong with the SMTP conversation, in words a person can act on. Never contains the password. */
export function describeSmtpFailure(error: SmtpFailure, settings: SmtpSettings | undefined, attempts: number): string {
  const server = settings ? `${settings.host}:${settings.port}` : 'the SMTP server';
  const reply = error.response?.trim();
  const kind = classifyFailure(error);
  let text: string;
  if (kind === 'refused') {
    text = `Could not connect to ${server}: the connection was refused. Check the host and port, and that the server is running.`;
  } else if (error.code === 'EAUTH') {
    text = `${server} did not accept the login${settings?.user ? ` for ${settings.user}` : ''}${reply ? `: ${reply}` : ''}. Check the user name and the password ($AFTERVIEW_SMTP_PASSWORD).`;
  } else if (error.code === 'ENOAUTH') {
    text = `${server} needs a login, and no password was given: set $AFTERVIEW_SMTP_PASSWORD.`;
  } else if (error.code === 'ETLS' || /STARTTLS/i.test(error.message)) {
    text = `${server} did not set up an encrypted connection (${error.message}). afterview will not send your message unencrypted over the network: use smtps://, or --insecure if you accept the risk.`;
  } else if (reply) {
    text = `${server} refused the message: ${reply}`;
  } else {
    text = `Sending through ${server} failed: ${error.message}`;
  }
  if (kind === 'transient' && attempts > 1) text += ` (gave up after ${attempts} attempts)`;
  return redactSecret(text, settings?.password);
}

function isSmtpSettings(value: SendOptions['transport']): value is SmtpSettings {
  return typeof value === 'object' && value !== null && 'host' in value && 'display' in value && !('sendMail' in value);
}

/** Whether the current message has been handed over in full: set from nodemailer's log of the DATA stream. */
interface Handoff {
  handedOver: boolean;
}

/**
 * nodemailer logs one `tnx: 'message'` entry when the whole message, final dot
 * included, has been written to the socket; that is the only way to tell a
 * drop during DATA (safe to retry) from one after it (the server may have it).
 * Nothing else it logs is kept, so nothing it logs can leak.
 */
function handoffLogger(handoff: Handoff) {
  const ignore = () => {};
  return {
    trace: ignore,
    debug: ignore,
    info: (meta: unknown) => {
      if (typeof meta === 'object' && meta !== null && (meta as { tnx?: unknown }).tnx === 'message' && 'outByteCount' in meta) {
        handoff.handedOver = true;
      }
    },
    warn: ignore,
    error: ignore,
    fatal: ignore,
  };
}

async function createSmtpTransport(settings: SmtpSettings, handoff: Handoff): Promise<Transporter> {
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTLS,
    // One connection, reused for every message of a batch.
    pool: true,
    maxConnections: 1,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    logger: handoffLogger(handoff),
    ...(settings.user === undefined ? {} : { auth: { user: settings.user, pass: settings.password ?? '' } }),
    // A server on this machine (a local relay or bridge) commonly has a self-signed certificate.
    ...(settings.loopback ? { tls: { rejectUnauthorized: false } } : {}),
  });
  return transport;
}

/** The one SMTP conversation with retries: transient failures are tried again with growing pauses. */
async function deliver(
  transport: Transporter,
  envelope: { from: string; to: string[] },
  eml: string,
  policy: Required<RetryPolicy>,
  handoff: Handoff | undefined,
): Promise<
  | { ok: true; accepted: string[]; rejected: string[]; attempts: number }
  | { ok: false; error: SmtpFailure; attempts: number; uncertain: boolean }
> {
  for (let attempt = 1; ; attempt++) {
    if (handoff) handoff.handedOver = false;
    try {
      const info = await transport.sendMail({ envelope, raw: eml });
      const addresses = (list: unknown) =>
        Array.isArray(list) ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address))) : [];
      return { ok: true, accepted: addresses(info.accepted), rejected: addresses(info.rejected), attempts: attempt };
    } catch (caught) {
      const error = caught as SmtpFailure;
      // Handed over in full, then no answer: a retry could deliver it twice. A careful user would rather check.
      const uncertain = handoff?.handedOver === true && error.responseCode === undefined;
      if (uncertain || classifyFailure(error) !== 'transient' || attempt >= policy.attempts)
        return { ok: false, error, attempts: attempt, uncertain };
      await sleep(retryDelay(attempt - 1, policy.baseDelayMs));
    }
  }
}

/**
 * Sends rendered messages over SMTP. Each is written to the outbox first and
 * recorded in the sent log once the server accepts it; a message the log
 * already holds is skipped unless `force`. Transient failures are retried;
 * one message failing does not stop the others.
 *
 * One message: resolves with its result, or rejects with an AfterviewError
 * (code SEND_FAILED) when it could not be sent. A list: resolves with one
 * result per message, each `sent`, `skipped` or `failed`.
 */
export async function send(message: RenderedMessage, options: SendOptions): Promise<SendResult>;
export async function send(messages: readonly RenderedMessage[], options: SendOptions): Promise<SendResult[]>;
export async function send(input: RenderedMessage | readonly RenderedMessage[], options: SendOptions): Promise<SendResult | SendResult[]> {
  const single = !Array.isArray(input);
  const messages = (single ? [input] : input) as readonly RenderedMessage[];
  const attachments = await readAttachments(options.attachments ?? []);
  const prepared = messages.map((message, i) => prepare(message, options, attachments, i, messages.length));
  const results = await sendPrepared(prepared, attachments, options);
  if (single) {
    const [result] = results;
    if (result!.status === 'failed') throw result!.error!;
    return result!;
  }
  return results;
}

/** One message as `send` would send it: for a summary before asking, or a dry run. */
export interface PlannedMessage {
  template: string;
  from: string;
  to: string;
  cc: string[];
  /** How many blind copies go in the envelope (their addresses appear in no header). */
  bccCount: number;
  subject: string;
  attachments: string[];
  /** `new`, waiting in the outbox from an earlier run, or already in the sent log (skipped unless forced). */
  state: 'new' | 'queued' | 'sent';
  /** For `sent`: when. */
  sentAt?: string;
}

/**
 * Checks everything `send` would check — addresses, header safety,
 * attachments — and looks each message up in the outbox and sent log,
 * without any SMTP conversation and without writing anything.
 */
export async function planSend(input: readonly RenderedMessage[], options: Omit<SendOptions, 'transport'>): Promise<PlannedMessage[]> {
  const attachments = await readAttachments(options.attachments ?? []);
  const prepared = input.map((message, i) => prepare(message, options as SendOptions, attachments, i, input.length));
  const store = options.stateDir === false ? undefined : new MessageStore(options.stateDir ?? defaultStateDir(options.env ?? process.env));
  const sent: ReadonlyMap<string, { time: string }> = store ? await store.sent() : new Map();
  return Promise.all(
    prepared.map(async (item) => {
      const previous = sent.get(item.key);
      const queued = store ? await store.read(item.key) : undefined;
      return {
        template: item.message.template,
        from: formatAddress(item.from),
        to: item.to.map(formatAddress).join(', '),
        cc: item.cc.map(formatAddress),
        bccCount: item.bcc.length,
        subject: item.message.subject,
        attachments: attachments.map((a) => a.filename),
        state: previous ? 'sent' : queued ? 'queued' : 'new',
        ...(previous ? { sentAt: previous.time } : {}),
      } satisfies PlannedMessage;
    }),
  );
}

/** What every message of one run shares: the store, the clock, the retry policy and one SMTP connection. */
async function openSession(options: SendOptions, attachments: Attachment[]): Promise<SendContext & { close(): void }> {
  const store = options.stateDir === false ? undefined : new MessageStore(options.stateDir ?? defaultStateDir(options.env ?? process.env));
  const settings =
    typeof options.transport === 'string'
      ? resolveSmtpSettings({
          url: options.transport,
          env: options.password === undefined ? {} : { AFTERVIEW_SMTP_PASSWORD: options.password },
          insecure: options.insecure,
        })
      : isSmtpSettings(options.transport)
        ? options.transport
        : undefined;
  const handoff: Handoff = { handedOver: false };
  const owned = settings ? await createSmtpTransport(settings, handoff) : undefined;
  return {
    store,
    transport: owned ?? (options.transport as Transporter),
    settings,
    handoff: owned ? handoff : undefined,
    attachments,
    options,
    now: options.now ?? (() => new Date()),
    policy: { attempts: options.retry?.attempts ?? 4, baseDelayMs: options.retry?.baseDelayMs ?? 500 },
    // A transport the caller passed in is theirs to close.
    close: () => owned?.close(),
  };
}

async function sendPrepared(prepared: readonly Prepared[], attachments: Attachment[], options: SendOptions): Promise<SendResult[]> {
  const session = await openSession(options, attachments);
  const results: SendResult[] = [];
  try {
    for (const [index, item] of prepared.entries()) {
      const result = await sendOne(item, session);
      results.push(result);
      options.onResult?.(result, index, prepared.length);
    }
  } finally {
    session.close();
  }
  return results;
}

interface SendContext {
  store: MessageStore | undefined;
  transport: Transporter;
  settings: SmtpSettings | undefined;
  /** Tracks the hand-over on transports afterview made; a caller's own transport cannot tell. */
  handoff: Handoff | undefined;
  attachments: Attachment[];
  options: SendOptions;
  now: () => Date;
  policy: Required<RetryPolicy>;
}

async function sendOne(item: Prepared, context: SendContext): Promise<SendResult> {
  const { store, options } = context;
  const base = {
    template: item.message.template,
    to: item.to.map(formatAddress).join(', '),
    subject: item.message.subject,
    accepted: [] as string[],
    rejected: [] as string[],
    attempts: 0,
  };
  const release = store ? await store.lock(item.key) : async () => {};
  if (!release) {
    return { ...base, status: 'skipped', messageId: '', reason: 'another afterview process is sending this message right now' };
  }
  try {
    // Read the log after taking the lock, so that a message another process just sent counts.
    const previous = store && !options.force ? (await store.sent()).get(item.key) : undefined;
    if (previous) {
      return {
        ...base,
        status: 'skipped',
        messageId: previous.messageId,
        sentAt: previous.time,
        reason: `already sent on ${previous.time}`,
      };
    }
    let queued = store ? await store.read(item.key) : undefined;
    if (queued?.entry.uncertain && !options.force) return uncertainSkip(queued.entry, base);
    if (!queued) {
      const messageId = newMessageId(item.from);
      const eml = await toEml(item.message, {
        from: item.from,
        to: item.to,
        ...(item.cc.length ? { cc: item.cc } : {}),
        date: context.now(),
        messageId,
        attachments: context.attachments,
      });
      const entry: OutboxEntry = {
        key: item.key,
        template: item.message.template,
        from: formatAddress(item.from),
        sender: item.from.email,
        recipients: item.envelope,
        to: base.to,
        subject: item.message.subject,
        messageId,
        queuedAt: context.now().toISOString(),
        attempts: 0,
      };
      await store?.put(entry, eml);
      queued = { entry, eml };
    }
    return await deliverQueued(queued, context, base);
  } finally {
    await release();
  }
}

async function deliverQueued(
  queued: { entry: OutboxEntry; eml: string },
  context: SendContext,
  base: Omit<SendResult, 'status' | 'messageId'>,
): Promise<SendResult> {
  const { store } = context;
  const { entry, eml } = queued;
  const outcome = await deliver(context.transport, { from: entry.sender, to: entry.recipients }, eml, context.policy, context.handoff);
  if (outcome.ok) {
    const sentAt = context.now().toISOString();
    await store?.recordSent({
      time: sentAt,
      template: entry.template,
      to: entry.to,
      subject: entry.subject,
      messageId: entry.messageId,
      hash: entry.key,
    });
    await store?.remove(entry.key);
    return {
      ...base,
      status: 'sent',
      messageId: entry.messageId,
      accepted: outcome.accepted,
      rejected: outcome.rejected,
      attempts: outcome.attempts,
      sentAt,
    };
  }
  const reason = outcome.uncertain
    ? `The connection to ${context.settings ? `${context.settings.host}:${context.settings.port}` : 'the SMTP server'} dropped after the whole message was handed over and before the server confirmed it, so it may have been delivered. To avoid a duplicate, afterview will not send it again on its own: check your Sent folder or with the recipient, then \`afterview outbox --send --force\` if it did not arrive.`
    : describeSmtpFailure(outcome.error, context.settings, outcome.attempts);
  await store?.update({
    ...entry,
    attempts: entry.attempts + outcome.attempts,
    lastError: reason,
    ...(outcome.uncertain ? { uncertain: true } : {}),
  });
  const kept = store ? ` The message is kept in the outbox (${store.outboxDir}); \`afterview outbox --send\` sends it later.` : '';
  return {
    ...base,
    status: outcome.uncertain ? 'uncertain' : 'failed',
    messageId: entry.messageId,
    attempts: outcome.attempts,
    reason,
    error: new AfterviewError('SEND_FAILED', `${reason}${kept}`, { cause: redactedCause(outcome.error, context.settings?.password) }),
  };
}

function uncertainSkip(entry: OutboxEntry, base: Omit<SendResult, 'status' | 'messageId'>): SendResult {
  return {
    ...base,
    status: 'skipped',
    messageId: entry.messageId,
    reason:
      'an earlier attempt may have reached the server (the connection dropped after the message was handed over); it stays in the outbox until you check, and --force sends it again',
  };
}

/** The original error, minus anything that could carry the password. */
function redactedCause(error: SmtpFailure, password: string | undefined): Error {
  const cause = new Error(redactSecret(error.message, password));
  Object.assign(cause, {
    code: error.code,
    responseCode: error.responseCode,
    response: error.response && redactSecret(error.response, password),
    command: error.command,
  });
  return cause;
}

/** Sends what is waiting in the outbox (after a crash, a refused connection or a failure). */
export async function sendOutbox(options: Omit<SendOptions, 'to' | 'cc' | 'bcc' | 'attachments'>): Promise<SendResult[]> {
  const session = await openSession({ ...options, stateDir: options.stateDir || defaultStateDir(options.env ?? process.env) }, []);
  const store = session.store!;
  const entries = await store.list();
  const results: SendResult[] = [];
  try {
    for (const [index, entry] of entries.entries()) {
      const result = await sendQueuedEntry(entry, store, session);
      results.push(result);
      options.onResult?.(result, index, entries.length);
    }
  } finally {
    session.close();
  }
  return results;
}

async function sendQueuedEntry(entry: OutboxEntry, store: MessageStore, context: SendContext): Promise<SendResult> {
  const base = { template: entry.template, to: entry.to, subject: entry.subject, accepted: [], rejected: [], attempts: 0 };
  const release = await store.lock(entry.key);
  if (!release)
    return {
      ...base,
      status: 'skipped',
      messageId: entry.messageId,
      reason: 'another afterview process is sending this message right now',
    };
  try {
    const previous = context.options.force ? undefined : (await store.sent()).get(entry.key);
    if (previous) {
      await store.remove(entry.key);
      return {
        ...base,
        status: 'skipped',
        messageId: previous.messageId,
        sentAt: previous.time,
        reason: `already sent on ${previous.time}`,
      };
    }
    const queued = await store.read(entry.key);
    if (!queued) return { ...base, status: 'skipped', messageId: entry.messageId, reason: 'no longer in the outbox' };
    if (queued.entry.uncertain && !context.options.force) return uncertainSkip(queued.entry, base);
    return await deliverQueued(queued, context, base);
  } finally {
    await release();
  }
}
