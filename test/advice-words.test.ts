import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as advice from '../src/templates/advice.js';
import type { Avoid } from '../src/templates/advice.js';

/**
 * Each advice pattern carries words of which every match contains one, and a text without
 * them is not searched (advice.ts). If a pattern gains an alternative without a word, the
 * advice would silently stop: here every kind of text a pattern matches, in any case, must
 * hold one of its words, and so get the same answer as the pattern alone.
 */
const patterns = Object.entries(advice).filter((entry): entry is [string, Avoid] => entry[1] instanceof advice.Avoid);

/** The text with each ASCII letter in upper or lower case, as `flips` says. */
function recase(text: string, flips: readonly boolean[]): string {
  return [...text].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join('');
}

describe('the words that let advice skip a text', () => {
  it('exist for every pattern advice.ts exports', () => {
    expect(patterns.map(([name]) => name).sort()).toEqual(
      [
        'APOLOGY',
        'COMPARISON',
        'COMPETING_OFFER',
        'CRITICISM',
        'MONEY',
        'OFFER_CRITICISM',
        'PERSONAL_EXPENSES',
        'PRESSURE',
        'RENEGOTIATING',
        'RESENTMENT',
        'ULTIMATUM',
      ].sort(),
    );
  });

  it.each(patterns)('are in every text %s matches, written in any case', (_name, avoid) => {
    // fast-check writes text matching a pattern, but not a case-insensitive one nor word boundaries and
    // look-aheads: it writes what the pattern matches without them, the spaces around keep the boundaries,
    // and the case is varied here.
    const plain = avoid.pattern.source.replaceAll('\\b', '').replaceAll('(?!-)', '');
    const matching = fc.stringMatching(new RegExp(`^(?:${plain})$`));
    fc.assert(
      fc.property(matching, fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), (text, flips) => {
        const written = ` ${recase(text, flips)} `;
        expect(avoid.pattern.test(written)).toBe(true);
        expect(avoid.mayMatch(written)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('give the words the pattern finds, with the words looked for first and then without', () => {
    const money = new advice.Avoid(advice.MONEY.pattern, advice.MONEY.words);
    const texts = ['how the platform team plans to move CI to ephemeral runners', 'We discussed the SALARY band.', 'a pay-as-you-go model'];
    // More than the texts looked at with the words first.
    for (let round = 0; round < 60; round++) {
      expect(texts.map((text) => money.find(text))).toEqual([undefined, 'SALARY', undefined]);
    }
    expect(money.mayMatch(texts[0]!)).toBe(false);
  });
});

describe('several checks over the same fields (adviseOnEach)', () => {
  // Texts each pattern matches, recased, amid ordinary words; and ordinary words alone.
  const matching = patterns.map(([, avoid]) =>
    fc.stringMatching(new RegExp(`^(?:${avoid.pattern.source.replaceAll('\\b', '').replaceAll('(?!-)', '')})$`)),
  );
  const filler = fc.constantFrom('', 'the team', 'I paid attention', 'Other', 'decided', 'runners.', 'my', 'offer', '$', '5');
  const text = fc
    .tuple(filler, fc.oneof(filler, ...matching), filler, fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }))
    .map(([before, middle, after, flips]) => recase(`${before} ${middle} ${after}`, flips));
  const fields = fc.dictionary(
    fc.constantFrom('fit', 'interview.topic', 'reason', 'counter.benefits'),
    fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.constant(undefined)),
  );
  // Every pair of patterns, each pair's checks kept across runs, so that they are used past their first looks.
  const pairs = patterns.flatMap(([, first], i) => patterns.slice(i + 1).map(([, second]) => [first, second] as const));
  const checks = pairs.map(
    ([first, second]) =>
      new advice.Checks([
        [first, 'first advice'],
        [second, 'second advice'],
      ]),
  );

  it('push what adviseOn pushes for each check in turn', () => {
    fc.assert(
      fc.property(fields, fc.nat(pairs.length - 1), (written, which) => {
        const [first, second] = pairs[which]!;
        const expected: string[] = [];
        advice.adviseOn(expected, written, first, 'first advice');
        advice.adviseOn(expected, written, second, 'second advice');
        const warnings: string[] = [];
        advice.adviseOnEach(warnings, written, checks[which]!);
        expect(warnings).toEqual(expected);
      }),
      { numRuns: 20_000 },
    );
  }, 120_000);
});
