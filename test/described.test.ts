import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { described, descriptionOf, type Schema } from '../src/shared/zod-schema.js';
import { amount, currency, isoDate, line, list, personName, sentence } from '../src/templates/fields.js';

/**
 * `described` gives a schema its description without rebuilding it (an object whose prototype
 * is the schema). Held here to what zod's own `.describe()` does, a clone registered with the
 * description: for every kind of schema the templates describe, the two parse alike, report
 * the same problems, convert to the same JSON Schema, and keep the description through what
 * the code does to a field afterwards (wrapping, checking, cloning).
 */
function clonedAndDescribed<T extends Schema>(schema: T, description: string): T {
  const copy = z.clone(schema);
  z.globalRegistry.add(copy, { description });
  return copy;
}

const kinds: Array<[string, () => Schema]> = [
  ['a line', () => line('A line.')],
  ['a name', () => personName('A name.', 40)],
  ['a sentence', () => sentence('A sentence.')],
  ['a list', () => list('Some items.')],
  ['a date', () => isoDate('A date.')],
  ['an amount', () => amount('An amount.')],
  ['a currency', () => currency],
  ['an email', () => z.email({ message: 'must be an email address' })],
  ['an optional object', () => z.optional(z.strictObject({ name: line('A name.'), days: z.optional(amount('Days.')) }))],
  ['a union', () => z.union([isoDate('A date.'), list('Dates.', isoDate('A date.'))])],
  ['an enum with a default', () => z._default(z.enum(['warm', 'formal', 'brief']), 'warm')],
];

const inputs = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', 'Acme Corp', 'USD', 'usd', '2026-02-30', '2026-11-25', 'a\nb', 'x'.repeat(700), 'name@example.com'),
  fc.integer(),
  fc.double(),
  fc.constant(undefined),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 12 }),
  fc.record({ name: fc.string(), days: fc.oneof(fc.integer(), fc.string()) }),
  fc.dictionary(fc.string(), fc.string()),
);

const outcome = (schema: Schema, input: unknown) => {
  const result = z.safeParse(schema, input);
  return result.success ? { data: result.data } : { issues: result.error.issues };
};

describe('described(): a schema with a description', () => {
  for (const [name, make] of kinds) {
    it(`${name}: parses, fails and converts to JSON Schema as zod's own described clone does`, () => {
      const schema = make();
      const ours = described(schema, 'Ours.');
      const zods = clonedAndDescribed(schema, 'Ours.');
      expect(descriptionOf(ours)).toBe('Ours.');
      // The original keeps no description of the copy's.
      expect(descriptionOf(schema)).not.toBe('Ours.');
      fc.assert(
        fc.property(inputs, (input) => {
          expect(outcome(ours, input)).toEqual(outcome(zods, input));
        }),
        { numRuns: 150 },
      );
      const json = (field: Schema) => z.toJSONSchema(z.strictObject({ field }), { target: 'draft-07', io: 'input' });
      expect(json(ours)).toEqual(json(zods));
      expect(json(ours)).toMatchObject({ properties: { field: { description: 'Ours.' } } });
    });
  }

  it('keeps each description apart when one schema is described twice', () => {
    const kind = line('A line.');
    const company = described(kind, 'The employer.');
    const role = described(kind, 'The job title.');
    expect([descriptionOf(company), descriptionOf(role)]).toEqual(['The employer.', 'The job title.']);
    const json = z.toJSONSchema(z.strictObject({ company, role }), { target: 'draft-07', io: 'input' }) as {
      properties: Record<string, { description?: string }>;
    };
    expect(json.properties.company?.description).toBe('The employer.');
    expect(json.properties.role?.description).toBe('The job title.');
  });

  it('keeps the description where zod keeps a clone’s: through .check() and z.clone(), and through wrapping', () => {
    const ours = described(line('A line.'), 'Kept.');
    const zods = clonedAndDescribed(line('A line.'), 'Kept.');
    const checked = [ours, zods].map((schema) => (schema as z.ZodMiniString).check(z.maxLength(5, { message: 'too long' })));
    expect(checked.map(descriptionOf)).toEqual(['Kept.', 'Kept.']);
    expect(z.safeParse(checked[0]!, 'longer than five').error?.issues).toEqual(z.safeParse(checked[1]!, 'longer than five').error?.issues);
    expect([z.clone(ours), z.clone(zods)].map(descriptionOf)).toEqual(['Kept.', 'Kept.']);
    // The copy is what is described: its prototype, the original, keeps its own description.
    expect(descriptionOf(Object.getPrototypeOf(ours))).toBe('A line.');
    expect(z.toJSONSchema(z.optional(ours), { io: 'input' })).toEqual(z.toJSONSchema(z.optional(zods), { io: 'input' }));
  });
});
