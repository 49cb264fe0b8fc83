import * as z from 'zod/mini';
import { daysBetween, formatLongDate } from '../format/dates.js';
import { formatMoney } from '../format/values.js';
import { list as joinList } from '../text/compose.js';
import { mentions, mentionsMoney, RENEGOTIATING } from './advice.js';
import { defineTemplate } from './definition.js';
import { amount, currency, isoDate, list } from './fields.js';
import { described } from '../shared/zod-schema.js';

export const acceptOffer = defineTemplate({
  name: 'accept-offer',
  summary: 'Accept an offer in writing: thanks, and the title, pay and start date confirmed.',
  timing: 'by the date you said you would answer',
  closing: { warm: 'Best regards', formal: 'Yours sincerely', brief: 'Best regards' },
  fields: () => ({
    offer: described(
      z.strictObject({
        receivedOn: z.optional(isoDate('Optional: the day the offer arrived.')),
        base: amount('The base salary you accept, in whole units, e.g. 205000.'),
        currency,
        startDate: isoDate('Your start date.'),
      }),
      'The offer as you accept it.',
    ),
    replyBy: z.optional(isoDate('Optional: the day you said you would answer by.')),
    lastDay: z.optional(isoDate('Optional: your last day at your current job, to check that you have time to rest before starting.')),
    nextSteps: z.optional(
      list('Optional: what you expect next, each completing "the next steps are …", e.g. "signing the contract", "the background check".'),
    ),
  }),
  check(context, report, env) {
    const { offer } = context;
    if (daysBetween(env.today, offer.startDate) < 0) {
      report(['offer', 'startDate'], `is before today (${env.today}); give the day you will start`);
    }
    if (offer.receivedOn !== undefined && daysBetween(offer.receivedOn, env.today) < 0) {
      report(['offer', 'receivedOn'], `is after today (${env.today}); check the date`, { kind: 'today' });
    }
    if (context.lastDay !== undefined && daysBetween(context.lastDay, offer.startDate) < 1) {
      report(
        ['offer', 'startDate'],
        `is not after your last day at your current job (${context.lastDay}); you cannot start before you leave`,
      );
    }
  },
  view(context, env) {
    const { offer, lastDay, replyBy, nextSteps } = context;
    const warnings: string[] = [];
    if (lastDay !== undefined && daysBetween(lastDay, offer.startDate) === 1) {
      warnings.push(
        `The start date (${offer.startDate}) is the day after your last day (${lastDay}): no rest in between. Consider asking to start a few days later.`,
      );
    }
    if (replyBy !== undefined && daysBetween(replyBy, env.today) > 0) {
      warnings.push(`You said you would answer by ${replyBy}; accept as soon as you can, and thank them for their patience.`);
    }
    if (nextSteps && (mentions([nextSteps.join(' ')], RENEGOTIATING) || mentionsMoney(nextSteps))) {
      warnings.push('The next steps mention pay or negotiating; an acceptance confirms the offer as it stands, so leave negotiation out.');
    }
    return {
      view: {
        offer: { base: formatMoney(offer.base, offer.currency, env.locale), startDate: formatLongDate(offer.startDate, env.locale) },
        nextSteps: nextSteps?.length ? joinList(nextSteps, env.locale) : null,
      },
      warnings,
    };
  },
});
