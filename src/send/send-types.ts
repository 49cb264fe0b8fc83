import type { AfterviewError } from '../errors.js';
import type { OutboxState } from './outbox-entry.js';

export interface SendResult {
  /**
   * - `sent`: every recipient has it.
   * - `skipped`: not sent this time, and nothing is wrong: already sent (see `sentAt`) or being sent by another process.
   * - `failed`: not delivered to every recipient (see `accepted` for who has it); it stays in the outbox.
   * - `uncertain`: *perhaps delivered*: handed over in full with no answer, or found so from an earlier run.
   *   Never sent again without `force`.
   * - `queued`: left in the outbox untried, because the run stopped early (its time was up, the server kept
   *   failing, or the state folder could not be written).
   */
  status: 'sent' | 'skipped' | 'failed' | 'uncertain' | 'queued';
  template: string;
  /** "Ana Ruiz <ana@acme.example>" */
  to: string;
  subject: string;
  messageId: string;
  /** Addresses the server accepted in this run. */
  accepted: string[];
  /** Addresses the server refused for good in this run. */
  rejected: string[];
  /** Addresses the server deferred (a 4xx) past every retry: they stay in the outbox. */
  deferred: string[];
  /** SMTP attempts made for this message in this run. */
  attempts: number;
  /** When it was sent (now, or for a skipped message, the first time). */
  sentAt?: string;
  /** Why it was skipped, failed, left queued or is uncertain, in plain words; for `sent`, anything still worth knowing. */
  reason?: string;
  /** The folder a copy of the sent message was saved in (IMAP configured, for a provider that does not file sent mail itself). */
  sentCopy?: string;
  /** Why that copy could not be saved: the message itself was sent. */
  sentCopyError?: string;
  error?: AfterviewError;
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
  /**
   * `new`; `queued` in the outbox from an earlier run (that rendering is the one sent); `sent` already
   * (skipped unless forced); `perhaps-delivered` (not sent without force); `blocked` by another message
   * for the same template and recipient waiting in the outbox.
   */
  state: 'new' | 'queued' | 'sent' | 'perhaps-delivered' | 'blocked';
  /** For `sent`: when. */
  sentAt?: string;
  /** For `queued`, `perhaps-delivered` and `blocked`: what is waiting, in plain words. */
  note?: string;
}

/** A message waiting in the outbox, as `listOutbox` shows it. */
export interface WaitingMessage {
  template: string;
  to: string;
  subject: string;
  messageId: string;
  queuedAt: string;
  state: OutboxState;
  /** Recipients who already have it. */
  delivered: string[];
  /** Recipients still owed it. */
  pending: string[];
  attempts: number;
  lastError?: string;
}
