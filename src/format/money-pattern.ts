/**
 * Amounts in whole units, exactly as Intl.NumberFormat writes them for a
 * locale and currency, without asking Intl for every amount: a format call
 * costs about 0.9 µs. Once a locale and currency have been used a few times,
 * the formatter is asked once for the text before and after the digits and how
 * it groups them; the pattern is then checked against Intl on amounts of every
 * length a whole number can have, and used only when it writes each of them as
 * Intl does. A locale that writes digits other than 0–9, or anything the
 * pattern cannot hold, keeps Intl.
 */

import { LearntPatterns } from './learnt-patterns.js';

interface Pattern {
  before: string;
  after: string;
  separator: string;
  /** Digits in the last group, and in each group before it. */
  last: number;
  other: number;
}

function write(pattern: Pattern, digits: string): string {
  let end = digits.length - pattern.last;
  if (end <= 0) return `${pattern.before}${digits}${pattern.after}`;
  let grouped = digits.slice(end);
  for (; end > 0; end -= pattern.other) grouped = `${digits.slice(Math.max(0, end - pattern.other), end)}${pattern.separator}${grouped}`;
  return `${pattern.before}${grouped}${pattern.after}`;
}

// Amounts of every length from 1 to 16 digits, with the digits varied, and the largest safe whole number.
const CHECKED_AMOUNTS: readonly number[] = [
  0,
  ...Array.from({ length: 16 }, (_, index) => 10 ** index),
  ...Array.from({ length: 15 }, (_, index) => 10 ** (index + 1) - 1),
  ...Array.from({ length: 16 }, (_, index) => Number('1234567890123456'.slice(0, index + 1))),
  Number.MAX_SAFE_INTEGER,
];

function learn(intl: Intl.NumberFormat): Pattern | null {
  const sample = 1_234_567_890_123_456;
  let before = '';
  let after = '';
  let separator: string | undefined;
  const groups: string[] = [];
  for (const part of intl.formatToParts(sample)) {
    if (part.type === 'integer') {
      if (after !== '' || !/^[0-9]+$/.test(part.value)) return null;
      groups.push(part.value);
    } else if (part.type === 'group' && groups.length > 0 && after === '') {
      if (separator !== undefined && separator !== part.value) return null;
      separator = part.value;
    } else if (part.type === 'currency' || part.type === 'literal') {
      if (groups.length === 0) before += part.value;
      else after += part.value;
    } else {
      return null;
    }
  }
  if (groups.join('') !== String(sample)) return null;
  const pattern: Pattern = {
    before,
    after,
    separator: separator ?? '',
    last: groups.length > 1 ? groups.at(-1)!.length : Number.POSITIVE_INFINITY,
    other: groups.length > 2 ? groups.at(-2)!.length : groups.at(-1)!.length,
  };
  return CHECKED_AMOUNTS.every((amount) => write(pattern, String(amount)) === intl.format(amount)) ? pattern : null;
}

const formats = new LearntPatterns<Intl.NumberFormat, Pattern>(learn);

/** The amount in whole units of the currency, as Intl.NumberFormat writes it in the locale. */
export function patternMoney(amount: number, currency: string, locale: string): string {
  const { intl, pattern } = formats.use(
    locale,
    currency,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 }),
  );
  // Whole numbers from 0 up only: Intl writes -0 with a sign, and fractions rounded.
  if (pattern && Number.isSafeInteger(amount) && amount >= 0 && !Object.is(amount, -0)) return write(pattern, String(amount));
  return intl.format(amount);
}

/** Whether amounts in this currency and locale are now written from a learnt pattern (for tests). */
export function writesMoneyFromPattern(currency: string, locale: string): boolean {
  return formats.writesFromPattern(locale, currency);
}
