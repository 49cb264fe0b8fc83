import type { Segment } from '../shared/path.js';
import { journalSchema } from '../templates/journal-fields.js';
import { allTemplates, registryGeneration } from '../templates/registry.js';
import { contextSchemas } from './context-schemas.js';
import { isPlainObject } from './merge.js';
import { keysAt, schemaAt } from './schema-walk.js';
import { FORBIDDEN_KEYS, findUnsafeData, isSafe, MAX_CONTEXT_DEPTH } from './plain-data.js';
import type { Schema } from '../shared/zod-schema.js';

/**
 * One file per application serves every message to that employer: before a
 * context is checked against one template, the fields only other templates
 * (or the journal) use are dropped, and keys no template knows stay, for the
 * schema to report.
 */

/** Whether any registered template (or its panel form), or the application journal, takes a field at this path. */
function knownToSomeTemplate(path: readonly Segment[]): boolean {
  // Templates registered since the answers were kept may know more: start again.
  if (knownGeneration !== registryGeneration()) {
    knownToSome.clear();
    knownGeneration = registryGeneration();
  }
  // One key for every list index: the schema at `recipients[0]` and `recipients[7]` is the same one.
  const key = JSON.stringify(path.map((segment) => (typeof segment === 'number' || /^\d+$/.test(segment) ? 0 : segment)));
  if (knownToSome.has(key)) return true;
  const known =
    allTemplates().some((definition) => {
      const schemas = contextSchemas(definition);
      return schemaAt(schemas.single, path) !== undefined || schemaAt(schemas.panel, path) !== undefined;
    }) || schemaAt(journalSchema(), path) !== undefined;
  // Only what some template knows is kept, so the cache is bounded by the templates, not by the input.
  if (known) knownToSome.add(key);
  return known;
}

// Walking the schemas for every field of every message costs more than parsing it; the answers
// change only when a template is registered.
const knownToSome = new Set<string>();
let knownGeneration = -1;

/**
 * One place in a schema: the keys an object there accepts, as `keysAt` gives them, and the
 * places below it, each made when an input first reaches it. Only known keys and list items
 * lead further down, so the places kept are bounded by the schema (and, for lists nested in
 * lists, by the depth a context may have).
 */
class Place {
  #keys: ReadonlySet<string> | undefined;
  readonly #children = new Map<string, Place>();

  constructor(
    readonly schema: Schema,
    readonly path: readonly Segment[],
  ) {}

  get keys(): ReadonlySet<string> {
    this.#keys ??= new Set(keysAt(this.schema, this.path));
    return this.#keys;
  }

  /** The place at a known key, or at any item of a list (`#`, for every index). */
  child(name: string, segment: Segment): Place {
    let place = this.#children.get(name);
    if (!place) this.#children.set(name, (place = new Place(this.schema, [...this.path, segment])));
    return place;
  }
}

const roots = new WeakMap<Schema, Place>();

function rootOf(schema: Schema): Place {
  let root = roots.get(schema);
  if (!root) roots.set(schema, (root = new Place(schema, [])));
  return root;
}

/**
 * Drops the fields another template uses, so that one file per application can
 * serve every message to that employer; keys no template knows stay, for the
 * schema to report.
 */
export function withoutOtherTemplatesFields(value: unknown, schema: Schema, path: Segment[] = [], place = rootOf(schema)): unknown {
  // This runs for every message, so: `path` is one array, grown and shrunk on the way (nothing
  // keeps it), and what needs no change is returned as it is rather than copied.
  if (Array.isArray(value)) {
    let result: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      path.push(index);
      const cleaned =
        item !== null && typeof item === 'object' ? withoutOtherTemplatesFields(item, schema, path, place.child('#', index)) : item;
      path.pop();
      if (cleaned !== item) result ??= value.slice(0, index);
      result?.push(cleaned);
    }
    return result ?? value;
  }
  if (!isPlainObject(value)) return value;
  const known = place.keys;
  const keys = Object.keys(value);
  let result: Record<string, unknown> | undefined;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const field = value[key];
    path.push(key);
    let kept: unknown = field;
    let keep = true;
    if (known.has(key)) {
      if (field !== null && typeof field === 'object') kept = withoutOtherTemplatesFields(field, schema, path, place.child(key, key));
    } else {
      keep = !knownToSomeTemplate(path);
    }
    path.pop();
    if ((!keep || kept !== field) && !result) result = Object.fromEntries(keys.slice(0, index).map((earlier) => [earlier, value[earlier]]));
    if (result && keep) result[key] = kept;
  }
  return result ?? value;
}

/** What `cleanPlainContext` gives for a context `findUnsafeData` would find something in. */
export const UNSAFE: unique symbol = Symbol('unsafe data');

/**
 * `withoutOtherTemplatesFields(context, schema)`, or UNSAFE when
 * `findUnsafeData(context, { allowExotic: true })` would find something: both in
 * one walk, since every message needs both and the walks cost more than parsing.
 */
export function cleanPlainContext(context: Record<string, unknown>, schema: Schema): unknown {
  // The walk reads keys with `for…in`, which is quicker than Object.keys and visits the same
  // keys unless Object.prototype has enumerable properties; if it has, the two walks as before.
  if (prototypeEnumerates()) {
    return findUnsafeData(context, { allowExotic: true }) ? UNSAFE : withoutOtherTemplatesFields(context, schema);
  }
  return cleanPlain(context, rootOf(schema), []);
}

function prototypeEnumerates(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * One object of the context at `place`, below the objects `ancestors` (as many as the keys
 * above it). The path to it is its place's (list indices aside, which do not matter here).
 */
function cleanPlain(value: unknown, place: Place, ancestors: object[]): unknown {
  if (!isObject(value)) return value;
  const depth = ancestors.length;
  if (depth >= MAX_CONTEXT_DEPTH || ancestors.includes(value)) return UNSAFE;
  // A list goes the two ways it went before; a list of texts (nearly every list) has nothing to drop.
  if (Array.isArray(value)) {
    if (!isSafe(value, depth, ancestors, true)) return UNSAFE;
    return value.some(isObject) ? withoutOtherTemplatesFields(value, place.schema, [...place.path], place) : value;
  }
  // An object that is not plain data is allowed, and not walked for safety.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return withoutOtherTemplatesFields(value, place.schema, [...place.path], place);
  const object = value as Record<string, unknown>;
  const known = place.keys;
  let result: Record<string, unknown> | undefined;
  ancestors.push(object);
  for (const key in object) {
    if (FORBIDDEN_KEYS.has(key)) return UNSAFE;
    const field = object[key];
    let kept: unknown = field;
    let keep = true;
    if (known.has(key)) {
      if (isObject(field)) {
        kept = cleanPlain(field, place.child(key, key), ancestors);
        if (kept === UNSAFE) return UNSAFE;
      }
    } else {
      if (!isSafe(field, depth + 1, ancestors, true)) return UNSAFE;
      keep = !knownToSomeTemplate([...place.path, key]);
    }
    if ((!keep || kept !== field) && !result) result = fieldsBefore(object, key);
    if (result && keep) result[key] = kept;
  }
  ancestors.pop();
  return result ?? value;
}

/** A copy of the object's fields that come before `key`. */
function fieldsBefore(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const entries: Array<[string, unknown]> = [];
  for (const earlier in object) {
    if (earlier === key) break;
    entries.push([earlier, object[earlier]]);
  }
  return Object.fromEntries(entries);
}
