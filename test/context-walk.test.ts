import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextSchemas } from '../src/context/context-schemas.js';
import { cleanPlainContext, UNSAFE, withoutOtherTemplatesFields } from '../src/context/other-templates.js';
import { findUnsafeData, MAX_CONTEXT_DEPTH } from '../src/context/plain-data.js';
import { templateDefinition } from '../src/render/render.js';
import { templateNames } from '../src/index.js';

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
    () => [, 'a'],
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

  const seen = { unsafe: 0, changed: 0, same: 0 };
  it('answers as findUnsafeData and withoutOtherTemplatesFields do, for every template', () => {
    const schemas = templateNames.map((name) => contextSchemas(templateDefinition(name)).single);
    const context = fc
      .tuple(fc.array(fc.tuple(key, tree), { maxLength: 8 }), fc.integer({ min: 0, max: 5 }))
      .map(([entries, how]) => twist(Object.fromEntries(entries), how) as Record<string, unknown>);
    fc.assert(
      fc.property(context, fc.nat(schemas.length - 1), (value, which) => {
        const schema = schemas[which]!;
        const unsafe = findUnsafeData(value, { allowExotic: true }) !== undefined;
        const cleaned = cleanPlainContext(value, schema);
        if (unsafe) {
          seen.unsafe++;
          expect(cleaned).toBe(UNSAFE);
        } else {
          const expected = withoutOtherTemplatesFields(value, schema);
          expect(cleaned).toStrictEqual(expected);
          // What needs no change is the same object, as before.
          expect(cleaned === value).toBe(expected === value);
          if (expected === value) seen.same++;
          else seen.changed++;
        }
      }),
      { numRuns: 5_000 },
    );
    // Each way out is taken often: unsafe data, a context that loses fields, one that keeps all.
    expect(Math.min(seen.unsafe, seen.changed, seen.same)).toBeGreaterThan(250);
  }, 60_000);
});
