import { addDays, parseIsoDate } from '../format/dates.js';
import { AfterviewError } from '../errors.js';
import type { DueItem } from './due.js';

export interface IcsOptions {
  /** The DTSTAMP of every event: when the file was made. */
  now: Date;
  /**
   * When the reminder fires, as hours after the start of the day it is due.
   * @default 9 (9 am, in the calendar's own time zone)
   */
  alarmHour?: number;
}

type DateArray = [number, number, number];

function dateArray(iso: string): DateArray {
  const date = parseIsoDate(iso);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

function describe(item: DueItem): string {
  const lines = [`${item.company}, ${item.role}`, item.title];
  if (item.drafted) lines.push(`Drafted on ${item.drafted.slice(0, 10)}: review and send it from your mailbox.`);
  else if (item.command) lines.push(`Write it with: ${item.command}`);
  lines.push(`Application file: ${item.file}`);
  return lines.join('\n');
}

/**
 * An iCalendar file with one all-day event per due item. The date-valued
 * DTSTART shows the day in calendars that ignore alarms; the VALARM reminds
 * in those that keep them; each UID is stable, so importing the file again
 * updates the events rather than adding copies.
 */
export async function toIcs(items: readonly DueItem[], options: IcsOptions): Promise<string> {
  // Loaded here: only `due --ics` needs it.
  const { createEvents } = await import('ics');
  const hour = options.alarmHour ?? 9;
  const events = items.map((item) => ({
    uid: `${item.id}@afterview`,
    start: dateArray(item.date),
    end: dateArray(addDays(item.date, 1)),
    title: `${item.drafted ? '(drafted) ' : ''}${item.company}: ${item.title}`,
    description: describe(item),
    timestamp: options.now.getTime(),
    productId: 'afterview',
    categories: ['afterview', item.kind],
    // An all-day event starts at midnight; the reminder fires at `hour` on that day.
    alarms: [{ action: 'display' as const, description: item.title, trigger: { hours: hour, minutes: 0, before: false } }],
  }));
  const { error, value } = createEvents(events, { productId: 'afterview', calName: 'afterview: what is due' });
  if (error || !value) {
    throw new AfterviewError('INVALID_INPUT', `The calendar could not be written: ${error?.message ?? 'no output'}.`, { cause: error });
  }
  return value;
}
