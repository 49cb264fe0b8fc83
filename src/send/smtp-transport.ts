import { Readable } from 'node:stream';
import { classifyFailure, type RetryPolicy, retryDelay, type SmtpFailure } from './retry.js';
import type { SmtpSettings } from './smtp-config.js';
import { describeSmtpFailure, redactedCause, redactReply } from './smtp-failure.js';
import { openSession, type SmtpSession } from './smtp-session.js';
import type { Delivery, DeliveryControl, OutgoingMessage, RecipientFailure, Transport } from './transport.js';

/** What one attempt came to, before the retry loop decides whether to try again. */
interface Attempt {
  accepted: string[];
  refused: RecipientFailure[];
  /** Worth another try: a 4xx for these recipients, or a transient failure of the whole message. */
  retry: RecipientFailure[];
  uncertain?: RecipientFailure[];
  error?: SmtpFailure;
  /** The failure came before any envelope: connecting or logging in. */
  sessionWide?: boolean;
}

/**
 * The message, with its end held back: the final "." of DATA (which the
 * connection adds once this stream ends) cannot leave before `before` has
 * recorded on disk that the hand-over is under way.
 */
function heldBackStream(eml: string, before: () => Promise<void>): Readable {
  let stage = 0;
  return new Readable({
    read() {
      if (stage === 0) {
        stage = 1;
        this.push(eml);
      } else if (stage === 1) {
        stage = 2;
        before().then(
          () => this.push(null),
          (error: Error) => this.destroy(error),
        );
      }
    },
  });
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** SMTP through nodemailer's connection, one logged-in session reused for every message of a run. */
export class SmtpTransport implements Transport {
  readonly description: string;
  private session: SmtpSession | undefined;
  private readonly policy: Required<RetryPolicy>;

  constructor(
    private readonly settings: SmtpSettings,
    retry: RetryPolicy = {},
  ) {
    this.description = settings.display;
    this.policy = { attempts: retry.attempts ?? 4, baseDelayMs: retry.baseDelayMs ?? 500 };
  }

  async deliver(message: OutgoingMessage, control: DeliveryControl): Promise<Delivery> {
    const delivery: Delivery = { accepted: [], refused: [], deferred: [], uncertain: [], attempts: 0 };
    let remaining = [...message.recipients];
    for (let attempt = 1; remaining.length > 0; attempt++) {
      delivery.attempts = attempt;
      const outcome = await this.attempt(message, remaining, control);
      delivery.accepted.push(...outcome.accepted);
      delivery.refused.push(...outcome.refused);
      if (outcome.uncertain) {
        delivery.uncertain = outcome.uncertain;
        return delivery;
      }
      remaining = outcome.retry.map((r) => r.address);
      const kind = outcome.error ? classifyFailure(outcome.error) : 'transient';
      const giveUp = kind !== 'transient' || attempt >= this.policy.attempts || control.signal.aborted;
      if (remaining.length > 0 && giveUp) {
        const tries = attempt > 1 && !outcome.error ? ` (gave up after ${attempt} attempts)` : '';
        delivery.deferred = outcome.retry.map((r) => ({ ...r, reason: `${r.reason}${tries}` }));
        if (outcome.error) {
          delivery.failure = {
            message: describeSmtpFailure(outcome.error, this.settings, attempt),
            kind: outcome.error.deadline ? 'transient' : kind,
            sessionWide: outcome.sessionWide === true,
            cause: redactedCause(outcome.error, this.settings),
          };
        }
        return delivery;
      }
      if (remaining.length > 0) await wait(retryDelay(attempt - 1, this.policy.baseDelayMs), control.signal);
    }
    return delivery;
  }

  private async attempt(message: OutgoingMessage, recipients: string[], control: DeliveryControl): Promise<Attempt> {
    const everyone = (reason: string) => recipients.map((address) => ({ address, reason }));
    let session: SmtpSession;
    try {
      if (!this.session || this.session.closed) this.session = await openSession(this.settings, control.signal);
      session = this.session;
    } catch (caught) {
      const error = caught as SmtpFailure;
      return { accepted: [], refused: [], retry: everyone(describeSmtpFailure(error, this.settings, 1)), error, sessionWide: true };
    }
    let handedOver = false;
    let outboxError: unknown;
    const stream = heldBackStream(message.eml, async () => {
      try {
        await control.beforeHandover(recipients);
      } catch (error) {
        outboxError = error;
        throw error;
      }
      handedOver = true;
    });
    try {
      const info = await session.send({ from: message.sender, to: recipients }, stream, control.signal);
      const attempt: Attempt = { accepted: info.accepted.map(String), refused: [], retry: [] };
      for (const rejected of info.rejectedErrors ?? []) this.sortRecipient(attempt, rejected);
      return attempt;
    } catch (caught) {
      // A connection that failed mid-conversation is out of step: the next attempt starts afresh.
      this.session = undefined;
      session.close(true);
      if (outboxError !== undefined) throw outboxError;
      const error = caught as SmtpFailure & { rejectedErrors?: SmtpFailure[] };
      const reason = describeSmtpFailure(error, this.settings, 1);
      // Handed over in full, then no answer: the server may have it, and a retry could deliver it twice.
      if (handedOver && error.responseCode === undefined)
        return { accepted: [], refused: [], retry: [], uncertain: everyone(reason), error };
      if (error.rejectedErrors?.length) {
        // Every recipient refused at RCPT TO: each one's own reply says why, and decides whether to try again.
        const attempt: Attempt = { accepted: [], refused: [], retry: [] };
        for (const rejected of error.rejectedErrors) this.sortRecipient(attempt, rejected);
        return attempt;
      }
      const kind = classifyFailure(error);
      if (kind === 'permanent' && error.responseCode !== undefined) return { accepted: [], refused: everyone(reason), retry: [], error };
      return { accepted: [], refused: [], retry: everyone(reason), error };
    }
  }

  /** A recipient refused at RCPT TO: a 4xx is worth another try for that recipient alone, a 5xx is final. */
  private sortRecipient(attempt: Attempt, rejected: SmtpFailure & { recipient?: string }): void {
    const address = rejected.recipient ?? '';
    const reply = redactReply(rejected.response?.trim() ?? rejected.message, this.settings);
    if (rejected.responseCode !== undefined && rejected.responseCode < 500) {
      attempt.retry.push({ address, reason: `the server deferred ${address}: ${reply}` });
    } else {
      attempt.refused.push({ address, reason: `the server refused ${address}: ${reply}` });
    }
  }

  async close(): Promise<void> {
    this.session?.close(false);
    this.session = undefined;
  }
}
