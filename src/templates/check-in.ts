import * as z from 'zod/mini';
import { addBusinessDays, daysBetween, formatLongDate } from '../format/dates.js';
import { sentence as asSentence } from '../text/compose.js';
import { mentions, mentionsCompetingOffer, PRESSURE, soundsLikeUltimatum } from './advice.js';
import { defineTemplate } from './definition.js';
import { isoDate, sentence } from './fields.js';
import { described } from '../shared/zod-schema.js';

/** The guidance: wait a few business days past the date they gave (or about a week after the interview). */
const WAIT_AFTER_THEIR_DATE = 3;
const DEFAULT_WAIT_AFTER_INTERVIEW = 5;

export const checkIn = defineTemplate({
  name: 'check-in',
  summary: 'No news after the interview: a short, polite question about where things stand.',
  timing: 'a few business days after the date they gave',
  closing: { warm: 'Best regards', formal: 'Yours sincerely', brief: 'Best regards' },
  fields: () => ({
    interview: described(
      z.optional(z.strictObject({ date: z.optional(isoDate('Optional: the day of your last interview.')) })),
      'Optional: your last interview with them.',
    ),
    answerBy: z.optional(isoDate('Optional: the day they said they would get back to you.')),
    interest: z.optional(
      sentence('Optional: a sentence on why you are still keen, e.g. "Our conversation about the billing migration has stayed with me."'),
    ),
  }),
  check(context, report, env) {
    const date = context.interview?.date;
    if (date !== undefined && daysBetween(date, env.today) < 0) {
      report(['interview', 'date'], `is after today (${env.today}); a check-in follows the interview. Check the date`, { kind: 'today' });
    }
    if (date !== undefined && context.answerBy !== undefined && daysBetween(date, context.answerBy) < 0) {
      report(['answerBy'], `is before the interview (${date}); give the day they said they would answer`);
    }
  },
  view(context, env) {
    const warnings: string[] = [];
    const { answerBy, interest } = context;
    const interviewed = context.interview?.date;
    const politeFrom = answerBy
      ? addBusinessDays(answerBy, WAIT_AFTER_THEIR_DATE, env.holidays)
      : interviewed
        ? addBusinessDays(interviewed, DEFAULT_WAIT_AFTER_INTERVIEW, env.holidays)
        : undefined;
    if (politeFrom !== undefined && daysBetween(env.today, politeFrom) > 0) {
      warnings.push(
        `It is early to check in: ${answerBy ? `they said they would answer by ${answerBy}` : `the interview was on ${interviewed}`}; a check-in reads best from ${formatLongDate(politeFrom, env.locale)}.`,
      );
    }
    if (
      interest !== undefined &&
      (mentions([interest], PRESSURE) || soundsLikeUltimatum([interest]) || mentionsCompetingOffer([interest]))
    ) {
      warnings.push(
        'The interest line reads as pressure (urgency, another offer, or waiting); a check-in lands best as a light, friendly question.',
      );
    }
    return {
      view: {
        interview: { date: interviewed ? formatLongDate(interviewed, env.locale) : null },
        answerBy: answerBy ? formatLongDate(answerBy, env.locale) : null,
        interest: interest ? asSentence(interest) : null,
      },
      warnings,
    };
  },
});
