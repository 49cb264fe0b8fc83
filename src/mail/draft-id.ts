import { createHash } from 'node:crypto';
import type { Address } from '../render/address.js';

/**
 * The same person, the same kind of message and the same subject make the
 * same draft: its Message-ID is derived from them, so an edited context
 * replaces the earlier draft instead of adding another.
 */
export function draftMessageId(
  template: string,
  from: Address & { email: string },
  recipients: readonly string[],
  subject: string,
): string {
  const identity = JSON.stringify([template, from.email.toLowerCase(), [...recipients].map((r) => r.toLowerCase()).sort(), subject]);
  const digest = createHash('sha256').update(identity).digest('hex').slice(0, 32);
  return `<draft.${digest}@${from.email.split('@')[1]}>`;
}
