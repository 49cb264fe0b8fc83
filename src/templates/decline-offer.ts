import * as z from 'zod/mini';
import { daysBetween, formatLongDate } from '../format/dates.js';
import { sentence as asSentence } from '../text/compose.js';
import { mentions, mentionsMoney, OFFER_CRITICISM, speaksOfDeciding } from './advice.js';
import { defineTemplate } from './definition.js';
import { isoDate, line } from './fields.js';
import { described } from '../shared/zod-schema.js';

/** The guidance: a brief reason at most. Longer reads as over-explaining. */
const LONGEST_REASON = 160;

export const declineOffer = defineTemplate({
  name: 'decline-offer',
  summary: 'Decline an offer graciously: thanks, a clear decline, and the door left open.',
  timing: 'as soon as you decide',
  closing: { warm: 'Kind regards', formal: 'Yours sincerely', brief: 'Best regards' },
  fields: () => ({
    offer: described(
      z.optional(z.strictObject({ receivedOn: z.optional(isoDate('Optional: the day the offer arrived.')) })),
      'Optional: the offer you decline.',
    ),
    reason: z.optional(line('Optional: a brief reason, in one line, e.g. "I have accepted a role closer to my family in Denver."')),
  }),
  check(context, report, env) {
    const received = context.offer?.receivedOn;
    if (received !== undefined && daysBetween(received, env.today) < 0) {
      report(['offer', 'receivedOn'], `is after today (${env.today}); check the date`, { kind: 'today' });
    }
  },
  view(context, env) {
    const warnings: string[] = [];
    const { reason } = context;
    if (reason !== undefined && reason.length > LONGEST_REASON) {
      warnings.push(`The reason is ${reason.length} characters; one short line is enough, and less explaining reads better.`);
    }
    if (reason !== undefined && (mentions([reason], OFFER_CRITICISM) || mentionsMoney([reason]))) {
      warnings.push(
        'The reason criticises the offer or the company, or talks about pay; a decline keeps the door open best with a neutral reason, or none.',
      );
    }
    const received = context.offer?.receivedOn;
    return {
      view: {
        offer: { receivedOn: received ? formatLongDate(received, env.locale) : null },
        reason: reason ? asSentence(reason) : null,
        // "I have decided to decline the offer. I have decided to accept …" says it twice: a reason
        // that speaks of deciding follows "I am declining the offer" instead, and what comes after
        // it no longer calls the decline a decision.
        reasonDecides: reason !== undefined && speaksOfDeciding(reason),
      },
      warnings,
    };
  },
});
