/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD). Dates are calendar days, not
 * instants: they are computed in UTC so that no time zone or daylight-saving
 * change can move a day, and formatted in UTC for the same reason.
 */

import { isHoliday, type Holidays } from './holidays.js';

const DAY_MS = 86_400_000;

// Recently parsed days, as times: templates work out their dates from the same few days over and over.
const isoTimes = new Map<string, number>();

export function parseIsoDate(iso: string): Date {
  const time = isoTimes.get(iso);
  if (time !== undefined) return new Date(time);
  const date = parseIsoDateAfresh(iso);
  if (isoTimes.size >= 1000) isoTimes.clear();
  isoTimes.set(iso, date.getTime());
  return date;
}

function parseIsoDateAfresh(iso: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`not an ISO date: ${iso}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(Date.UTC(year, month, day));
  // Date.UTC rolls an impossible day over (February 30 becomes March 2) and maps years 0–99 to 19xx.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month || date.getUTCFullYear() !== year) {
    throw new RangeError(`not a real calendar date: ${iso}`);
  }
  return date;
}

export function isRealIsoDate(iso: string): boolean {
  try {
    parseIsoDate(iso);
    return true;
  } catch {
    return false;
  }
}

export function toIsoDate(date: Date): string {
  const year = date.getUTCFullYear();
  // What toISOString gives, without building the time of day: years outside 0–9999 take its longer form.
  if (!(year >= 0 && year <= 9999)) return date.toISOString().slice(0, 10);
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Today's calendar date where the user is (local time), as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function addDays(iso: string, days: number): string {
  return toIsoDate(new Date(parseIsoDate(iso).getTime() + days * DAY_MS));
}

export function addMonths(iso: string, months: number): string {
  const date = parseIsoDate(iso);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  // Clamp to the last day of the target month: one month after January 31 is February 28 (or 29).
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return toIsoDate(target);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / DAY_MS);
}

export function isWeekend(iso: string): boolean {
  const day = parseIsoDate(iso).getUTCDay();
  return day === 0 || day === 6;
}

export function isBusinessDay(iso: string, holidays: Holidays = []): boolean {
  return !isWeekend(iso) && !isHoliday(iso, holidays);
}

/** The date `count` business days after `iso`, skipping weekends and the given holidays. */
export function addBusinessDays(iso: string, count: number, holidays: Holidays = []): string {
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
  let date = iso;
  while (!isBusinessDay(date, holidays)) date = addDays(date, -1);
  return date;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
type DateStyle = 'long' | 'letter' | 'dayAndDate' | 'weekday';

/**
 * The default locale, en-US, written out: the first use of Intl in a process
 * costs about 10 ms (ICU loads its data), more than the rest of a CLI render.
 * A test checks these against Intl, day by day.
 */
const US_DATES: Record<DateStyle, (date: Date) => string> = {
  long: (d) => `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`,
  letter: (d) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`,
  dayAndDate: (d) => `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`,
  weekday: (d) => WEEKDAYS[d.getUTCDay()]!,
};

/**
 * Formatters are kept per locale and style, because building one costs far more
 * than using it. Formatted results are not kept: a cache of them would flatter a
 * benchmark that formats the same days again, and a kept formatter is quick.
 */
function formatDate(iso: string, locale: string, style: DateStyle, options: Intl.DateTimeFormatOptions): string {
  if (locale === 'en-US') return US_DATES[style](parseIsoDate(iso));
  let format = dateFormats.get(`${style}|${locale}`);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    dateFormats.set(`${style}|${locale}`, format);
  }
  return format.format(parseIsoDate(iso));
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
