/**
 * Calendar days as whole numbers (days since 1970-01-01), worked out with
 * integer arithmetic on the proleptic Gregorian calendar: every message parses,
 * compares and moves a handful of dates, and doing it through Date objects
 * (a new one per step, its fields computed again on every read) was a good
 * part of building a view. test/dates.test.ts holds these to Date's answers.
 */

export interface CivilDate {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
}

/** The number written in ASCII digits from `start` to `end`, or -1 if any of them is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The year, month and day of `iso` when it is written as YYYY-MM-DD (ASCII digits),
 * else undefined; `valid` says whether that day exists. Years 0–99 are not valid:
 * Date.UTC reads them as 1900–1999, and the dates here always refused them.
 */
export function readIsoDate(iso: string): (CivilDate & { valid: boolean }) | undefined {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return undefined;
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 7);
  const day = digitsAt(iso, 8, 10);
  if (year < 0 || month < 0 || day < 0) return undefined;
  const valid = year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  return { year, month, day, valid };
}

// Days before each month (1–12) in a common year.
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/**
 * Days from 1970-01-01 to the day `iso` names, or NaN when `iso` is not a real day written
 * YYYY-MM-DD (as readIsoDate says): the count every comparison and step of dates starts from,
 * read without making an object, since a message reads a dozen or more.
 */
export function isoDays(iso: string): number {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return Number.NaN;
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 7);
  const day = digitsAt(iso, 8, 10);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  // Years 100–9999: whole-number division is enough.
  const before = year - 1;
  const leapDay = month > 2 && isLeapYear(year) ? 1 : 0;
  return (
    before * 365 +
    Math.floor(before / 4) -
    Math.floor(before / 100) +
    Math.floor(before / 400) +
    DAYS_BEFORE_MONTH[month]! +
    leapDay +
    day -
    719_163
  );
}

/** Days from 1970-01-01 to the given day (negative before it). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The day `days` days after 1970-01-01. */
export function civilDate(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 for Sunday to 6 for Saturday, as Date's getUTCDay. */
export function weekdayOf(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** YYYY-MM-DD for years 0–9999; undefined outside them (Date's longer form applies there). */
export function isoOf({ year, month, day }: CivilDate): string | undefined {
  if (!(year >= 0 && year <= 9999)) return undefined;
  const y = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `${y}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
