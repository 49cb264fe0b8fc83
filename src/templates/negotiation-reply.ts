import * as z from 'zod/mini';
import { daysBetween, formatLongDate } from '../format/dates.js';
import { formatMoney } from '../format/values.js';
import { sentence as asSentence } from '../text/compose.js';
import { mentions, mentionsMoney, RESENTMENT, soundsLikeUltimatum, speaksOfDeciding } from './advice.js';
import { defineTemplate } from './definition.js';
import { amount, currency, isoDate, line } from './fields.js';
import { described } from '../shared/zod-schema.js';

export const negotiationReply = defineTemplate({
  name: 'negotiation-reply',
  summary: 'Answer their response to your counteroffer: thanks whatever they said, then accept or decline.',
  timing: 'soon after their answer',
  closing: { warm: 'Best regards', formal: 'Yours sincerely', brief: 'Best regards' },
  fields: () => ({
    negotiation: described(
      z.strictObject({
        sentOn: z.optional(isoDate('Optional: the day you sent your counteroffer.')),
        answer: described(
          z.enum(['accepted', 'improved', 'refused']),
          'Their answer: accepted (your figure), improved (a revised offer), refused (the offer stands).',
        ),
        answeredOn: z.optional(isoDate('Optional: the day they answered.')),
      }),
      'Your counteroffer and their answer.',
    ),
    response: described(z.enum(['accept', 'decline']), 'What you do now: accept the offer as it stands after their answer, or decline it.'),
    offer: described(
      z.optional(
        z.strictObject({
          base: z.optional(amount('Optional: the base salary as it now stands, in whole units.')),
          currency: z.optional(currency),
          startDate: z.optional(isoDate('Optional: the start date.')),
        }),
      ),
      'Optional: the offer as it now stands, to confirm when you accept.',
    ),
    reason: z.optional(line('Optional, when you decline: a brief reason in one line.')),
  }),
  check(context, report, env) {
    const { offer, negotiation } = context;
    if (offer?.base !== undefined && offer.currency === undefined) report(['offer', 'currency'], 'is needed with offer.base, e.g. USD');
    if (negotiation.answeredOn !== undefined && daysBetween(negotiation.answeredOn, env.today) < 0) {
      report(['negotiation', 'answeredOn'], `is after today (${env.today}); check the date`, { kind: 'today' });
    }
    if (context.response === 'accept' && context.reason !== undefined) {
      report(['reason'], 'is for declining; when you accept, leave it out');
    }
  },
  view(context, env) {
    const { offer, negotiation, reason } = context;
    const warnings: string[] = [];
    if (reason !== undefined && (mentions([reason], RESENTMENT) || soundsLikeUltimatum([reason]) || mentionsMoney([reason]))) {
      warnings.push('The reason reads as resentment or reopens the negotiation; thank them, and keep the reason neutral or leave it out.');
    }
    const accept = context.response === 'accept';
    return {
      view: {
        answer: {
          accepted: negotiation.answer === 'accepted',
          improved: negotiation.answer === 'improved',
          refused: negotiation.answer === 'refused',
        },
        accept,
        offer: {
          base: offer?.base !== undefined && offer.currency ? formatMoney(offer.base, offer.currency, env.locale) : null,
          startDate: offer?.startDate ? formatLongDate(offer.startDate, env.locale) : null,
        },
        reason: reason ? asSentence(reason) : null,
        // As in a decline-offer: a reason that speaks of deciding is not told "I have decided" again (advice.ts).
        reasonDecides: reason !== undefined && speaksOfDeciding(reason),
      },
      warnings,
    };
  },
});
