import * as z from 'zod/mini';
import { amount, currency, line, list, sentence } from './fields.js';
import { described } from '../shared/zod-schema.js';
import { formatMoney } from '../format/values.js';
import { phrase } from '../text/compose.js';
import { adviseOn, adviseOnCapitals, adviseOnEach, Checks, COMPETING_OFFER, PERSONAL_EXPENSES, ULTIMATUM } from './advice.js';
import { defineTemplate } from './definition.js';

/** Above this the ask is unusual enough that the user should be sure of the evidence. */
const LARGE_RAISE = 0.25;

/** Everything the user wrote is checked for another offer, and for an ultimatum. */
const EVERYTHING_CHECKS = new Checks([
  [COMPETING_OFFER, 'mention another offer only if it is real and you are ready to be asked about it.'],
  [ULTIMATUM, 'this may read as an ultimatum; keep the tone collaborative.'],
]);

export const counteroffer = defineTemplate({
  name: 'counteroffer',
  summary: 'Negotiate the offer: a precise figure, the reasons that support it, the benefits you ask for.',
  timing: 'soon after the offer',
  closing: { warm: 'Best regards', formal: 'Yours sincerely', brief: 'Best' },
  fields: () => ({
    offer: described(
      z.strictObject({
        base: amount('The base salary offered, in whole units, e.g. 165000.'),
        currency,
      }),
      'The offer as it stands.',
    ),
    counter: described(
      z.strictObject({
        base: amount('The base salary you ask for; must be more than offer.base.'),
        currency: described(z.optional(currency), 'Defaults to offer.currency; must be the same.'),
        signingBonus: z.optional(amount('Optional: a signing bonus you ask for.')),
        benefits: z.optional(
          list(
            'Optional: other things you ask for, each completing "I would also like to discuss …", e.g. "a relocation allowance", "two remote days a week".',
          ),
        ),
        fallback: z.optional(
          line(
            'Optional: what you would accept instead if the base salary cannot move, completing "I would be glad to consider …", e.g. "a signing bonus of €5,000 and a salary review after six months".',
          ),
        ),
      }),
      'What you ask for.',
    ),
    contribution: sentence(
      'How you will contribute, in a sentence or two, e.g. "I am confident I can help the platform team halve its deploy times in my first year."',
    ),
    reasons: described(
      z.strictObject({
        market: described(
          z.optional(
            z.strictObject({
              source: line('Where the figures come from, e.g. "Levels.fyi and the 2026 Dice Tech Salary Report".'),
              low: z.optional(amount('Optional: the low end of the range for this role.')),
              high: z.optional(amount('Optional: the high end of the range for this role.')),
            }),
          ),
          'Market research for this role and location.',
        ),
        experience: z.optional(
          sentence('Experience that adds value, as a sentence, e.g. "I bring eight years of running Kubernetes in production."'),
        ),
        credentials: z.optional(list('Degrees or certifications that add value, e.g. "the CKA certification".')),
        relocation: z.optional(
          sentence('Relocation or commute costs the role brings, as a sentence, e.g. "The role means moving from Austin to Denver."'),
        ),
      }),
      'Verifiable reasons for your figure; give at least one.',
    ),
  }),
  check(context, report) {
    const { offer, counter, reasons } = context;
    if (counter.currency !== undefined && counter.currency !== offer.currency) {
      report(['counter', 'currency'], `must be the same as offer.currency (${offer.currency}); compare like with like`);
    } else if (counter.base <= offer.base) {
      report(['counter', 'base'], `must be more than offer.base (${offer.base}); a counteroffer asks for more`);
    }
    const { market } = reasons;
    if (market?.low !== undefined && market.high !== undefined && market.low > market.high) {
      report(['reasons', 'market', 'low'], `must not be more than reasons.market.high (${market.high})`);
    }
    if (!market && !reasons.experience && !reasons.credentials?.length && !reasons.relocation) {
      report(['reasons'], 'needs at least one verifiable reason: market, experience, credentials or relocation');
    }
  },
  view(context, env) {
    const { offer, counter, reasons } = context;
    const money = (value: number) => formatMoney(value, offer.currency, env.locale);
    const warnings: string[] = [];
    const argued = {
      contribution: context.contribution,
      'reasons.experience': reasons.experience,
      'reasons.relocation': reasons.relocation,
    };
    // Written out rather than spread from `argued`: V8 copies an object literal with such keys slowly (about 2 µs).
    const everything = {
      contribution: context.contribution,
      'reasons.experience': reasons.experience,
      'reasons.relocation': reasons.relocation,
      'counter.benefits': counter.benefits,
      'counter.fallback': counter.fallback,
    };
    adviseOn(
      warnings,
      argued,
      PERSONAL_EXPENSES,
      'personal expenses are not a reason an employer weighs; keep to market data, experience and the role itself.',
    );
    adviseOnEach(warnings, everything, EVERYTHING_CHECKS);
    adviseOnCapitals(warnings, {
      'counter.benefits': counter.benefits,
      'counter.fallback': counter.fallback,
      'reasons.credentials': reasons.credentials,
    });
    const { market } = reasons;
    if (market?.high !== undefined && counter.base > market.high) {
      warnings.push(
        `counter.base (${money(counter.base)}) is above the top of the range you cite (reasons.market.high, ${money(market.high)}); ask within the range your research supports.`,
      );
    } else if (counter.base > offer.base * (1 + LARGE_RAISE)) {
      warnings.push(
        `The ask is ${Math.round((counter.base / offer.base - 1) * 100)}% above the offer; make sure your market research supports it.`,
      );
    }

    let marketClause: string | null = null;
    if (market) {
      const source = phrase(market.source);
      if (market.low !== undefined && market.high !== undefined) {
        marketClause = `the range of ${money(market.low)} to ${money(market.high)} for this role according to ${source}`;
      } else if (market.high !== undefined || market.low !== undefined) {
        const figure = money((market.high ?? market.low)!);
        marketClause = `the ${market.high !== undefined ? 'top' : 'starting'} figure of ${figure} for comparable roles according to ${source}`;
      } else {
        marketClause = `my research on ${source}`;
      }
    }
    const asks = counter.signingBonus !== undefined ? [`a signing bonus of ${money(counter.signingBonus)}`] : [];
    if (counter.benefits) asks.push(...counter.benefits);
    return {
      view: {
        offer: { base: money(offer.base) },
        counter: { base: money(counter.base), asks: asks.length ? asks : null, fallback: counter.fallback ?? null },
        contribution: context.contribution,
        reasons: {
          market: marketClause,
          other: Boolean(reasons.experience || reasons.credentials?.length || reasons.relocation),
          experience: reasons.experience ?? null,
          credentials: reasons.credentials?.length ? reasons.credentials : null,
          relocation: reasons.relocation ?? null,
        },
      },
      warnings,
    };
  },
});
