import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { line, personName, sentence } from '../src/templates/fields.js';
import { contextSchemas } from '../src/context/context-schemas.js';
import { cleanPlainContext, UNSAFE, withoutOtherTemplatesFields } from '../src/context/other-templates.js';
import { findUnsafeData, MAX_CONTEXT_DEPTH } from '../src/context/plain-data.js';
import { templateDefinition } from '../src/render/render.js';
import { templateNames } from '../src/index.js';

/**
 * Each text is checked for line breaks and for control characters; the second
 * check skips its pattern for the text the first found free of both. Held here
 * to the two plain patterns, over any order of texts and both of zod's ways of
 * parsing (its plain parser first, its compiled one after).
 */
describe('the checks of a text for line breaks and control characters', () => {
  const plain = (max: number, tooLong: string, lineBreak: string) =>
    z.string().check(
      z.trim(),
      z.minLength(1, { message: 'must not be empty' }),
      z.maxLength(max, { message: tooLong }),
      z.refine((value) => !/[\r\n\u2028\u2029\u0085\v\f]/.test(value), { message: lineBreak }),
      z.refine((value) => !/[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/.test(value), {
        message: 'must not contain control characters (such as an escape or NUL); retype it as plain text',
      }),
    );
  const kinds = [
    [
      line('A line.'),
      plain(300, 'is too long for one line (300 characters at most); shorten it', 'must be a single line (no line breaks)'),
    ],
    [
      sentence('A sentence.'),
      plain(600, 'is too long (600 characters at most); a sentence or two is enough', 'must be a single paragraph (no line breaks)'),
    ],
    [
      personName('A name.'),
      plain(
        50,
        'is too long for a name (50 characters at most); use the form of the name you sign or greet with',
        'must be a single line (no line breaks)',
      ),
    ],
  ] as const;
  // Every character either pattern looks for, their neighbours that neither does, and plain text.
  const unit = fc.constantFrom(
    ...['\u0000', '\u0008', '\t', '\n', '\v', '\f', '\r', '\u000e', '\u001b', '\u001f', ' ', '~', '\u007f', '\u0084', '\u0085'],
    ...['\u0086', '\u009f', '\u00a0', '\u2027', '\u2028', '\u2029', '\u202a', 'a', 'Zoë', 'text ', '😀'],
  );
  const text = fc.string({ unit, maxLength: 8 });
  const issues = (result: { success: boolean; error?: { issues: unknown[] } }) => (result.success ? [] : result.error!.issues);

  it('find what the plain patterns find, whatever text came before', () => {
    const compiled = kinds.map(([ours, reference]) => [z.compile(ours), z.compile(reference)] as const);
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.nat(kinds.length - 1)), { minLength: 1, maxLength: 6 }), (texts) => {
        for (const [value, which] of texts) {
          const [ours, reference] = kinds[which]!;
          expect(issues(z.safeParse(ours, value, { jitless: true }))).toEqual(issues(z.safeParse(reference, value, { jitless: true })));
          const [fast, referenceFast] = compiled[which]!;
          expect(issues(z.safeParse(fast, value))).toEqual(issues(z.safeParse(referenceFast, value)));
        }
      }),
      { numRuns: 3_000 },
    );
  }, 60_000);
});

/**
 * A context with one recipient is checked for unsafe data and rid of other
 * templates' fields in one walk (cleanPlainContext); it must answer as the two
 * walks it replaces: findUnsafeData, then withoutOtherTemplatesFields.
 */
describe('the one walk over a context', () => {
  // Keys of this template and of others, keys no template knows, keys that name a prototype, list-like keys.
  const key = fc.constantFrom(
    ...['sender', 'recipient', 'name', 'email', 'company', 'role', 'interview', 'topic', 'alsoDiscussed', 'date', 'fit', 'tone'],
    ...['offer', 'base', 'currency', 'questions', 'counter', 'reasons', 'market', 'replyBy', 'lastDay', 'recipients', 'status'],
    ...['foo', 'x', '0', '12', '__proto__', 'constructor', 'prototype'],
  );
  const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean());
  const exotic = fc.constantFrom(
    () => new Date(0),
    () => new Map([['a', 1]]),
    () => Object.assign(Object.create({ inherited: 1 }), { name: 'x', foo: 'y' }),
    () => Object.assign(Object.create(null), { name: 'x', foo: 'y' }),
    () => Object.assign(['a', 'b'], { extra: { __proto__: null } }),
    () => {
      const withHole: unknown[] = [];
      withHole[1] = 'a';
      return withHole;
    },
  );
  const { tree } = fc.letrec<{ tree: unknown; node: unknown }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('node')),
    node: fc.oneof(
      fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
      fc.array(tie('tree'), { maxLength: 3 }),
      exotic.map((make) => make()),
    ),
  }));

  /** With some seeds, a value made to contain itself, or nested past the depth allowed. */
  function twist(value: unknown, how: number): unknown {
    if (how === 1 && value !== null && typeof value === 'object') {
      const inner = Object.values(value).find((child) => child !== null && typeof child === 'object') ?? value;
      (inner as Record<string, unknown>).loop = value;
    }
    if (how === 3 && value !== null && typeof value === 'object') {
      const inner = Object.values(value).find((child) => child !== null && typeof child === 'object') ?? value;
      (inner as Record<string, unknown>).interview = value;
    }
    if (how === 2) {
      let deep: unknown = value;
      for (let level = 0; level < MAX_CONTEXT_DEPTH - 2; level++) deep = { interview: deep };
      return deep;
    }
    return value;
  }

  const schemas = templateNames.map((name) => contextSchemas(templateDefinition(name)).single);
  const context = fc
    .tuple(fc.array(fc.tuple(key, tree), { maxLength: 8 }), fc.integer({ min: 0, max: 5 }))
    .map(([entries, how]) => twist(Object.fromEntries(entries), how) as Record<string, unknown>);

  function answersAsBefore(value: Record<string, unknown>, which: number): 'unsafe' | 'changed' | 'same' {
    const schema = schemas[which]!;
    const unsafe = findUnsafeData(value, { allowExotic: true }) !== undefined;
    const cleaned = cleanPlainContext(value, schema);
    if (unsafe) {
      expect(cleaned).toBe(UNSAFE);
      return 'unsafe';
    }
    const expected = withoutOtherTemplatesFields(value, schema);
    expect(cleaned).toStrictEqual(expected);
    // What needs no change is the same object, as before.
    expect(cleaned === value).toBe(expected === value);
    return expected === value ? 'same' : 'changed';
  }

  it('answers as findUnsafeData and withoutOtherTemplatesFields do, for every template', () => {
    const seen = { unsafe: 0, changed: 0, same: 0 };
    fc.assert(
      fc.property(context, fc.nat(schemas.length - 1), (value, which) => {
        seen[answersAsBefore(value, which)]++;
      }),
      { numRuns: 5_000 },
    );
    // Each way out is taken often: unsafe data, a context that loses fields, one that keeps all.
    expect(Math.min(seen.unsafe, seen.changed, seen.same)).toBeGreaterThan(250);
  }, 60_000);

  it('answers as before when Object.prototype has an enumerable property (which the walk would otherwise visit)', () => {
    const samples = fc.sample(fc.tuple(context, fc.nat(schemas.length - 1)), 300);
    Object.defineProperty(Object.prototype, 'name', { value: 'inherited', enumerable: true, configurable: true, writable: true });
    try {
      for (const [value, which] of samples) answersAsBefore(value, which);
    } finally {
      delete (Object.prototype as Record<string, unknown>).name;
    }
  });
});
