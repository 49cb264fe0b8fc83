import { z } from 'zod';
import { daysBetween, formatLongDate } from '../format/dates.js';
import { formatMoney } from '../format/values.js';
import { sentence as asSentence } from '../text/compose.js';
import { mentionsMoney, soundsLikeUltimatum } from './advice.js';
import { defineTemplate } from './definition.js';
import { amount, currency, isoDate, line } from './fields.js';

const RESENTMENT = /\b(disappoint\w*|unfortunately you|frustrat\w*|unfair|insult\w*|low ?ball\w*|expected more|hoped for more)\b/i;

export const negotiationReply = defineTemplate({
  name: 'negotiation-reply',
  summary: 'Answer their response to your counteroffer: thanks whatever they said, then accept or decline.',
  timing: 'soon after their answer',
  closing: { warm: 'Best regards', formal: 'Yours sincerely', brief: 'Best regards' },
  fields: () => ({
    negotiation: z
      .strictObject({
        sentOn: isoDate('Optional: the day you sent your counteroffer.').optional(),
        answer: z
          .enum(['accepted', 'improved', 'refused'])
          .describe('Their answer: accepted (your figure), improved (a revised offer), refused (the offer stands).'),
        answeredOn: isoDate('Optional: the day they answered.').optional(),
      })
      .describe('Your counteroffer and their answer.'),
    response: z.enum(['accept', 'decline']).describe('What you do now: accept the offer as it stands after their answer, or decline it.'),
    offer: z
      .strictObject({
        base: amount('Optional: the base salary as it now stands, in whole units.').optional(),
        currency: currency.optional(),
        startDate: isoDate('Optional: the start date.').optional(),
      })
      .optional()
      .describe('Optional: the offer as it now stands, to confirm when you accept.'),
    reason: line('Optional, when you decline: a brief reason in one line.').optional(),
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
    if (reason !== undefined && (RESENTMENT.test(reason) || soundsLikeUltimatum([reason]) || mentionsMoney([reason]))) {
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
      },
      warnings,
    };
  },
});
