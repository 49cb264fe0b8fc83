/**
 * The calendar arithmetic as first written, through Date objects in UTC:
 * the reference that src/format/calendar.ts's integer arithmetic is held to
 * (test/calendar.test.ts).
 */

const DAY_MS = 86_400_000;

export function parseIsoDate(iso: string): Date {
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
  return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return toIsoDate(new Date(parseIsoDate(iso).getTime() + days * DAY_MS));
}

export function addMonths(iso: string, months: number): string {
  const date = parseIsoDate(iso);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return toIsoDate(target);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / DAY_MS);
}

export function isWeekend(iso: string): boolean {
  const day = parseIsoDate(iso).getUTCDay();
  return day === 0 || day === 6;
}

type Holidays = readonly string[] | { has(iso: string): boolean };

function isBusinessDay(iso: string, holidays: Holidays): boolean {
  return !isWeekend(iso) && !('has' in holidays ? holidays.has(iso) : holidays.includes(iso));
}

export function addBusinessDays(iso: string, count: number, holidays: Holidays = []): string {
  let date = iso;
  let remaining = count;
  while (remaining > 0) {
    date = addDays(date, 1);
    if (isBusinessDay(date, holidays)) remaining -= 1;
  }
  return date;
}

export function previousBusinessDay(iso: string, holidays: Holidays = []): string {
  let date = iso;
  while (!isBusinessDay(date, holidays)) date = addDays(date, -1);
  return date;
}
