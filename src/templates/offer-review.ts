import * as z from 'zod/mini';
import { addBusinessDays, addDays, daysBetween, formatLongDate, isBusinessDay, previousBusinessDay } from '../format/dates.js';
import { amount, currency, isoDate, line, list } from './fields.js';
import { described } from '../shared/zod-schema.js';
import type { Holidays } from '../format/holidays.js';
import { formatMoney } from '../format/values.js';
import { defineTemplate, type TemplateEnv } from './definition.js';

/** The guidance: ask for about two business days, never much more than a week. */
const DEFAULT_REVIEW_BUSINESS_DAYS = 2;
const LONGEST_REVIEW_DAYS = 7;

interface OfferTiming {
  offer: { receivedOn?: string | undefined };
  replyBy?: string | undefined;
}

function receivedOn(context: OfferTiming, env: TemplateEnv): string {
  return context.offer.receivedOn ?? env.today;
}

/**
 * The reply date the message names: the user's, or two business days after
 * the offer arrived, and never sooner than the next business day after the
 * message is sent (a late request must not promise an answer by today).
 */
export function replyDate(context: OfferTiming, env: TemplateEnv): string {
  if (context.replyBy !== undefined) return context.replyBy;
  const fromOffer = addBusinessDays(receivedOn(context, env), DEFAULT_REVIEW_BUSINESS_DAYS, env.holidays);
  const fromToday = addBusinessDays(env.today, 1, env.holidays);
  return daysBetween(fromOffer, fromToday) > 0 ? fromToday : fromOffer;
}

/** Business days from one date to a later one (0 when the same day or earlier). */
function businessDaysBetween(from: string, to: string, holidays: Holidays): number {
  let count = 0;
  for (let day = from; daysBetween(day, to) > 0 && count < 400; ) {
    day = addBusinessDays(day, 1, holidays);
    if (daysBetween(day, to) >= 0) count++;
  }
  return count;
}

export const offerReview = defineTemplate({
  name: 'offer-review',
  summary: 'Ask for a few days to review an offer, and ask your questions about the package.',
  timing: 'within about 2 business days of the offer',
  closing: { warm: 'Best regards', formal: 'Yours sincerely', brief: 'Best' },
  fields: () => ({
    offer: described(
      z.strictObject({
        receivedOn: z.optional(isoDate('The day the offer arrived (default: today).')),
        base: z.optional(amount('Optional: the base salary offered, in whole units.')),
        currency: z.optional(currency),
        startDate: z.optional(isoDate('Optional: the proposed start date.')),
      }),
      'The offer you received.',
    ),
    replyBy: z.optional(
      isoDate('The day by which you will answer (default: two business days after the offer arrived). At most a week after the offer.'),
    ),
    questions: list(
      'Your questions about the package: benefits, start date, bonus, equity, remote work…',
      line('One question, e.g. "How is the annual bonus calculated?"'),
    ).check(z.minLength(1, { message: 'needs at least one question about the package, e.g. "How is the annual bonus calculated?"' })),
  }),
  check(context, report, env) {
    const { offer } = context;
    if (offer.base !== undefined && offer.currency === undefined) {
      report(['offer', 'currency'], 'is needed with offer.base, e.g. USD');
    }
    const received = receivedOn(context, env);
    if (daysBetween(received, env.today) < 0) {
      report(['offer', 'receivedOn'], `is after today (${env.today}); check the date`, { kind: 'today' });
    }
    if (context.replyBy !== undefined) {
      const wait = daysBetween(received, context.replyBy);
      if (wait < 1) {
        report(['replyBy'], `must be after the day the offer arrived (${received})`);
      } else if (wait > LONGEST_REVIEW_DAYS) {
        report(
          ['replyBy'],
          `asks for ${wait} days; asking for more than about a week can read as hesitation. Choose a date no later than ${previousBusinessDay(addDays(received, LONGEST_REVIEW_DAYS), env.holidays)}`,
        );
      } else if (!isBusinessDay(context.replyBy, env.holidays)) {
        report(
          ['replyBy'],
          `falls on a weekend or holiday (${formatLongDate(context.replyBy, env.locale)}); choose a business day such as ${previousBusinessDay(context.replyBy, env.holidays)}`,
        );
      }
    }
  },
  view(context, env) {
    const { offer } = context;
    const warnings: string[] = [];
    const received = receivedOn(context, env);
    const reply = replyDate(context, env);
    const waited = businessDaysBetween(received, env.today, env.holidays);
    if (waited > 1) {
      warnings.push(
        `The offer arrived ${waited} business days ago (offer.receivedOn ${received}); a request for time to review it is best sent within about one business day, so send it today.`,
      );
    }
    if (daysBetween(env.today, reply) < 1) {
      warnings.push(`The reply date (replyBy ${reply}) is not after today; choose a later one.`);
    }
    return {
      view: {
        offer: {
          base: offer.base !== undefined && offer.currency ? formatMoney(offer.base, offer.currency, env.locale) : null,
          startDate: offer.startDate ? formatLongDate(offer.startDate, env.locale) : null,
        },
        replyBy: formatLongDate(reply, env.locale),
        questions: context.questions,
        // One question is written as a sentence rather than a list of one.
        oneQuestion: context.questions.length === 1 ? context.questions[0]! : null,
      },
      warnings,
    };
  },
});
