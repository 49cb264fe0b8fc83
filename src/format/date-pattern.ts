import type { CivilDate } from './calendar.js';
import { LearntPatterns } from './learnt-patterns.js';

/**
 * Dates in locales other than en-US, exactly as Intl.DateTimeFormat writes
 * them, without asking Intl for every date: a format call costs about 2.5 µs,
 * and a message formats two or three dates. Once a locale and style have been
 * used a few times, the formatter is asked once for its pattern (the order of
 * the fields and the text between them) and its names of the months and
 * weekdays; the pattern is then checked against Intl on dates chosen to tell
 * any difference (every month and weekday, one- and two-digit days, leap days,
 * the ends of the years supported), and used only when it writes each of them
 * as Intl does. A locale whose dates are not Gregorian fields in Latin digits
 * (another calendar, numbering system or era) keeps Intl.
 */

const DAY_MS = 86_400_000;

type Field = 'weekday' | 'day' | 'month' | 'year';
type Piece = Field | { literal: string };

interface Pattern {
  pieces: Piece[];
  months: string[];
  weekdays: string[];
}

function utc(year: number, month: number, day: number): Date {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date;
}

function partOf(intl: Intl.DateTimeFormat, date: Date, type: Field): string | undefined {
  return intl.formatToParts(date).find((part) => part.type === type)?.value;
}

function write(pattern: Pattern, date: CivilDate, weekday: number): string {
  let text = '';
  for (const piece of pattern.pieces) {
    if (piece === 'weekday') text += pattern.weekdays[weekday];
    else if (piece === 'day') text += date.day;
    else if (piece === 'month') text += pattern.months[date.month - 1];
    else if (piece === 'year') text += date.year;
    else text += piece.literal;
  }
  return text;
}

/** Years a pattern writes: four digits, where no locale adds an era or pads the year. */
function inPatternYears(year: number): boolean {
  return year >= 1000 && year <= 9999;
}

// Every month; days 1, 9, 10, 28–31; each weekday; leap days; the first and last years a pattern writes.
const CHECKED_DATES: ReadonlyArray<[number, number, number]> = [
  ...Array.from({ length: 12 }, (_, index): [number, number, number] => [2026, index + 1, 1]),
  ...Array.from({ length: 12 }, (_, index): [number, number, number] => [2027, index + 1, 28]),
  ...Array.from({ length: 7 }, (_, index): [number, number, number] => [2026, 11, 22 + index]),
  [2026, 1, 9],
  [2026, 1, 10],
  [2026, 1, 31],
  [2026, 4, 30],
  [2028, 2, 29],
  [2000, 2, 29],
  [1000, 1, 1],
  [1999, 12, 31],
  [9999, 12, 31],
];

function learn(intl: Intl.DateTimeFormat): Pattern | null {
  const sample = utc(2026, 11, 25);
  const pieces: Piece[] = [];
  for (const part of intl.formatToParts(sample)) {
    if (part.type === 'literal') pieces.push({ literal: part.value });
    else if (part.type === 'day' && part.value === '25') pieces.push('day');
    else if (part.type === 'year' && part.value === '2026') pieces.push('year');
    else if (part.type === 'month' || part.type === 'weekday') pieces.push(part.type);
    else return null;
  }
  const months: string[] = [];
  if (pieces.includes('month')) {
    for (let month = 1; month <= 12; month++) months.push(partOf(intl, utc(2026, month, 15), 'month') ?? '');
  }
  const weekdays: string[] = [];
  if (pieces.includes('weekday')) {
    // 2026-11-22 is a Sunday: index 0, as Date's getUTCDay counts.
    for (let day = 0; day < 7; day++) weekdays.push(partOf(intl, utc(2026, 11, 22 + day), 'weekday') ?? '');
  }
  const pattern = { pieces, months, weekdays };
  for (const [year, month, day] of CHECKED_DATES) {
    const date = utc(year, month, day);
    if (write(pattern, { year, month, day }, date.getUTCDay()) !== intl.format(date)) return null;
  }
  return pattern;
}

const formats = new LearntPatterns<Intl.DateTimeFormat, Pattern>(learn);

/**
 * The date as `new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })` formats it;
 * `style` names the options (one set of options per style). `days` is the date's count of
 * days from 1970-01-01 and `weekday` is 0 for Sunday.
 */
export function patternFormat(
  style: string,
  locale: string,
  options: Intl.DateTimeFormatOptions,
  date: CivilDate,
  days: number,
  weekday: number,
): string {
  const { intl, pattern } = formats.use(locale, style, () => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }));
  if (pattern && inPatternYears(date.year)) return write(pattern, date, weekday);
  return intl.format(new Date(days * DAY_MS));
}

/** Whether dates in this style and locale are now written from a learnt pattern (for tests). */
export function writesFromPattern(style: string, locale: string): boolean {
  return formats.writesFromPattern(locale, style);
}
