import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderContext } from '../src/render/render.js';
import { bigramSimilarity } from '../src/text/similarity.js';
import { fixture } from './helpers/fixtures.js';
import { wordingProblems } from './helpers/wording.js';

/**
 * Issue 8, as a property: values typed the way people type them (a final full
 * stop or none, a stray comma or question mark, a lower-case start, a brand
 * such as "iOS", a company ending in "Inc." or "K.K.") never make a message
 * break the rules the corpus holds it to. Fixed seed, bounded runs.
 */

const SEED = 20_261_129;
const TODAY = '2026-11-25';

const word = fc.constantFrom(
  'the',
  'team',
  'night',
  'shift',
  'budget',
  'iOS',
  'eBay',
  'macOS',
  'Kubernetes',
  'patient',
  'safety',
  'curriculum',
  'audit',
  'Acme',
  'Nordic',
  'care',
  'ledger',
  'Ms.',
  'Dr.',
  'e.g.',
  'U.S.',
  'co-op',
  "O'Neill",
);
const ending = fc.constantFrom('', '', '.', ',', ';', ':', '?', '!', '...', '.,', ' .');
const casing = fc.constantFrom('as typed', 'lower', 'capital');

function recase(text: string, how: string): string {
  if (how === 'lower') return text.charAt(0).toLowerCase() + text.slice(1);
  if (how === 'capital') return text.charAt(0).toUpperCase() + text.slice(1);
  return text;
}

/** A value of one to eight words as a person might type it. */
const typed = (maxWords = 8) =>
  fc
    .tuple(fc.array(word, { minLength: 1, maxLength: maxWords }), ending, casing)
    .map(([words, end, how]) => recase(words.join(' ') + end, how));

const company = fc
  .tuple(
    fc.array(fc.constantFrom('Harbor', 'Kōbe', 'Seiki', 'Banco', 'Andino', 'Finch', 'Lumen', 'Yahoo!'), { minLength: 1, maxLength: 3 }),
    fc.constantFrom('', ' Inc.', ' Ltd.', ' K.K.', ' S.A.', ' Co., Ltd.', ' GmbH', ' LLC.'),
  )
  .map(([words, suffix]) => words.join(' ') + suffix);

const name = fc.constantFrom(
  'Ana Ruiz',
  'Dr. Amara Nwosu',
  'Patricia Gómez, RN, MSN',
  'Principal Maria Santos',
  'Kevin Brooks Jr.',
  '山田太郎',
  'Σοφία Παπαδοπούλου',
  'Robert "Bob" Whitaker',
  'Madonna',
);

const locale = fc.constantFrom('en-US', 'en-GB', 'de-DE');

const base = fc.record({ company, role: typed(6), name, locale });

type Context = Record<string, any>;

const contexts: Record<string, fc.Arbitrary<Context>> = {
  'thank-you': fc
    .record({
      base,
      topic: typed(),
      takeaway: fc.option(typed(), { nil: undefined }),
      also: fc.array(typed(4), { maxLength: 3 }),
      fit: typed(),
    })
    .map(({ base, topic, takeaway, also, fit }) => {
      const context = withBase(fixture('thank-you.yaml'), base);
      context.interview = { date: '2026-11-24', topic, ...(takeaway ? { takeaway } : {}), ...(also.length ? { alsoDiscussed: also } : {}) };
      context.fit = fit;
      return context;
    }),
  'offer-review': fc.record({ base, questions: fc.array(typed(), { minLength: 1, maxLength: 4 }) }).map(({ base, questions }) => {
    const context = withBase(fixture('offer-review.yaml'), base);
    context.questions = questions;
    return context;
  }),
  counteroffer: fc
    .record({
      base,
      benefits: fc.array(typed(5), { maxLength: 3 }),
      fallback: fc.option(typed(), { nil: undefined }),
      source: typed(5),
      why: typed(),
    })
    .map(({ base, benefits, fallback, source, why }) => {
      const context = withBase(fixture('counteroffer.yaml'), base);
      context.counter.benefits = benefits;
      if (fallback) context.counter.fallback = fallback;
      context.reasons.market.source = source;
      context.reasons.experience = why;
      context.contribution = why;
      return context;
    }),
  withdrawal: fc.record({ base, reason: typed() }).map(({ base, reason }) => {
    const context = withBase(fixture('withdrawal.yaml'), base);
    context.reason = reason;
    return context;
  }),
  resignation: fc
    .record({ base, highlight: typed(), handover: fc.array(typed(5), { maxLength: 3 }) })
    .map(({ base, highlight, handover }) => {
      const context = withBase(fixture('resignation.yaml'), base);
      context.highlight = highlight;
      context.handover = handover;
      return context;
    }),
  'feedback-request': fc.record({ base, focus: fc.array(typed(5), { maxLength: 3 }) }).map(({ base, focus }) => {
    const context = withBase(fixture('feedback-request.yaml'), base);
    context.focus = focus;
    return context;
  }),
};

function withBase(context: Context, base: { company: string; role: string; name: string; locale: string }): Context {
  context.company = base.company;
  context.role = base.role;
  context.locale = base.locale;
  context.recipient = { name: base.name, email: 'them@example.com' };
  return context;
}

describe.each(Object.keys(contexts))('%s with values typed as people type them', (template) => {
  it('reads as a person would write it, in every part (300 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(contexts[template]!, async (context) => {
        const [message] = await renderContext(template, context, { today: TODAY });
        expect(wordingProblems(message!, context, context.recipient, context)).toEqual([]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('panels of two to four', () => {
  it('read as separate notes whatever the topics (100 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, typed()), { minLength: 2, maxLength: 4 }), typed(), async (people, fit) => {
        const context = fixture('panel.yaml');
        context.fit = fit;
        context.recipients = people.map(([person, topic], i) => ({ name: `${person} ${i}`, interview: { topic } }));
        const messages = await renderContext('thank-you', context, { today: TODAY });
        for (let i = 0; i < messages.length; i++) {
          expect(wordingProblems(messages[i]!, context, context.recipients[i], context)).toEqual([]);
          for (let j = i + 1; j < messages.length; j++) {
            expect(bigramSimilarity(messages[i]!.text, messages[j]!.text)).toBeLessThanOrEqual(0.6);
            expect(messages[i]!.subject).not.toBe(messages[j]!.subject);
          }
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
