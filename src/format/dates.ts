/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD). Dates are calendar days, not
 * instants: they are computed in UTC so that no time zone or daylight-saving
 * change can move a day, and formatted in UTC for the same reason.
 */

import { civilDate, dayNumber, daysInMonth, isoDays, isoOf, readIsoDate, weekdayOf, type CivilDate } from './calendar.js';
import { isHoliday, type Holidays } from './holidays.js';
import { patternFormat } from './date-pattern.js';

const DAY_MS = 86_400_000;

/** The day `iso` names; a RangeError when it is not a real YYYY-MM-DD date. */
function readDay(iso: string): CivilDate {
  // Whatever a JavaScript caller passes is read as text, as a pattern would read it.
  const text = typeof iso === 'string' ? iso : `${iso}`;
  const date = readIsoDate(text);
  if (!date) throw new RangeError(`not an ISO date: ${text}`);
  if (!date.valid) throw new RangeError(`not a real calendar date: ${text}`);
  return date;
}

/** The number of days from 1970-01-01 to the day `iso` names; a RangeError as readDay's when it is not a real day. */
function daysOf(iso: string): number {
  const days = typeof iso === 'string' ? isoDays(iso) : Number.NaN;
  if (Number.isNaN(days)) {
    const { year, month, day } = readDay(iso);
    return dayNumber(year, month, day);
  }
  return days;
}

export function parseIsoDate(iso: string): Date {
  return new Date(daysOf(iso) * DAY_MS);
}

export function isRealIsoDate(iso: string): boolean {
  const date = readIsoDate(typeof iso === 'string' ? iso : `${iso}`);
  return date?.valid === true;
}

export function toIsoDate(date: Date): string {
  const year = date.getUTCFullYear();
  // What toISOString gives, without building the time of day: years outside 0–9999 take its longer form.
  if (!(year >= 0 && year <= 9999)) return date.toISOString().slice(0, 10);
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The ISO date `days` days after 1970-01-01 (Date's longer form, or its RangeError, outside years 0–9999). */
function isoOfDays(days: number): string {
  return isoOf(civilDate(days)) ?? new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** Today's calendar date where the user is (local time), as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function addDays(iso: string, days: number): string {
  // A fraction of a day (no caller passes one) lands within the day, as Date arithmetic did.
  if (!Number.isInteger(days)) return toIsoDate(new Date(parseIsoDate(iso).getTime() + days * DAY_MS));
  return isoOfDays(daysOf(iso) + days);
}

export function addMonths(iso: string, months: number): string {
  const { year, month, day } = readDay(iso);
  // Date.UTC takes the whole part of a month index, as this does.
  const index = Math.trunc(month - 1 + months);
  const targetYear = year + Math.floor(index / 12);
  const targetMonth = index - Math.floor(index / 12) * 12 + 1;
  // Clamp to the last day of the target month: one month after January 31 is February 28 (or 29).
  return isoOfDays(dayNumber(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth))));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return daysOf(to) - daysOf(from);
}

export function isWeekend(iso: string): boolean {
  const day = weekdayOf(daysOf(iso));
  return day === 0 || day === 6;
}

export function isBusinessDay(iso: string, holidays: Holidays = []): boolean {
  return !isWeekend(iso) && !isHoliday(iso, holidays);
}

// The first and last days an ISO date here can name (0100-01-01 and 9999-12-31, see calendar.ts).
const FIRST_DAY = -683_003;
const LAST_DAY = 2_932_896;

function isWeekendDay(days: number): boolean {
  const weekday = weekdayOf(days);
  return weekday === 0 || weekday === 6;
}

/** Whether there are holidays to look up: nearly every context lists none, and then no day need be written out. */
const listsHolidays = (holidays: Holidays): boolean => !(Array.isArray(holidays) && holidays.length === 0);

/** The date `count` business days after `iso`, skipping weekends and the given holidays. */
export function addBusinessDays(iso: string, count: number, holidays: Holidays = []): string {
  if (!(count > 0)) return iso;
  // Counted in days since 1970 rather than by writing out each day; near the end of year 9999, as before.
  const listed = listsHolidays(holidays);
  let days = daysOf(iso);
  let remaining = count;
  while (remaining > 0) {
    days += 1;
    if (days > LAST_DAY) return addBusinessDaysByDate(iso, count, holidays);
    if (!isWeekendDay(days) && (!listed || !isHoliday(isoOfDays(days), holidays))) remaining -= 1;
  }
  return isoOfDays(days);
}

function addBusinessDaysByDate(iso: string, count: number, holidays: Holidays): string {
  let date = iso;
  let remaining = count;
  while (remaining > 0) {
    date = addDays(date, 1);
    if (isBusinessDay(date, holidays)) remaining -= 1;
  }
  return date;
}

/** `iso` itself when it is a business day, else the business day before it. */
export function previousBusinessDay(iso: string, holidays: Holidays = []): string {
  const listed = listsHolidays(holidays);
  const start = daysOf(iso);
  let days = start;
  while (isWeekendDay(days) || (listed && isHoliday(days === start ? iso : isoOfDays(days), holidays))) {
    days -= 1;
    if (days < FIRST_DAY) return previousBusinessDayByDate(iso, holidays);
  }
  return days === start ? iso : isoOfDays(days);
}

function previousBusinessDayByDate(iso: string, holidays: Holidays): string {
  let date = iso;
  while (!isBusinessDay(date, holidays)) date = addDays(date, -1);
  return date;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
type DateStyle = 'long' | 'letter' | 'dayAndDate' | 'weekday';

/**
 * The default locale, en-US, written out: the first use of Intl in a process
 * costs about 10 ms (ICU loads its data), more than the rest of a CLI render.
 * A test checks these against Intl, day by day.
 */
const US_DATES: Record<DateStyle, (date: CivilDate, weekday: number) => string> = {
  long: (d, weekday) => `${WEEKDAYS[weekday]}, ${MONTHS[d.month - 1]} ${d.day}, ${d.year}`,
  letter: (d) => `${MONTHS[d.month - 1]} ${d.day}, ${d.year}`,
  dayAndDate: (d, weekday) => `${WEEKDAYS[weekday]}, ${MONTHS[d.month - 1]} ${d.day}`,
  weekday: (_, weekday) => WEEKDAYS[weekday]!,
};

/** Other locales: as Intl formats them (format/date-pattern.ts), without asking Intl for every date. */
function formatDate(iso: string, locale: string, style: DateStyle, options: Intl.DateTimeFormatOptions): string {
  const date = readDay(iso);
  const days = dayNumber(date.year, date.month, date.day);
  if (locale === 'en-US') return US_DATES[style](date, weekdayOf(days));
  return patternFormat(style, locale, options, date, days, weekdayOf(days));
}

/** "Tuesday, December 1, 2026" in en-US; each locale's own order and words. */
export function formatLongDate(iso: string, locale: string): string {
  return formatDate(iso, locale, 'long', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

/** "December 1, 2026": the date line of a letter. */
export function formatLetterDate(iso: string, locale: string): string {
  return formatDate(iso, locale, 'letter', { dateStyle: 'long' });
}

/** "Tuesday, December 1": for dates close enough that the year goes without saying. */
export function formatDayAndDate(iso: string, locale: string): string {
  return formatDate(iso, locale, 'dayAndDate', { weekday: 'long', month: 'long', day: 'numeric' });
}

export function formatWeekday(iso: string, locale: string): string {
  return formatDate(iso, locale, 'weekday', { weekday: 'long' });
}

/**
 * How a message refers to a past day: "today", "yesterday", "on Monday" within
 * the last week, else "on Tuesday, November 17".
 */
export function describePastDay(iso: string, today: string, locale: string): string {
  const ago = daysBetween(iso, today);
  if (ago === 0) return 'today';
  if (ago === 1) return 'yesterday';
  if (ago > 1 && ago < 7) return `on ${formatWeekday(iso, locale)}`;
  return `on ${formatDayAndDate(iso, locale)}`;
}
