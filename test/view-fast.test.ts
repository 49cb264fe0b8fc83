import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpsUrl, telUri } from '../src/render/links.js';

/** The signature's links, as first written with patterns: the reference for the quicker forms in render/links.ts. */
const plain = {
  httpsUrl(value: string): string {
    const address = value.trim().replace(/^https?:\/\//i, '');
    return `https://${encodeURI(address).replace(/%25([0-9A-Fa-f]{2})/g, '%$1')}`;
  },
  telUri(phone: string): string | undefined {
    const trimmed = phone.trim();
    const digits = trimmed.replace(/\D/g, '');
    if (digits.length < 3) return undefined;
    return trimmed.startsWith('+') ? `+${digits}` : digits;
  },
};

describe('the links of the signature', () => {
  // Digits and their look-alikes in other scripts, the marks phone numbers and addresses are written with, escapes.
  const unit = fc.constantFrom(
    ...['0', '1', '5', '9', '٣', '５', '+', ' ', '(', ')', '-', '.', '/', '%', '%2', '%25', '%20', '%zz', 'a', 'F', 'é', '😀'],
    ...['https://', 'HTTP://', 'linkedin.com/in/', '\t', '\u00a0', '<', '"'],
  );
  const text = fc.string({ unit, maxLength: 12 });

  it('are what the plain patterns make', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(telUri(value)).toBe(plain.telUri(value));
        expect(httpsUrl(value)).toBe(plain.httpsUrl(value));
      }),
      { numRuns: 10_000 },
    );
  });
});
