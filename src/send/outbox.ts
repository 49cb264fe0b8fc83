import { AfterviewError } from '../errors.js';
import { formatAddress } from '../render/address.js';
import { newMessageId, toEml } from '../render/eml.js';
import type { Release } from './lock.js';
import { type OutboxEntry, pendingRecipients, type SentRecord } from './outbox-entry.js';
import type { Prepared } from './prepare.js';
import type { SendResult } from './send-types.js';
import { StorageFault } from './storage-fault.js';
import type { MessageStore } from './store.js';
import type { Delivery, Transport } from './transport.js';

/**
 * The outbox state machine (states in outbox-entry.ts). One path for a fresh
 * rendering and for a message already queued: `admit` takes the lock and
 * decides (already sent, perhaps delivered, queued, blocked, new), then
 * `deliverHeld` hands it to the transport and writes down what came of it.
 */

export interface RunContext {
  store: MessageStore | undefined;
  transport: Transport;
  force: boolean;
  now: () => Date;
  /** The time one message may take, retries included. */
  messageTimeoutMs: number;
  /** Aborted when the run's time is up. */
  runSignal: AbortSignal;
  /** Messages waiting in the outbox when the run began: a new message for the same template and addressee waits behind them. */
  waiting: readonly OutboxEntry[];
  /** The application (context) files of this run's messages, absolute: kept with each and written to the sent log. */
  applications?: readonly string[];
  /** Called once the server has taken a message for every recipient (a copy for the Sent folder, say). */
  afterSent?: (eml: string) => Promise<Partial<Pick<SendResult, 'sentCopy' | 'sentCopyError'>>>;
}

/** A message admitted for delivery: its lock is held until `deliverHeld` (or the caller) releases it. */
export interface Held {
  entry: OutboxEntry;
  eml: string;
  release: Release;
  /** Said in the result: the queued rendering is sent rather than this one, say. */
  note?: string;
}

export type Admission = { held: Held } | { result: SendResult };

const free: Release = async () => {};

export function resultFor(entry: Pick<OutboxEntry, 'template' | 'to' | 'subject' | 'messageId'>, status: SendResult['status']): SendResult {
  const { template, to, subject, messageId } = entry;
  return { status, template, to, subject, messageId, accepted: [], rejected: [], deferred: [], attempts: 0 };
}

const PERHAPS =
  'an earlier attempt may have reached the server: the whole message was handed over and no answer came (or the run stopped then). It stays in the outbox, marked perhaps delivered, and is not sent again without force: check the Sent folder or with the recipient first';

/** Resolves what an earlier run left unsettled; undefined when nothing is left to send. */
async function settle(ctx: RunContext, entry: OutboxEntry, records: readonly SentRecord[]): Promise<OutboxEntry | undefined> {
  const store = ctx.store!;
  let settled = entry;
  if (entry.state === 'handing-over') {
    // The lock is ours, so whoever wrote this mark is gone. The sent log may show how it ended; if not, nobody can tell.
    const since = entry.handover?.at ?? entry.queuedAt;
    const logged = new Set(records.filter((r) => r.time >= since).flatMap((r) => r.recipients ?? entry.recipients));
    const handover = entry.handover?.recipients ?? pendingRecipients(entry);
    if (handover.every((r) => logged.has(r))) {
      settled = { ...entry, state: 'queued', delivered: [...entry.delivered, ...handover] };
      delete settled.handover;
    } else {
      settled = { ...entry, state: 'perhaps-delivered', lastError: `The run sending it stopped during the hand-over: ${PERHAPS}.` };
    }
    await store.update(settled);
  } else if (entry.state === 'delivered-unrecorded') {
    const logged = new Set(records.flatMap((r) => r.recipients ?? entry.recipients));
    const missing = entry.delivered.filter((r) => !logged.has(r));
    if (missing.length) await store.recordSent(sentRecord(entry, missing, ctx.now()));
    settled = { ...entry, state: 'queued' };
    await store.update(settled);
  }
  if (settled.state === 'queued' && pendingRecipients(settled).length === 0) {
    await store.remove(settled.key);
    return undefined;
  }
  return settled;
}

function sentRecord(entry: OutboxEntry, recipients: string[], at: Date): SentRecord {
  const { template, to, subject, messageId, key: hash, applications } = entry;
  return { time: at.toISOString(), template, to, subject, messageId, hash, recipients, ...(applications?.length ? { applications } : {}) };
}

async function queueFresh(ctx: RunContext, item: Prepared): Promise<{ entry: OutboxEntry; eml: string }> {
  const messageId = newMessageId(item.from);
  const queuedAt = ctx.now();
  const eml = await toEml(item.message, {
    from: item.from,
    to: item.to,
    ...(item.cc.length ? { cc: item.cc } : {}),
    date: queuedAt,
    messageId,
    attachments: [...item.attachments],
  });
  const entry: OutboxEntry = {
    key: item.key,
    contentHash: item.contentHash,
    template: item.message.template,
    from: formatAddress(item.from),
    sender: item.from.email,
    recipients: item.envelope,
    delivered: [],
    to: item.to.map(formatAddress).join(', '),
    subject: item.message.subject,
    messageId,
    queuedAt: queuedAt.toISOString(),
    attempts: 0,
    state: 'queued',
    ...(ctx.applications?.length ? { applications: [...ctx.applications] } : {}),
  };
  await ctx.store?.put(entry, eml);
  return { entry, eml };
}

/** Another message for the same template and addressee, waiting in the outbox: it goes first, or the recipient could get two. */
export function findBlocker(waiting: readonly OutboxEntry[], item: Prepared): OutboxEntry | undefined {
  const addressee = item.to[0]?.email.toLowerCase();
  return waiting.find(
    (entry) =>
      entry.key !== item.key && entry.template === item.message.template && entry.recipients.some((r) => r.toLowerCase() === addressee),
  );
}

export function blockedReason(blocker: OutboxEntry): string {
  const state = blocker.state === 'perhaps-delivered' ? 'perhaps delivered' : 'not yet sent';
  return `another ${blocker.template} message to ${blocker.to} ("${blocker.subject}", queued ${blocker.queuedAt}) is waiting in the outbox, ${state}; this one is not sent, so that they do not get two. Send or remove the waiting one first`;
}

/** Takes the lock and decides: nothing to do (with the result saying why), or a message to deliver. */
export async function admit(ctx: RunContext, key: string, fresh: Prepared | undefined, stub: SendResult): Promise<Admission> {
  const { store } = ctx;
  const release = store ? await store.lock(key) : free;
  if (!release) return { result: { ...stub, status: 'skipped', reason: 'another afterview process is sending this message right now' } };
  try {
    // Read after taking the lock, so that what another process just did counts.
    const queued = store ? await store.read(key) : undefined;
    const records = store ? ((await store.sent()).get(key) ?? []) : [];
    if (queued) {
      const entry = await settle(ctx, queued.entry, records);
      if (!entry) return done(release, { ...stub, status: 'skipped', ...alreadySent(records) });
      if (entry.state === 'perhaps-delivered' && !ctx.force) {
        return done(release, { ...resultFor(entry, 'uncertain'), reason: PERHAPS });
      }
      const note =
        fresh && fresh.contentHash !== entry.contentHash
          ? `the message queued on ${entry.queuedAt.slice(0, 10)} was sent as it was first rendered`
          : undefined;
      return { held: { entry, eml: queued.eml, release, ...(note ? { note } : {}) } };
    }
    if (!fresh) return done(release, { ...stub, status: 'skipped', reason: 'no longer in the outbox' });
    if (records.length && !ctx.force) return done(release, { ...stub, status: 'skipped', ...alreadySent(records) });
    const blocker = ctx.force ? undefined : findBlocker(ctx.waiting, fresh);
    if (blocker) return done(release, { ...stub, status: 'failed', reason: blockedReason(blocker) });
    const { entry, eml } = await queueFresh(ctx, fresh);
    return { held: { entry, eml, release } };
  } catch (error) {
    await release().catch(() => {});
    throw error;
  }
}

function alreadySent(records: readonly SentRecord[]): Partial<SendResult> {
  const first = records[0];
  if (!first) return { reason: 'no longer in the outbox' };
  return { sentAt: first.time, messageId: first.messageId, reason: `already sent on ${first.time}` };
}

async function done(release: Release, result: SendResult): Promise<Admission> {
  await release();
  return { result };
}

/** What a delivery left to say, recipient by recipient. */
function explain(delivery: Delivery): string | undefined {
  const lines = [...delivery.refused, ...delivery.deferred, ...delivery.uncertain].map((f) => f.reason);
  if (delivery.failure && !lines.includes(delivery.failure.message)) lines.unshift(delivery.failure.message);
  return lines.length ? [...new Set(lines)].join('; ') : undefined;
}

/**
 * Hands a held message to the transport and records the outcome. A storage
 * fault after the server took the message is not thrown: it comes back with
 * the result (`fault`), which says the message was delivered.
 */
export async function deliverHeld(
  ctx: RunContext,
  held: Held,
): Promise<{ result: SendResult; delivery?: Delivery; fault?: AfterviewError }> {
  const { store } = ctx;
  let entry = held.entry;
  const result = resultFor(entry, 'failed');
  try {
    const signal = AbortSignal.any([ctx.runSignal, AbortSignal.timeout(ctx.messageTimeoutMs)]);
    const delivery = await ctx.transport.deliver(
      { sender: entry.sender, recipients: pendingRecipients(entry), eml: held.eml, messageId: entry.messageId },
      {
        signal,
        beforeHandover: async (recipients) => {
          await store?.markHandover({
            ...entry,
            state: 'handing-over',
            handover: { recipients: [...recipients], at: ctx.now().toISOString() },
          });
        },
      },
    );
    Object.assign(result, {
      accepted: delivery.accepted,
      rejected: delivery.refused.map((f) => f.address),
      deferred: delivery.deferred.map((f) => f.address),
      attempts: delivery.attempts,
    });
    const reason = explain(delivery);
    entry = { ...entry, attempts: entry.attempts + delivery.attempts, delivered: [...entry.delivered, ...delivery.accepted] };
    if (reason) entry.lastError = reason;
    if (delivery.accepted.length) {
      const at = ctx.now();
      try {
        await store?.recordSent(sentRecord(entry, delivery.accepted, at));
      } catch (fault) {
        const marked = await store
          ?.update({ ...entry, state: 'delivered-unrecorded' })
          .then(() => 'it is marked delivered in the outbox')
          .catch(() => 'the outbox still marks its hand-over');
        result.status = pendingRecipients(entry).length ? 'failed' : 'sent';
        result.reason = `delivered to ${delivery.accepted.join(', ')}, but the sent log could not be written; ${marked}, so it will not be sent again`;
        return { result, delivery, fault: fault as AfterviewError };
      }
      result.sentAt = at.toISOString();
    }
    if (delivery.uncertain.length) {
      entry = {
        ...entry,
        state: 'perhaps-delivered',
        handover: { recipients: delivery.uncertain.map((f) => f.address), at: ctx.now().toISOString() },
      };
      result.status = 'uncertain';
    } else {
      entry = { ...entry, state: 'queued' };
      delete entry.handover;
      result.status = pendingRecipients(entry).length === 0 ? 'sent' : 'failed';
    }
    if (reason) result.reason = reason;
    if (held.note) result.reason = result.reason ? `${result.reason}; ${held.note}` : held.note;
    if (result.status === 'failed' || result.status === 'uncertain') {
      const kept = store ? ` The message is kept in the outbox (${store.outboxDir}).` : '';
      result.error = new AfterviewError(
        'SEND_FAILED',
        `${reason ?? 'Not delivered.'}${kept}`,
        delivery.failure?.cause ? { cause: delivery.failure.cause } : {},
      );
    }
    if (result.status === 'sent' && ctx.afterSent) Object.assign(result, await ctx.afterSent(held.eml));
    try {
      if (result.status === 'sent') await store?.remove(entry.key);
      else await store?.update(entry);
    } catch (fault) {
      // The server's answer is known and the sent log has it: the next run reads the rest from there.
      return { result, delivery, fault: fault as AfterviewError };
    }
    return { result, delivery };
  } catch (error) {
    if (!(error instanceof StorageFault)) throw error;
    // Nothing reached the server complete: the hand-over mark could not be written, so the last byte never left.
    return { result: { ...result, status: 'failed', reason: `not sent: ${error.message}` }, fault: error };
  } finally {
    await held.release().catch(() => {});
  }
}
