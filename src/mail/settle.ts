import type { AfterviewAdvice } from '../errors.js';
import { type OutboxEntry, pendingRecipients } from '../send/outbox-entry.js';
import type { MessageStore } from '../send/store.js';
import type { ImapSettings } from './imap-config.js';
import { Mailbox } from './imap.js';

/**
 * Settles messages left "perhaps delivered" (the connection dropped after the
 * whole message was handed over, before the server answered) by looking in
 * the Sent folder, where providers such as Gmail and Microsoft 365 file every
 * message sent over SMTP. Found: it was delivered, and is recorded as sent.
 * Not found although the provider has had time to file it: it was not, and it
 * is sent again, once. A provider that does not file SMTP mail itself cannot
 * answer the question, so its messages stay as they are.
 */

export interface SettleOptions {
  imap: ImapSettings;
  now: () => Date;
  /**
   * How long after the hand-over a message must be missing from Sent before
   * it counts as not delivered: providers file it within seconds.
   * @default 120000
   */
  settleAfterMs?: number;
  onConnect?: () => void;
}

export interface Settlement {
  key: string;
  /** For people: "Ana Ruiz <ana@acme.example>". */
  to: string;
  subject: string;
  /**
   * `delivered`: found in Sent, now in the sent log; `resend`: not there,
   * marked to be sent again (once); `wait`: not there yet, too soon to tell;
   * `unsettled`: cannot be told (the provider does not file sent mail, or it
   * was already sent again once after a check).
   */
  outcome: 'delivered' | 'resend' | 'wait' | 'unsettled';
  /** For people: what was found and what happens next. */
  note: string;
  /** What the user should do, when it is up to them (worded by `adviceText`, or by a program in its own terms). */
  advice?: AfterviewAdvice;
}

/** When the message was handed over, else when it was queued. */
function handedOverAt(entry: OutboxEntry): number {
  return Date.parse(entry.handover?.at ?? entry.queuedAt);
}

/** Settles every perhaps-delivered message in the store over one IMAP connection; the rest are left alone. */
export async function settlePerhapsDelivered(store: MessageStore, options: SettleOptions): Promise<Settlement[]> {
  const waiting = (await store.list()).filter((entry) => entry.state === 'perhaps-delivered');
  if (waiting.length === 0) return [];
  if (options.imap.saveSent) {
    return waiting.map((entry) => ({
      key: entry.key,
      to: entry.to,
      subject: entry.subject,
      outcome: 'unsettled',
      note: `${options.imap.host} does not file messages sent over SMTP in Sent by itself, so Sent cannot tell whether it arrived (if it does, set saveSent: false in your profile)`,
    }));
  }
  const mailbox = await Mailbox.open(options.imap, options.onConnect ? { onConnect: options.onConnect } : {});
  const settled: Settlement[] = [];
  try {
    const sent = await mailbox.sentFolder();
    for (const entry of waiting) {
      const release = await store.lock(entry.key);
      if (!release) continue;
      try {
        settled.push(await settleOne(store, mailbox, sent, entry, options));
      } finally {
        await release();
      }
    }
  } finally {
    await mailbox.close();
  }
  return settled;
}

async function settleOne(
  store: MessageStore,
  mailbox: Mailbox,
  sent: string | undefined,
  entry: OutboxEntry,
  options: SettleOptions,
): Promise<Settlement> {
  const { key, to, subject } = entry;
  if (!sent)
    return { key, to, subject, outcome: 'unsettled', note: `the mailbox ${mailbox.settings.display} has no Sent folder to look in` };
  const found = await mailbox.findByMessageId(sent, entry.messageId);
  const now = options.now();
  if (found.length > 0) {
    const recipients = entry.handover?.recipients ?? pendingRecipients(entry);
    await store.recordSent({
      time: now.toISOString(),
      template: entry.template,
      to: entry.to,
      subject: entry.subject,
      messageId: entry.messageId,
      hash: key,
      recipients,
      ...(entry.applications?.length ? { applications: entry.applications } : {}),
    });
    const settled: OutboxEntry = { ...entry, state: 'queued', delivered: [...entry.delivered, ...recipients] };
    delete settled.handover;
    if (pendingRecipients(settled).length === 0) await store.remove(key);
    else await store.update(settled);
    return { key, to, subject, outcome: 'delivered', note: `found in "${sent}": it was delivered, and is now recorded as sent` };
  }
  if (entry.resentAfterCheck) {
    return {
      key,
      to,
      subject,
      outcome: 'unsettled',
      note: `not in "${sent}", and already sent again once after a check`,
      advice: { kind: 'resend-with-force' },
    };
  }
  const waitMs = (options.settleAfterMs ?? 120_000) - (now.getTime() - handedOverAt(entry));
  if (waitMs > 0) {
    return {
      key,
      to,
      subject,
      outcome: 'wait',
      note: `not in "${sent}" yet; the provider may still be filing it: look again in ${Math.ceil(waitMs / 1000)} s`,
    };
  }
  const resend: OutboxEntry = { ...entry, state: 'queued', resentAfterCheck: true };
  delete resend.handover;
  await store.update(resend);
  return {
    key,
    to,
    subject,
    outcome: 'resend',
    note: `not in "${sent}" although the provider has had time to file it: it was not delivered, and is sent again (once)`,
  };
}
