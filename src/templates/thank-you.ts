import * as z from 'zod/mini';
import { daysBetween, describePastDay, formatLongDate } from '../format/dates.js';
import { isoDate, line, list, sentence } from './fields.js';
import { described } from '../shared/zod-schema.js';
import { APOLOGY, adviseOnCapitals, adviseOnEach, Checks, MONEY } from './advice.js';
import { defineTemplate } from './definition.js';

/** What the user wrote is checked for talk of pay, and for apologies. */
const WRITTEN_CHECKS = new Checks([
  [MONEY, 'leave pay out of a thank-you note and raise it when there is an offer.'],
  [APOLOGY, 'a thank-you note is no place for apologies, excuses or what you forgot to say; keep to what went well and why you fit.'],
]);

export const thankYou = defineTemplate({
  name: 'thank-you',
  summary: 'Thank an interviewer for their time (one message per panel member).',
  timing: 'within 24 hours of the interview',
  closing: { warm: 'Best regards', formal: 'Yours sincerely', brief: 'Best' },
  fields: () => ({
    interview: described(
      z.strictObject({
        date: isoDate('The day of the interview.'),
        topic: line(
          'One specific point you discussed with this person; it completes "I especially enjoyed our conversation about …", e.g. "how the platform team plans to move CI to ephemeral runners".',
        ),
        takeaway: z.optional(
          sentence(
            'Optional: a sentence on what that point made you think, e.g. "It reminded me of the runner fleet I rebuilt at Northwind."',
          ),
        ),
        alsoDiscussed: z.optional(list('Optional: other things you talked about, joined as "A, B and C".')),
      }),
      'The interview you are thanking them for.',
    ),
    fit: sentence(
      'Why you fit, as one or two sentences in your own words, e.g. "My four years building self-service CI at Northwind match what your team needs next."',
    ),
  }),
  check(context, report, env) {
    if (daysBetween(context.interview.date, env.today) < 0) {
      report(['interview', 'date'], `is after today (${env.today}); a thank-you note follows the interview. Check the date`, {
        kind: 'today',
      });
    }
  },
  view(context, env) {
    const { interview } = context;
    const warnings: string[] = [];
    const daysLater = daysBetween(interview.date, env.today);
    if (daysLater > 1) {
      warnings.push(
        `The interview was ${daysLater} days ago (${formatLongDate(interview.date, env.locale)}); a thank-you note lands best within 24 hours, so send it today.`,
      );
    }
    const written = {
      'interview.topic': interview.topic,
      'interview.takeaway': interview.takeaway,
      'interview.alsoDiscussed': interview.alsoDiscussed,
      fit: context.fit,
    };
    adviseOnEach(warnings, written, WRITTEN_CHECKS);
    adviseOnCapitals(warnings, { 'interview.topic': interview.topic, 'interview.alsoDiscussed': interview.alsoDiscussed });
    return {
      view: {
        interview: {
          when: describePastDay(interview.date, env.today, env.locale),
          date: formatLongDate(interview.date, env.locale),
          topic: interview.topic,
          takeaway: interview.takeaway ?? null,
          alsoDiscussed: interview.alsoDiscussed?.length ? interview.alsoDiscussed : null,
        },
        fit: context.fit,
      },
      warnings,
    };
  },
});
