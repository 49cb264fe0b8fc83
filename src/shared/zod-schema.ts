import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * What afterview needs of zod schemas besides building them. Its own schemas are
 * written with zod's functional API (`zod/mini`): the same checks and messages as
 * the chained API (`z.string().min(1)`), without loading it, which cost a render
 * about as much again as everything else it loads. A program's own template
 * fields may still be written with the chained API: both share zod's core, which
 * is all these helpers read.
 */

// zod's English messages, which its chained API sets on first use and zod/mini leaves to the program
// (they word the problems afterview does not word itself, such as a missing mapping). A program's own
// choice of language, made before, is kept.
if (!z.config().localeError) z.config(en());

/** Any zod schema: the built-ins' (zod/mini) or one a program wrote with `z.string()`. */
export type Schema = z.core.$ZodType;
/** The fields of an object schema, by key. */
export type Shape = z.core.$ZodShape;

/**
 * `schema` with a description, as the chained API's `.describe()` gives it: a schema of its own,
 * which zod's global registry holds the description for, and which parses, checks and converts
 * to JSON Schema exactly as `schema` does. It is made as an object whose prototype is `schema`,
 * rather than as a clone (`z.clone`) as `.describe()` makes it: the copy shares the original's
 * internals, which zod never changes once a schema is built, and its methods (on zod's
 * prototypes) act on the copy. Building a clone runs all of zod's set-up for a new schema again,
 * and the built-in templates describe some thirty fields when a command starts (a quarter of
 * the schemas it builds).
 */
export function described<T extends Schema>(schema: T, description: string): T {
  const copy = Object.create(schema) as T;
  z.globalRegistry.add(copy, { description });
  return copy;
}

/** The description given to a schema (zod keeps it in its global registry), if any. */
export function descriptionOf(schema: Schema): string | undefined {
  return z.globalRegistry.get(schema)?.description;
}
