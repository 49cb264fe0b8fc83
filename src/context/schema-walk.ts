import * as z from 'zod/mini';

/**
 * Looking inside zod schemas: which schema sits at a field path, and which keys
 * an object accepts. Used to type `--set` values, to suggest the intended key
 * for a misspelt one, and to describe a missing field.
 * It reads zod's core definitions (`_zod.def`), which the built-ins' schemas
 * and a program's own fields share (see shared/zod-schema.ts).
 */

import type { Segment } from '../shared/path.js';
import { described, descriptionOf, type Schema, type Shape } from '../shared/zod-schema.js';

export { closestKey } from '../shared/closest.js';

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault']);

/** Strips the wrappers that do not change what a value looks like (optional, default, nullable). */
export function unwrap(schema: Schema): Schema {
  let current = schema;
  while (WRAPPERS.has(current._zod.def.type)) current = (current._zod.def as z.core.$ZodOptionalDef).innerType;
  return current;
}

/** The fields of an object schema, or undefined for any other schema. */
export function shapeOf(schema: Schema): Shape | undefined {
  return schema._zod.def.type === 'object' ? (schema as z.core.$ZodObject)._zod.def.shape : undefined;
}

function elementOf(schema: Schema): Schema | undefined {
  return schema._zod.def.type === 'array' ? (schema as z.core.$ZodArray)._zod.def.element : undefined;
}

function optionsOf(schema: Schema): readonly Schema[] | undefined {
  return schema._zod.def.type === 'union' ? (schema as z.core.$ZodUnion)._zod.def.options : undefined;
}

/** The schema at `path` below `schema`, or undefined when no such field exists. */
export function schemaAt(schema: Schema, path: readonly Segment[]): Schema | undefined {
  let current: Schema | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    const inner = unwrap(current);
    const shape = shapeOf(inner);
    const element = elementOf(inner);
    const options = optionsOf(inner);
    if (shape) {
      current = typeof segment === 'string' && Object.hasOwn(shape, segment) ? shape[segment] : undefined;
    } else if (element) {
      current = typeof segment === 'number' || /^\d+$/.test(segment) ? element : undefined;
    } else if (options) {
      current = options.map((option) => schemaAt(option, [segment])).find((found) => found !== undefined);
    } else {
      return undefined;
    }
  }
  return current;
}

/** The keys an object schema at `path` accepts (empty when there is no object there). */
export function keysAt(schema: Schema, path: readonly Segment[]): string[] {
  const found = schemaAt(schema, path);
  if (!found) return [];
  const inner = unwrap(found);
  const shape = shapeOf(inner);
  if (shape) return Object.keys(shape);
  const options = optionsOf(inner);
  if (options) return [...new Set(options.flatMap((option) => keysAt(option, [])))];
  return [];
}

/** The kind of value a field takes, for typing a `--set` value given as text. */
export function valueKind(schema: Schema): 'string' | 'number' | 'boolean' | 'structured' {
  const type = unwrap(schema)._zod.def.type;
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'object' || type === 'array' || type === 'union') return 'structured';
  return 'string';
}

/** Optional, nested all the way down: the shape of a per-recipient override in a panel. */
export function deepPartial(schema: Schema): Schema {
  const inner = unwrap(schema);
  const shape = shapeOf(inner);
  if (shape) {
    const partial: Record<string, Schema> = {};
    for (const [key, field] of Object.entries(shape)) partial[key] = z.optional(deepPartial(field));
    const object = z.strictObject(partial);
    const description = descriptionOf(inner);
    return description ? described(object, description) : object;
  }
  return inner;
}
