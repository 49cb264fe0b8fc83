import { createHash } from 'node:crypto';

/**
 * What the outbox knows about one message, on disk as `<key>.json` beside the
 * exact `.eml`. The states, and how a message moves between them
 * (outbox.ts moves it; every state is written, fsync'd, before what it
 * guards can happen):
 *
 *   (new) ──queue──▶ queued ──beforeHandover──▶ handing-over ──server accepts──▶ (sent log line) ──▶ removed
 *                      ▲                            │
 *                      │   refused before the end,  ├──no answer after the last byte──▶ perhaps-delivered
 *                      └── some recipients deferred ┤
 *                                                   └──accepted, sent log unwritable──▶ delivered-unrecorded
 *
 * - `queued`: not handed over (or handed over to some recipients only, listed
 *   in `delivered`); any run may send it to the rest.
 * - `handing-over`: the last byte may be on its way. Found by a process that
 *   holds the lock (so its writer is gone), it is read as perhaps-delivered,
 *   unless the sent log shows the delivery.
 * - `perhaps-delivered`: the server may have it; never sent again without
 *   `force` (or, for a transport that can look, until it is found missing).
 * - `delivered-unrecorded`: the server took it but the sent log could not be
 *   written; the next run writes the line and never sends it again.
 */
export type OutboxState = 'queued' | 'handing-over' | 'perhaps-delivered' | 'delivered-unrecorded';

export interface OutboxEntry {
  /** The message's identity: template, sender, recipients, subject and attachments, never the day it was rendered. */
  key: string;
  /** The rendered text and HTML: tells a new rendering from the queued one. */
  contentHash: string;
  template: string;
  /** For people: "Marty Hale-Evans <marty@example.com>". */
  from: string;
  /** The envelope sender address. */
  sender: string;
  /** Every envelope recipient: To, Cc and Bcc. */
  recipients: string[];
  /** Recipients the server has taken it for. */
  delivered: string[];
  /** For people: "Ana Ruiz <ana@acme.example>". */
  to: string;
  subject: string;
  messageId: string;
  queuedAt: string;
  attempts: number;
  state: OutboxState;
  /** For `handing-over` and `perhaps-delivered`: the recipients of that hand-over, and when it began. */
  handover?: { recipients: string[]; at: string };
  /** The last failure, in plain words. */
  lastError?: string;
  /** A draft for the mailbox's Drafts folder (`afterview draft`), not a message to send over SMTP. */
  draft?: boolean;
  /** The application (context) files the message was rendered from, absolute: copied to the sent log for `afterview due`. */
  applications?: string[];
  /** It was perhaps delivered, was not found in the Sent folder, and was queued again: that happens only once. */
  resentAfterCheck?: boolean;
}

/** One line of the sent log: a delivery the server accepted. */
export interface SentRecord {
  time: string;
  template: string;
  to: string;
  subject: string;
  messageId: string;
  /** The message key. */
  hash: string;
  /** The envelope recipients this delivery reached (absent in lines from before per-recipient records: all of them). */
  recipients?: string[];
  /** The application (context) files the message was rendered from, absolute, when the sender said (`afterview due` reads them). */
  applications?: string[];
}

/** Recipients still owed the message. */
export function pendingRecipients(entry: OutboxEntry): string[] {
  const done = new Set(entry.delivered.map((r) => r.toLowerCase()));
  return entry.recipients.filter((r) => !done.has(r.toLowerCase()));
}

/** An entry as read from disk; one written before states existed becomes `queued` (or `perhaps-delivered` if it was marked uncertain). */
export function normalizeEntry(raw: OutboxEntry & { uncertain?: boolean }): OutboxEntry {
  const { uncertain, ...entry } = raw;
  return {
    ...entry,
    contentHash: entry.contentHash ?? '',
    delivered: entry.delivered ?? [],
    state: entry.state ?? (uncertain ? 'perhaps-delivered' : 'queued'),
  };
}

/** A hash of a rendering's whole content and recipients (the drafts' identity: an edited draft replaces the earlier one). */
export function contentKey(parts: {
  template: string;
  recipients: readonly string[];
  subject: string;
  text: string;
  html: string;
  attachments: readonly Buffer[];
}): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([parts.template, [...parts.recipients].map((r) => r.toLowerCase()).sort(), parts.subject, parts.text, parts.html]),
  );
  for (const attachment of parts.attachments) hash.update(createHash('sha256').update(attachment).digest());
  return hash.digest('hex');
}
