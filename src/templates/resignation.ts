import * as z from 'zod/mini';
import { addDays, addMonths, daysBetween, formatLongDate, formatWeekday, isBusinessDay, previousBusinessDay } from '../format/dates.js';
import { isoDate, list, sentence } from './fields.js';
import { described } from '../shared/zod-schema.js';
import { adviseOn, adviseOnCapitals, CRITICISM } from './advice.js';
import { defineTemplate, type TemplateEnv } from './definition.js';

const NOTICE_LENGTH = /^\s*(\d{1,3})\s*(day|week|month)s?\s*$/i;
const DEFAULT_NOTICE = '2 weeks';

interface NoticeLength {
  count: number;
  unit: 'day' | 'week' | 'month';
}

export function parseNoticeLength(text: string): NoticeLength | undefined {
  const match = NOTICE_LENGTH.exec(text);
  if (!match) return undefined;
  return { count: Number(match[1]), unit: match[2]!.toLowerCase() as NoticeLength['unit'] };
}

/** The notice as English writes it before "notice": "two weeks'", "a month's", "30 days'". */
export function describeNoticeLength({ count, unit }: NoticeLength): string {
  if (count === 1) return `a ${unit}'s`;
  const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  return `${words[count] ?? String(count)} ${unit}s'`;
}

/** The notice in days, months counted as 30: enough to compare with the usual two weeks. */
function noticeDays({ count, unit }: NoticeLength): number {
  return count * (unit === 'month' ? 30 : unit === 'week' ? 7 : 1);
}

const USUAL_NOTICE_DAYS = 14;

interface NoticeContext {
  notice?: { date?: string | undefined; length?: string | undefined } | undefined;
  lastDay?: string | undefined;
}

/**
 * The last day of work: the notice date plus the notice length, moved back to
 * the business day before when it lands on a weekend or holiday (nobody works
 * their last day on a Saturday), but never back to before the notice itself:
 * a day's notice handed in on a Saturday ends on the Monday, not the Friday.
 */
export function lastWorkingDay(context: NoticeContext, env: TemplateEnv): string {
  if (context.lastDay !== undefined) return context.lastDay;
  const noticeDate = context.notice?.date ?? env.today;
  const length = parseNoticeLength(context.notice?.length ?? DEFAULT_NOTICE) ?? { count: 2, unit: 'week' };
  const end =
    length.unit === 'month' ? addMonths(noticeDate, length.count) : addDays(noticeDate, length.count * (length.unit === 'week' ? 7 : 1));
  const movedBack = previousBusinessDay(end, env.holidays);
  if (daysBetween(noticeDate, movedBack) >= 0) return movedBack;
  let movedOn = end;
  while (!isBusinessDay(movedOn, env.holidays)) movedOn = addDays(movedOn, 1);
  return movedOn;
}

/** Holidays kept in most countries, by MM-DD: a last day on one is worth a word even when no holidays are listed. */
const WIDELY_KEPT_HOLIDAYS: Record<string, string> = { '12-25': 'Christmas Day', '01-01': "New Year's Day" };

export const resignation = defineTemplate({
  name: 'resignation',
  summary: 'Give notice to your current employer: your last day, thanks and help with the handover.',
  timing: 'with the notice your contract requires',
  closing: { warm: 'Sincerely', formal: 'Yours sincerely', brief: 'Best regards' },
  fields: () => ({
    notice: described(
      z.optional(
        z.strictObject({
          date: z.optional(isoDate('The day you hand in your notice (default: today).')),
          length: described(
            z._default(
              z
                .string()
                .check(z.regex(NOTICE_LENGTH, { message: 'must be a number and a unit, such as "2 weeks", "30 days" or "1 month"' })),
              DEFAULT_NOTICE,
            ),
            'Your notice period, such as "2 weeks" (the default), "30 days" or "1 month".',
          ),
          agreed: described(
            z.optional(z.boolean()),
            'Optional: true when your employer agreed to a notice shorter than the usual two weeks.',
          ),
        }),
      ),
      'When you give notice and for how long.',
    ),
    lastDay: z.optional(isoDate('Optional: your last day of work, if not the notice date plus the notice length.')),
    highlight: z.optional(
      sentence(
        'Optional: something you are grateful for, as a sentence, e.g. "Leading the billing migration taught me more than any course could."',
      ),
    ),
    handover: z.optional(
      list('Optional: how you will help with the handover, each completing "including …", e.g. "documenting the deploy pipeline".'),
    ),
  }),
  check(context, report, env) {
    const noticeDate = context.notice?.date ?? env.today;
    const length = parseNoticeLength(context.notice?.length ?? DEFAULT_NOTICE);
    if (length && length.count === 0 && context.notice?.agreed !== true) {
      report(
        ['notice', 'length'],
        `is no notice at all; give at least "2 weeks", or set notice.agreed: true if your employer agreed to let you leave at once`,
      );
    }
    if (context.lastDay !== undefined) {
      if (daysBetween(noticeDate, context.lastDay) < 0) {
        report(['lastDay'], `must not be before the notice date (${noticeDate})`);
      } else if (!isBusinessDay(context.lastDay, env.holidays)) {
        report(
          ['lastDay'],
          `falls on a weekend or holiday (${formatLongDate(context.lastDay, env.locale)}); choose a working day such as ${previousBusinessDay(context.lastDay, env.holidays)}`,
        );
      }
    }
  },
  view(context, env) {
    const warnings: string[] = [];
    const noticeDate = context.notice?.date ?? env.today;
    const length = parseNoticeLength(context.notice?.length ?? DEFAULT_NOTICE) ?? { count: 2, unit: 'week' as const };
    const computed = lastWorkingDay({ notice: context.notice }, env);
    const lastDay = lastWorkingDay(context, env);
    if (daysBetween(lastDay, computed) > 0) {
      warnings.push(
        `The last day (lastDay ${lastDay}) gives less than your ${describeNoticeLength(length)} notice, which would end on ${computed}; check your contract.`,
      );
    }
    const holiday = WIDELY_KEPT_HOLIDAYS[lastDay.slice(5)];
    if (holiday !== undefined && (context.holidays === undefined || context.holidays.length === 0)) {
      // Not moved: the user may well work that day; they are told, and choose.
      warnings.push(
        `The last day, ${formatLongDate(lastDay, env.locale)}, is ${holiday}, a public holiday in many countries, and no holidays are listed. List yours (e.g. holidays: [US] or [GB-ENG]) so the notice ends on a working day, or set lastDay to the working day before (${previousBusinessDay(addDays(lastDay, -1))}).`,
      );
    }
    if (context.notice?.agreed !== true && length.count > 0 && noticeDays(length) < USUAL_NOTICE_DAYS) {
      warnings.push(
        `notice.length ("${context.notice?.length}") is less than the usual two weeks' notice; give two weeks, or set notice.agreed: true if your employer agreed to it (the letter then says so).`,
      );
    }
    adviseOn(
      warnings,
      { highlight: context.highlight, handover: context.handover },
      CRITICISM,
      'a resignation is not the place for grievances or blame; keep it thankful and brief, and raise concerns in an exit interview if at all.',
    );
    adviseOnCapitals(warnings, { handover: context.handover });
    return {
      view: {
        notice: {
          date: formatLongDate(noticeDate, env.locale),
          // A last day set by hand may not match the notice period; then the letter names only the day.
          length: lastDay === computed && length.count > 0 ? describeNoticeLength(length) : null,
          isToday: noticeDate === env.today,
          agreed: context.notice?.agreed === true,
        },
        lastDay: formatLongDate(lastDay, env.locale),
        lastDayWeekday: formatWeekday(lastDay, env.locale),
        highlight: context.highlight ?? null,
        handover: context.handover?.length ? context.handover : null,
      },
      warnings,
    };
  },
});
