import * as z from 'zod/mini';
import { daysBetween, formatLongDate } from '../format/dates.js';
import { isoDate, line } from './fields.js';
import { described } from '../shared/zod-schema.js';
import { adviseOn, CRITICISM } from './advice.js';
import { defineTemplate } from './definition.js';

/** The guidance: one line of reason. Longer reads as over-explaining. */
const LONGEST_REASON = 160;

export const withdrawal = defineTemplate({
  name: 'withdrawal',
  summary: 'Withdraw from another application after accepting an offer, and keep the door open.',
  timing: 'as soon as you accept elsewhere',
  closing: { warm: 'Kind regards', formal: 'Yours sincerely', brief: 'Best regards' },
  fields: () => ({
    interview: described(
      z.optional(z.strictObject({ date: z.optional(isoDate('Optional: the day you interviewed with them.')) })),
      'Optional: your interview with them, if you had one.',
    ),
    reason: z.optional(
      line('Optional: a one-line reason (default: "I have accepted another offer."; formal: "I have accepted a position elsewhere.").'),
    ),
  }),
  check(context, report, env) {
    const date = context.interview?.date;
    if (date !== undefined && daysBetween(date, env.today) < 0) {
      report(['interview', 'date'], `is after today (${env.today}); withdrawing cancels a future interview, so leave the date out`);
    }
  },
  view(context, env) {
    const warnings: string[] = [];
    if (context.reason !== undefined && context.reason.length > LONGEST_REASON) {
      warnings.push(`The reason is ${context.reason.length} characters; one short line is enough, and less explaining reads better.`);
    }
    adviseOn(
      warnings,
      { reason: context.reason },
      CRITICISM,
      'criticism has no place in a withdrawal; a neutral one-line reason keeps the door open.',
    );
    const date = context.interview?.date;
    return {
      view: {
        interview: { date: date ? formatLongDate(date, env.locale) : null },
        // Plain, so that it says nothing about how this employer's role compared.
        reason: context.reason ?? (context.tone === 'formal' ? 'I have accepted a position elsewhere.' : 'I have accepted another offer.'),
      },
      warnings,
    };
  },
});
