import { patternMoney } from './money-pattern.js';

/**
 * Locale-aware formatting of the values that appear in messages. Formatters are
 * cached per locale because building an Intl formatter costs far more than using one.
 */

const listFormatters = new Map<string, Intl.ListFormat>();

/** "$185,000": whole units, no cents, as salaries are written. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  // The default locale and currency written out (see US_DATES in format/dates.ts for why); a test checks them against Intl.
  if (locale === 'en-US' && currency === 'USD' && Number.isSafeInteger(amount) && amount >= 0) return `$${groupThousands(amount)}`;
  return patternMoney(amount, currency, locale);
}

/** "A, B and C" (or "A, B, and C", as the locale writes it). */
export function formatList(items: readonly string[], locale: string, type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  if (locale === 'en-US') {
    const word = type === 'conjunction' ? 'and' : 'or';
    if (items.length <= 1) return items[0] ?? '';
    if (items.length === 2) return `${items[0]} ${word} ${items[1]}`;
    return `${items.slice(0, -1).join(', ')}, ${word} ${items.at(-1)}`;
  }
  const key = `${locale}|${type}`;
  let formatter = listFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.ListFormat(locale, { style: 'long', type });
    listFormatters.set(key, formatter);
  }
  return formatter.format(items);
}

/** "185,000" for a whole number from 0 up (Number.isSafeInteger, so written in digits alone). */
function groupThousands(amount: number): string {
  const digits = String(amount);
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let start = grouped.length; start < digits.length; start += 3) grouped += `,${digits.slice(start, start + 3)}`;
  return grouped;
}
