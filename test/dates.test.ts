import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addMonths,
  describePastDay,
  formatLongDate,
  isRealIsoDate,
  localToday,
  previousBusinessDay,
} from '../src/format/dates.js';

describe('calendar dates', () => {
  it('formats a date with its weekday for the locale', () => {
    expect(formatLongDate('2026-12-01', 'en-US')).toBe('Tuesday, December 1, 2026');
    // The punctuation of other locales varies between ICU versions; the order and words do not.
    expect(formatLongDate('2026-12-01', 'en-GB')).toMatch(/^Tuesday,? 1 December 2026$/);
    expect(formatLongDate('2026-12-01', 'de-DE')).toMatch(/^Dienstag, 1\. Dezember 2026$/);
  });

  it.each([
    ['2026-11-25', 2, '2026-11-27'], // Wednesday → Friday
    ['2026-11-26', 2, '2026-11-30'], // Thursday → Monday, over the weekend
    ['2026-11-27', 1, '2026-11-30'], // Friday → Monday
    ['2026-11-28', 2, '2026-12-01'], // Saturday → Tuesday
  ])('counts %i plus %i business days as %s', (from, days, expected) => {
    expect(addBusinessDays(from, days)).toBe(expected);
  });

  it('skips listed holidays when counting business days', () => {
    expect(addBusinessDays('2026-11-25', 2, ['2026-11-26'])).toBe('2026-11-30');
    expect(addBusinessDays('2026-12-23', 2, ['2026-12-24', '2026-12-25'])).toBe('2026-12-29');
  });

  it('moves a weekend day back to the Friday before', () => {
    expect(previousBusinessDay('2026-12-12')).toBe('2026-12-11');
    expect(previousBusinessDay('2026-12-13')).toBe('2026-12-11');
    expect(previousBusinessDay('2026-12-14')).toBe('2026-12-14');
  });

  it('clamps month arithmetic to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-25', 1)).toBe('2026-12-25');
  });

  it('refuses impossible dates', () => {
    expect(isRealIsoDate('2026-02-30')).toBe(false);
    expect(isRealIsoDate('2026-13-01')).toBe(false);
    expect(isRealIsoDate('2028-02-29')).toBe(true);
    expect(isRealIsoDate('2026-2-3')).toBe(false);
  });

  it('names a past day relative to today', () => {
    expect(describePastDay('2026-11-25', '2026-11-25', 'en-US')).toBe('today');
    expect(describePastDay('2026-11-24', '2026-11-25', 'en-US')).toBe('yesterday');
    expect(describePastDay('2026-11-20', '2026-11-25', 'en-US')).toBe('on Friday');
    expect(describePastDay('2026-11-10', '2026-11-25', 'en-US')).toBe('on Tuesday, November 10');
  });

  it("takes today's date from the local clock, not UTC", () => {
    const lateEvening = new Date(2026, 10, 25, 23, 30);
    expect(localToday(lateEvening)).toBe('2026-11-25');
  });
});
