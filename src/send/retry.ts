/**
 * Which SMTP failures are worth another try, and when. nodemailer does not
 * retry; a 4xx reply, a reset connection, a time-out or a DNS failure often
 * clears up within seconds, while a 5xx reply, a refused login or a rejected
 * envelope will be the same next time.
 */

export interface SmtpFailure {
  code?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
  command?: string | undefined;
  permanent?: boolean | undefined;
  originalCode?: string | undefined;
  /** Set when afterview closed the connection because the message's time was up. */
  deadline?: boolean | undefined;
  message: string;
}

export type FailureKind =
  /** Try again after a pause. */
  | 'transient'
  /** The same message will fail the same way. */
  | 'permanent'
  /** Nobody is listening at that address: say so at once rather than wait. */
  | 'refused';

const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN']);

/** A certificate that could not be verified: the same next time, and never to be retried past. */
export function isCertificateFailure(error: SmtpFailure): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|UNABLE_TO_GET_ISSUER/i.test(
    `${error.originalCode ?? ''} ${error.code ?? ''} ${error.message}`,
  );
}

export function classifyFailure(error: SmtpFailure): FailureKind {
  if (error.originalCode === 'ECONNREFUSED' || error.code === 'ECONNREFUSED') return 'refused';
  if (isCertificateFailure(error) || error.code === 'ENOTFOUND') return 'permanent';
  if (error.responseCode !== undefined) {
    // RFC 5321: 4yz is transient, 5yz permanent; 503 is a session out of step, fine on a new connection.
    if (error.responseCode >= 400 && error.responseCode < 500) return 'transient';
    if (error.responseCode === 503) return 'transient';
    return 'permanent';
  }
  if (
    error.code === 'EAUTH' ||
    error.code === 'ENOAUTH' ||
    error.code === 'EENVELOPE' ||
    error.code === 'ETLS' ||
    error.code === 'ECONFIG'
  ) {
    return 'permanent';
  }
  return error.code !== undefined && TRANSIENT_CODES.has(error.code) ? 'transient' : 'permanent';
}

export interface RetryPolicy {
  /**
   * Attempts in all, the first included.
   * @default 4
   */
  attempts?: number;
  /**
   * The pause before the first retry; each later one doubles.
   * @default 500
   */
  baseDelayMs?: number;
}

/** "Equal jitter": half the exponential delay, plus a random part of the other half, so that retries spread out. */
export function retryDelay(retry: number, baseDelayMs: number, random: () => number = Math.random): number {
  const ceiling = baseDelayMs * 2 ** retry;
  return ceiling / 2 + random() * (ceiling / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
