import * as z from 'zod/mini';
import { daysBetween, formatLongDate } from '../format/dates.js';
import { isoDate, list } from './fields.js';
import { described } from '../shared/zod-schema.js';
import { adviseOn, adviseOnCapitals, COMPARISON } from './advice.js';
import { defineTemplate } from './definition.js';

/** The guidance: ask within a week of the decision. */
const FEEDBACK_WINDOW_DAYS = 7;

export const feedbackRequest = defineTemplate({
  name: 'feedback-request',
  summary: 'After a decline, thank them and ask for honest feedback on what to improve.',
  timing: 'within a week of the decision',
  closing: { warm: 'Kind regards', formal: 'Yours sincerely', brief: 'Best regards' },
  fields: () => ({
    decision: described(
      z.optional(z.strictObject({ date: z.optional(isoDate('The day they told you (default: today).')) })),
      'The decision you were told about.',
    ),
    focus: z.optional(
      list(
        'Optional: parts of the process you would most value feedback on, each completing "particularly on …", e.g. "the system design interview".',
      ),
    ),
  }),
  check(context, report, env) {
    const date = context.decision?.date;
    if (date !== undefined && daysBetween(date, env.today) < 0) {
      report(['decision', 'date'], `is after today (${env.today}); check the date`, { kind: 'today' });
    }
  },
  view(context, env) {
    const warnings: string[] = [];
    const decided = context.decision?.date ?? env.today;
    const waited = daysBetween(decided, env.today);
    if (waited > FEEDBACK_WINDOW_DAYS) {
      warnings.push(`The decision was ${waited} days ago; feedback requests get the best answers within a week.`);
    }
    adviseOnCapitals(warnings, { focus: context.focus });
    adviseOn(
      warnings,
      { focus: context.focus },
      COMPARISON,
      'asking how you compare with the person hired puts them in an awkward spot; ask what you could do better instead.',
    );
    return {
      view: {
        decision: { date: formatLongDate(decided, env.locale) },
        focus: context.focus?.length ? context.focus : null,
      },
      warnings,
    };
  },
});
