import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addDays,
  addMonths,
  daysBetween,
  formatDayAndDate,
  formatLetterDate,
  formatLongDate,
  formatWeekday,
  isRealIsoDate,
  isWeekend,
  parseIsoDate,
  previousBusinessDay,
} from '../src/format/dates.js';
import { writesFromPattern } from '../src/format/date-pattern.js';
import * as reference from './helpers/date-reference.js';

/**
 * Dates are worked out with integer arithmetic (src/format/calendar.ts) and
 * written in other locales from a pattern learnt of Intl (src/format/date-pattern.ts):
 * both are held here to what Date and Intl answer.
 */

/** What a function gives, or the error it throws, so that two can be compared either way. */
function outcome<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const isoOf = (time: number) => new Date(time).toISOString().slice(0, 10);

describe('calendar arithmetic', () => {
  it('answers as Date does for every day from 1895 to 2105', () => {
    const wrong: string[] = [];
    for (let time = Date.UTC(1895, 0, 1); time <= Date.UTC(2105, 11, 31); time += 86_400_000) {
      const iso = isoOf(time);
      if (!isRealIsoDate(iso)) wrong.push(`real ${iso}`);
      if (parseIsoDate(iso).getTime() !== time) wrong.push(`parse ${iso}`);
      if (isWeekend(iso) !== reference.isWeekend(iso)) wrong.push(`weekend ${iso}`);
      for (const days of [-400, -31, -1, 1, 2, 7, 366]) {
        if (addDays(iso, days) !== reference.addDays(iso, days)) wrong.push(`addDays ${iso} ${days}`);
      }
      for (const months of [-13, -1, 1, 6, 12, 25]) {
        if (addMonths(iso, months) !== reference.addMonths(iso, months)) wrong.push(`addMonths ${iso} ${months}`);
      }
      if (daysBetween('2026-11-25', iso) !== reference.daysBetween('2026-11-25', iso)) wrong.push(`between ${iso}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('answers as Date does for any day of years 0–9999 and any step, or fails as it did', () => {
    const iso = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    const step = fc.oneof(fc.integer({ min: -4000, max: 4000 }), fc.integer({ min: -4_000_000, max: 4_000_000 }), fc.double());
    fc.assert(
      fc.property(iso, iso, step, (a, b, n) => {
        expect(isRealIsoDate(a)).toBe(reference.isRealIsoDate(a));
        expect(outcome(() => parseIsoDate(a).getTime())).toEqual(outcome(() => reference.parseIsoDate(a).getTime()));
        expect(outcome(() => isWeekend(a))).toEqual(outcome(() => reference.isWeekend(a)));
        expect(outcome(() => daysBetween(a, b))).toEqual(outcome(() => reference.daysBetween(a, b)));
        expect(outcome(() => addDays(a, n))).toEqual(outcome(() => reference.addDays(a, n)));
        expect(outcome(() => addMonths(a, n))).toEqual(outcome(() => reference.addMonths(a, n)));
      }),
      { numRuns: 20_000 },
    );
  }, 60_000);

  it('counts business days as Date did, with and without holidays, up to the ends of the years supported', () => {
    const day = fc.oneof(
      fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 11, 31) }),
      fc.integer({ min: Date.UTC(100, 0, 1), max: Date.UTC(110, 0, 1) }),
      fc.integer({ min: Date.UTC(9999, 11, 1), max: Date.UTC(9999, 11, 31) }),
    );
    const iso = day.map((time) => isoOf(time - (time % 86_400_000)));
    const holidays = fc.oneof(
      fc.constant([] as string[]),
      fc.array(iso, { maxLength: 6 }),
      fc.array(iso, { maxLength: 6 }).map((dates) => {
        const set = new Set(dates);
        return { has: (date: string) => set.has(date) };
      }),
    );
    fc.assert(
      fc.property(
        iso,
        fc.oneof(fc.integer({ min: -2, max: 30 }), fc.constantFrom(0.5, 2.5, Number.NaN)),
        holidays,
        (from, count, listed) => {
          expect(outcome(() => addBusinessDays(from, count, listed))).toEqual(
            outcome(() => reference.addBusinessDays(from, count, listed)),
          );
          expect(outcome(() => previousBusinessDay(from, listed))).toEqual(outcome(() => reference.previousBusinessDay(from, listed)));
        },
      ),
      { numRuns: 20_000 },
    );
    for (const bad of ['2026-02-30', 'soon', '0099-12-31']) {
      expect(outcome(() => addBusinessDays(bad, 1))).toEqual(outcome(() => reference.addBusinessDays(bad, 1)));
      expect(outcome(() => previousBusinessDay(bad))).toEqual(outcome(() => reference.previousBusinessDay(bad)));
    }
  }, 60_000);

  it('refuses what is not written YYYY-MM-DD in ASCII digits, with the same error', () => {
    const text = fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', ' ', '\n', '٣', '２', 'T', 'a'), maxLength: 12 });
    const cases = ['2026-11-25\n', ' 2026-11-25', '2026-11-25T00:00', '0050-01-01', '0099-12-31', '0100-01-01', '+02026-11-25'];
    for (const value of [...cases, ...fc.sample(text, 5_000)]) {
      expect(isRealIsoDate(value), value).toBe(reference.isRealIsoDate(value));
      expect(
        outcome(() => addDays(value, 1)),
        value,
      ).toEqual(outcome(() => reference.addDays(value, 1)));
    }
  });
});

describe('dates in other locales, from a pattern learnt of Intl', () => {
  const styles = {
    long: [formatLongDate, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }],
    letter: [formatLetterDate, { dateStyle: 'long' }],
    dayAndDate: [formatDayAndDate, { weekday: 'long', month: 'long', day: 'numeric' }],
    weekday: [formatWeekday, { weekday: 'long' }],
  } as const;
  // The formatting locales (context/locale.ts gives en-REGION or en), and English ones a user may
  // write with another calendar, numbering system or region: those keep Intl.
  const locales = [
    'en',
    'en-GB',
    'en-IE',
    'en-AU',
    'en-CA',
    'en-IN',
    'en-ZA',
    'en-NZ',
    'en-DE',
    'en-SE',
    'en-CH',
    'en-JP',
    'en-150',
    'en-001',
    'en-US-u-ca-buddhist',
    'en-u-nu-arab',
    'en-GB-u-ca-islamic',
    'en-u-ca-japanese',
    'en-US-u-ca-roc',
  ];

  it('writes every day as Intl does, in each style', () => {
    const wrong: string[] = [];
    const days: number[] = [];
    for (let time = Date.UTC(2016, 0, 1); time <= Date.UTC(2031, 11, 31); time += 86_400_000) days.push(time);
    for (const year of [100, 999, 1000, 1582, 1900, 2100, 9998, 9999]) {
      for (const month of [0, 1, 5, 11]) {
        const date = new Date(Date.UTC(2000, month, 28));
        date.setUTCFullYear(year);
        days.push(date.getTime());
      }
    }
    for (const locale of locales) {
      for (const [style, [format, options]] of Object.entries(styles)) {
        const intl = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
        for (const time of days) {
          const iso = isoOf(time);
          if (!reference.isRealIsoDate(iso)) continue;
          const expected = intl.format(reference.parseIsoDate(iso));
          const written = format(iso, locale);
          if (written !== expected) wrong.push(`${locale} ${style} ${iso}: ${written} ≠ ${expected}`);
        }
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    // The pattern is in use where it can be (else the test above would hold Intl to itself), and not where it cannot.
    for (const style of Object.keys(styles)) {
      for (const locale of ['en', 'en-GB', 'en-IE', 'en-IN', 'en-DE', 'en-150'])
        expect(writesFromPattern(style, locale), `${locale} ${style}`).toBe(true);
      // (A weekday alone has no digits or calendar fields, so any locale's is a pattern.)
      if (style === 'weekday') continue;
      for (const locale of ['en-u-nu-arab', 'en-GB-u-ca-islamic'])
        expect(writesFromPattern(style, locale), `${locale} ${style}`).toBe(false);
    }
  }, 120_000);
});
