/**
 * How a message leaves afterview: the contract between the outbox (which
 * decides what to send and keeps every state on disk) and a transport (which
 * hands one message to a server). The SMTP transport (smtp-transport.ts) is
 * one; an IMAP draft store can be another, beside it.
 *
 * A transport:
 * - delivers one message at a time, to the recipients it is given (the outbox
 *   passes only those still owed the message);
 * - classifies its own failures and retries what is worth retrying, within the
 *   deadline it is given (`signal`);
 * - calls `beforeHandover` and waits for it before the server can have the
 *   message complete (for SMTP: before the final "." of DATA). The outbox
 *   records "hand-over under way" on disk there, so that a crash after that
 *   point is read as *perhaps delivered*, never as "not sent". If
 *   `beforeHandover` rejects, the transport must not finish the hand-over and
 *   must rethrow that error from `deliver`;
 * - reports every recipient in exactly one list of its `Delivery`.
 *
 * `deliver` rejects only for an error of the outbox's own (from
 * `beforeHandover`); every server or network failure is a `Delivery`.
 */
export interface Transport {
  /** Where messages go, for people, never with a secret: "smtp://marty@smtp.example.com:587". */
  readonly description: string;
  deliver(message: OutgoingMessage, control: DeliveryControl): Promise<Delivery>;
  /** Ends the session (QUIT); safe to call more than once. */
  close(): Promise<void>;
}

export interface OutgoingMessage {
  /** The envelope sender address. */
  sender: string;
  /** The envelope recipients to deliver to this time (To, Cc and Bcc, or the ones still owed it). */
  recipients: readonly string[];
  /** The complete RFC 5322 message, exactly as it was queued. */
  eml: string;
  messageId: string;
}

export interface DeliveryControl {
  /** Awaited before the last byte of the message can reach the server, with the recipients it goes to. */
  beforeHandover(recipients: readonly string[]): Promise<void>;
  /** Aborted when the message's time is up: give up, and report what is known. */
  signal: AbortSignal;
}

/** One recipient the message did not reach this time, and why, in the server's words (never with a secret). */
export interface RecipientFailure {
  address: string;
  reason: string;
}

export interface Delivery {
  /** The server took the message for these. */
  accepted: string[];
  /** Refused for good (a 5xx reply, say): trying again will not help. */
  refused: RecipientFailure[];
  /** Not delivered this time, and worth another try later (a 4xx reply, a dropped connection, a time-out). */
  deferred: RecipientFailure[];
  /** Handed over in full, then no answer: these may have it. Never retried by the transport. */
  uncertain: RecipientFailure[];
  /** Attempts made for this message, the first included. */
  attempts: number;
  /**
   * The failure that kept the message from everyone, in plain words, when
   * there was one (a refused connection, a refused login, a time-out).
   * `permanent` failures will happen again on the next message too, so a
   * batch need not go on trying (a refused login, an untrusted certificate).
   */
  failure?: { message: string; kind: 'transient' | 'permanent' | 'refused'; sessionWide: boolean; cause?: Error };
}
