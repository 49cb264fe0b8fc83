import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../src/format/values.js';
import { writesMoneyFromPattern } from '../src/format/money-pattern.js';
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

describe('amounts in other locales and currencies, from a pattern learnt of Intl', () => {
  // The formatting locales (en-REGION, en), with grouping in threes, in the Indian way, or none; and a
  // numbering system other than Latin digits, which keeps Intl.
  const locales = [
    'en',
    'en-GB',
    'en-IE',
    'en-IN',
    'en-DE',
    'en-CH',
    'en-ZA',
    'en-SE',
    'en-150',
    'en-US',
    'en-u-nu-arab',
    'en-IN-u-nu-deva',
  ];
  const currencies = ['EUR', 'GBP', 'INR', 'JPY', 'CHF', 'USD', 'SEK', 'BHD', 'ZAR', 'XAF'];
  const amount = fc.oneof(
    fc.integer({ min: 0, max: 1e12 }),
    fc.integer({ min: 0, max: 99_999 }),
    fc.maxSafeNat(),
    fc.constantFrom(-0, -5, 0.5, 1234.5, 1e21, Number.NaN),
  );

  it('writes every amount as Intl does', () => {
    const intl = (currency: string, locale: string) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
    fc.assert(
      fc.property(fc.constantFrom(...locales), fc.constantFrom(...currencies), amount, (locale, currency, value) => {
        // (Dollars in en-US are written out on their own, and write -0 as $0; an amount is never below 1.)
        if (locale === 'en-US' && currency === 'USD' && Object.is(value, -0)) return;
        expect(formatMoney(value, currency, locale)).toBe(intl(currency, locale).format(value));
      }),
      { numRuns: 20_000 },
    );
    // The pattern is in use where it can be (else the test above would hold Intl to itself), and not where it cannot.
    for (const locale of ['en-GB', 'en-IE', 'en-IN', 'en-DE']) {
      for (const currency of ['EUR', 'GBP', 'INR']) expect(writesMoneyFromPattern(currency, locale), `${locale} ${currency}`).toBe(true);
    }
    expect(writesMoneyFromPattern('EUR', 'en-u-nu-arab')).toBe(false);
  }, 120_000);
});
