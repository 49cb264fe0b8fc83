import type { Segment } from '../shared/path.js';
import { journalSchema } from '../templates/journal-fields.js';
import { allTemplates, registryGeneration } from '../templates/registry.js';
import { contextSchemas } from './context-schemas.js';
import { isPlainObject } from './merge.js';
import { keysAt, schemaAt } from './schema-walk.js';
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
const keysByPath = new WeakMap<Schema, Map<string, ReadonlySet<string>>>();

/**
 * The keys an object accepts at `path`, as `keysAt` gives them, remembered under
 * `key`: the path's known keys, with `#` for every list index.
 */
function keysHere(schema: Schema, path: readonly Segment[], key: string): ReadonlySet<string> {
  let byPath = keysByPath.get(schema);
  if (!byPath) keysByPath.set(schema, (byPath = new Map()));
  let keys = byPath.get(key);
  if (!keys) {
    keys = new Set(keysAt(schema, path));
    // Lists nested in lists have no keys and may nest as deep as an input likes: not remembered.
    if (keys.size > 0) byPath.set(key, keys);
  }
  return keys;
}

/**
 * Drops the fields another template uses, so that one file per application can
 * serve every message to that employer; keys no template knows stay, for the
 * schema to report.
 */
export function withoutOtherTemplatesFields(value: unknown, schema: Schema, path: Segment[] = [], pathKey = ''): unknown {
  // Only known keys and list indices lead further down, so the keys remembered are bounded by the schema.
  // This runs for every message, so: `path` is one array, grown and shrunk on the way (nothing
  // keeps it), and what needs no change is returned as it is rather than copied.
  if (Array.isArray(value)) {
    let result: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      path.push(index);
      const cleaned = item !== null && typeof item === 'object' ? withoutOtherTemplatesFields(item, schema, path, `${pathKey}/#`) : item;
      path.pop();
      if (cleaned !== item) result ??= value.slice(0, index);
      result?.push(cleaned);
    }
    return result ?? value;
  }
  if (!isPlainObject(value)) return value;
  const known = keysHere(schema, path, pathKey);
  const entries = Object.entries(value);
  let result: Record<string, unknown> | undefined;
  for (let index = 0; index < entries.length; index++) {
    const [key, field] = entries[index]!;
    path.push(key);
    let kept: unknown = field;
    let keep = true;
    if (known.has(key)) {
      if (field !== null && typeof field === 'object') kept = withoutOtherTemplatesFields(field, schema, path, `${pathKey}/${key}`);
    } else {
      keep = !knownToSomeTemplate(path);
    }
    path.pop();
    if ((!keep || kept !== field) && !result) result = Object.fromEntries(entries.slice(0, index));
    if (result && keep) result[key] = kept;
  }
  return result ?? value;
}
