import { cachedRegionHolidays, cachedRegionProblem } from './holiday-cache.js';
import { requireFrom } from '../shared/builtins.js';

/**
 * Public holidays for business-day arithmetic: dates the user lists, and
 * regions (`US-CA`, `GB-ENG`, `DE-BY`) whose holidays come from the
 * date-holidays package. The package and its data (about 120 ms to load) are
 * loaded only when a context names a region and a business day is counted, and
 * its answers are kept on disk (holiday-cache.ts), so that a context naming a
 * region loads it once per machine rather than on every run.
 */

/** What the date functions accept: a list of ISO dates, or a calendar that knows regions. */
export type Holidays = readonly string[] | HolidayCalendar;

export interface HolidayCalendar {
  /** Whether this ISO date (YYYY-MM-DD) is a public holiday. */
  has(iso: string): boolean;
}

/** A country (ISO 3166-1), optionally a state or province, optionally a region within it. */
export const REGION_CODE = /^[A-Z]{2}(?:-[A-Z0-9]{1,4}){0,2}$/;

export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value);
}

export function isHoliday(iso: string, holidays: Holidays): boolean {
  return 'has' in holidays ? holidays.has(iso) : holidays.includes(iso);
}

interface HolidayEntry {
  date: string;
  type: string;
}
interface HolidaysInstance {
  getHolidays(year: number): HolidayEntry[];
  getCountries(): Record<string, string>;
  getStates(country: string): Record<string, string> | undefined;
  getRegions(country: string, state: string): Record<string, string> | undefined;
}
type HolidaysConstructor = new (country?: string, state?: string, region?: string) => HolidaysInstance;

let library: HolidaysConstructor | undefined;

function holidaysLibrary(): HolidaysConstructor {
  // Synchronous, because validation is: the CommonJS build of date-holidays, through Node's own require.
  library ??= requireFrom(import.meta.url)('date-holidays') as HolidaysConstructor;
  return library;
}

/**
 * Why a region code is not one afterview can count holidays for, or undefined
 * when it is. Names the closest valid codes to help the user fix it.
 */
export function describeUnknownRegion(code: string): string | undefined {
  // Asked once per context that names a region; `due` reads hundreds of files naming the same few.
  return cachedRegionProblem(code, findRegionProblem);
}

function findRegionProblem(code: string): string | undefined {
  const Holidays = holidaysLibrary();
  const [country, state, region] = code.split('-') as [string, string | undefined, string | undefined];
  const lister = new Holidays();
  if (!Object.hasOwn(lister.getCountries(), country)) {
    return `is not a country the holiday calendar knows; write a country code such as US, GB or DE, optionally with a state (US-CA, GB-ENG, DE-BY)`;
  }
  if (state === undefined) return undefined;
  const states = lister.getStates(country) ?? {};
  if (!Object.hasOwn(states, state)) {
    const known = Object.keys(states);
    return known.length
      ? `is not a state or province of ${country} the holiday calendar knows; use one of ${known.map((s) => `${country}-${s}`).join(', ')}`
      : `names a state, and the holiday calendar has none for ${country}; write ${country} alone`;
  }
  if (region === undefined) return undefined;
  const regions = lister.getRegions(country, state) ?? {};
  if (!Object.hasOwn(regions, region)) {
    const known = Object.keys(regions);
    return known.length
      ? `is not a region of ${country}-${state} the holiday calendar knows; use one of ${known.map((r) => `${country}-${state}-${r}`).join(', ')}`
      : `names a region, and the holiday calendar has none for ${country}-${state}; write ${country}-${state}`;
  }
  return undefined;
}

// Public holidays close offices. The library's other kinds do not, or only some: observances
// (Mother's Day), school holidays, optional days and "bank" days (Christmas Eve afternoon in Germany).
const DAYS_OFF = new Set(['public']);

/** The holidays of one region in one year, as ISO dates. */
export function regionHolidays(code: string, year: number): string[] {
  return cachedRegionHolidays(code, year, holidaysFromLibrary);
}

function holidaysFromLibrary(code: string, year: number): string[] {
  const Holidays = holidaysLibrary();
  const [country, state, region] = code.split('-');
  const calendar = new Holidays(country, state, region);
  return calendar
    .getHolidays(year)
    .filter((holiday) => DAYS_OFF.has(holiday.type))
    .map((holiday) => holiday.date.slice(0, 10));
}

/**
 * The holidays a context lists: its dates as they are when there is no region
 * (nothing is loaded), else a calendar that works out each region's holidays
 * for a year the first time a date in that year is asked about.
 */
export function holidayCalendar(listed: string | readonly string[] | undefined): Holidays {
  const entries = typeof listed === 'string' ? [listed] : listed;
  if (!entries?.length) return [];
  const regions = entries.filter(isRegionCode);
  if (regions.length === 0) return entries;
  // One calendar for the same entries: a batch of messages asks about the same few regions and years.
  const key = entries.join('|');
  let calendar = calendars.get(key);
  if (!calendar) {
    if (calendars.size >= 100) calendars.clear();
    calendars.set(key, (calendar = newCalendar(entries, regions)));
  }
  return calendar;
}

const calendars = new Map<string, HolidayCalendar>();

function newCalendar(entries: readonly string[], regions: readonly string[]): HolidayCalendar {
  const dates = new Set(entries.filter((entry) => !isRegionCode(entry)));
  const years = new Set<number>();
  return {
    has(iso) {
      const year = Number(iso.slice(0, 4));
      if (!years.has(year)) {
        years.add(year);
        for (const region of regions) for (const date of regionHolidays(region, year)) dates.add(date);
      }
      return dates.has(iso);
    },
  };
}
