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

/** A copy of `schema` carrying a description, as the chained API's `.describe()` makes one. */
export function described<T extends Schema>(schema: T, description: string): T {
  const copy = z.clone(schema);
  z.globalRegistry.add(copy, { description });
  return copy;
}

/** The description given to a schema (zod keeps it in its global registry), if any. */
export function descriptionOf(schema: Schema): string | undefined {
  return z.globalRegistry.get(schema)?.description;
}
