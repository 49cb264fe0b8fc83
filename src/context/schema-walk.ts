import { z } from 'zod';

/**
 * Looking inside zod schemas: which schema sits at a field path, and which keys
 * an object accepts. Used to type `--set` values, to suggest the intended key
 * for a misspelt one, and to describe a missing field.
 */

import type { Segment } from '../shared/path.js';

export { closestKey } from '../shared/closest.js';

/** Strips the wrappers that do not change what a value looks like (optional, default, nullable). */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault) current = current.unwrap() as z.ZodType;
    else return current;
  }
}

/** The schema at `path` below `schema`, or undefined when no such field exists. */
export function schemaAt(schema: z.ZodType, path: readonly Segment[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    const inner = unwrap(current);
    if (inner instanceof z.ZodObject) {
      current = typeof segment === 'string' && Object.hasOwn(inner.shape, segment) ? inner.shape[segment] : undefined;
    } else if (inner instanceof z.ZodArray) {
      current = typeof segment === 'number' || /^\d+$/.test(segment) ? (inner.element as z.ZodType) : undefined;
    } else if (inner instanceof z.ZodUnion) {
      const options = inner.options as readonly z.ZodType[];
      current = options.map((option) => schemaAt(option, [segment])).find((found) => found !== undefined);
    } else {
      return undefined;
    }
  }
  return current;
}

/** The keys an object schema at `path` accepts (empty when there is no object there). */
export function keysAt(schema: z.ZodType, path: readonly Segment[]): string[] {
  const found = schemaAt(schema, path);
  if (!found) return [];
  const inner = unwrap(found);
  if (inner instanceof z.ZodObject) return Object.keys(inner.shape);
  if (inner instanceof z.ZodUnion) {
    return [...new Set((inner.options as readonly z.ZodType[]).flatMap((option) => keysAt(option, [])))];
  }
  return [];
}

/** The kind of value a field takes, for typing a `--set` value given as text. */
export function valueKind(schema: z.ZodType): 'string' | 'number' | 'boolean' | 'structured' {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodNumber) return 'number';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  if (inner instanceof z.ZodObject || inner instanceof z.ZodArray || inner instanceof z.ZodUnion) return 'structured';
  return 'string';
}

/** Optional, nested all the way down: the shape of a per-recipient override in a panel. */
export function deepPartial(schema: z.ZodType): z.ZodType {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, field] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      shape[key] = deepPartial(field).optional();
    }
    const partial = z.strictObject(shape);
    return inner.description ? partial.describe(inner.description) : partial;
  }
  return inner;
}
