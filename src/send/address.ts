import addressparser from 'nodemailer/lib/addressparser';
import * as z from 'zod/mini';
import { AfterviewError } from '../errors.js';
import type { Address } from '../render/address.js';
import { refuseHeaderLineBreak } from '../render/eml.js';

export type Recipient = string | Address;
export type MailAddress = Address & { email: string };

/** RFC 5322's longest line: no real address with its name comes near it. */
export const MAX_ADDRESS_LENGTH = 998;

// Built on first use, not at import (building zod schemas costs a cold start): a render checks no address here.
let emailSchema: z.ZodMiniEmail | undefined;

function invalid(label: string, shown: string, advice: string): AfterviewError {
  return new AfterviewError('INVALID_CONTEXT', `${label} "${shown}" is not an email address; ${advice}`);
}

/**
 * Accepts "ana@acme.example", "Ana Ruiz <ana@acme.example>" or { name, email };
 * refuses anything that could break a header. nodemailer's address parser
 * reads the text in one pass, so no input can make it slow; the length is
 * bounded before it runs.
 */
export function parseRecipient(value: Recipient, label: string): MailAddress {
  refuseHeaderLineBreak(label, value);
  let address: Address;
  if (typeof value === 'string') {
    if (value.length > MAX_ADDRESS_LENGTH) {
      throw new AfterviewError(
        'INVALID_CONTEXT',
        `${label} is ${value.length} characters long; an email address with its name fits in ${MAX_ADDRESS_LENGTH}.`,
      );
    }
    const parsed = addressparser(value, { flatten: true });
    if (parsed.length > 1) {
      throw new AfterviewError('INVALID_CONTEXT', `${label} "${value}" holds ${parsed.length} addresses; give each one separately.`);
    }
    const [only] = parsed;
    if (!only?.address) throw invalid(label, value, 'write name@example.com or "Name <name@example.com>".');
    address = { name: only.name.trim() || only.address, email: only.address };
  } else {
    address = value;
  }
  if (
    address.email === undefined ||
    address.email.length > MAX_ADDRESS_LENGTH ||
    !(emailSchema ??= z.email()).safeParse(address.email).success
  ) {
    throw invalid(label, (address.email ?? address.name).slice(0, 200), 'write name@example.com.');
  }
  return address as MailAddress;
}

export function recipientList(value: Recipient | readonly Recipient[] | undefined, label: string): MailAddress[] {
  if (value === undefined) return [];
  return [value].flat().map((item) => parseRecipient(item, label));
}
