import { AfterviewError } from '../errors.js';
import { formatPath } from './issues.js';
import { MAX_COLLECTION_ENTRIES, parseYamlText } from './yaml.js';
import { FORBIDDEN_KEYS } from './plain-data.js';
import { schemaAt, valueKind } from './schema-walk.js';
import type { Segment } from '../shared/path.js';
import type { Schema } from '../shared/zod-schema.js';

/**
 * How messages name an assignment: the library says "set offer.base"; the CLI
 * passes "--set", its option, so that its messages name what the user typed.
 */
const SET = 'set';

function usage(message: string): AfterviewError {
  return new AfterviewError('USAGE', message, { advice: { kind: 'set-syntax' } });
}

/** `recipients[1].email` or `recipients.1.email` → ['recipients', 1, 'email']. */
export function parseSetPath(path: string, label = SET): Segment[] {
  if (path.trim() === '') throw usage(`${label} needs a field path before "=".`);
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match || (match[1] === '' && match[2] === '')) throw usage(`${label} path "${path}" is not a field path.`);
    if (match[1] !== '') segments.push(/^\d+$/.test(match[1]!) ? Number(match[1]) : match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  for (const segment of segments) {
    if (typeof segment === 'string' && FORBIDDEN_KEYS.has(segment)) {
      throw usage(`${label} path "${path}" is not allowed: "${segment}" names an object prototype.`);
    }
  }
  return segments;
}

/**
 * Types a value given as text the way the schema expects it at that path:
 * `--set role=2024` stays text, `--set offer.base=165000` becomes a number, and
 * a list or mapping is read as YAML (`--set questions='[A?, B?]'`).
 */
export function typeSetValue(raw: string, segments: readonly Segment[], schema: Schema | undefined, label = SET): unknown {
  const field = schema ? schemaAt(schema, segments) : undefined;
  const kind = field ? valueKind(field) : 'string';
  const shown = segments.join('.');
  switch (kind) {
    case 'number': {
      const value = Number(raw.replace(/_/g, ''));
      if (raw.trim() === '' || !Number.isFinite(value)) {
        throw new AfterviewError('INVALID_CONTEXT', `${label} ${shown}: "${raw}" is not a number; write digits only, such as 165000.`);
      }
      return value;
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new AfterviewError('INVALID_CONTEXT', `${label} ${shown}: "${raw}" must be true or false.`);
    case 'structured': {
      const where = `${label} ${shown}`;
      try {
        // The same guards as a context file: no alias bombs, no endless nesting, no prototype keys.
        return parseYamlText(raw, where).data;
      } catch (error) {
        // A syntax error comes with advice on YAML files; a refusal (too deep, a prototype key) says what it refuses.
        const refusal =
          error instanceof AfterviewError && !error.hint && error.summary.startsWith(where)
            ? error.summary.slice(where.length).replace(/^(:\d+)*:\s*/, '')
            : undefined;
        throw new AfterviewError(
          'INVALID_CONTEXT',
          refusal
            ? `${where}: ${refusal}`
            : `${where}: ${JSON.stringify(raw)} is not valid YAML for a list or mapping, e.g. '[first, second]'.`,
          { cause: error },
        );
      }
    }
    default:
      return raw;
  }
}

/**
 * A list item is set by its index. An index past the end leaves a gap that
 * validation then reports, but an index in the billions would make a list
 * that never ends, and a name on a list would set nothing a template reads.
 */
function checkSegment(current: object, segment: Segment, segments: readonly Segment[], index: number, label: string): void {
  if (!Array.isArray(current)) return;
  const list = formatPath(segments.slice(0, index)) || 'the context';
  if (typeof segment !== 'number') {
    throw new AfterviewError(
      'INVALID_CONTEXT',
      `${label} ${segments.join('.')}: ${list} is a list; give the number of an item (from 0) instead of "${segment}", e.g. ${label} ${[...segments.slice(0, index), 0].join('.')}=…`,
    );
  }
  if (segment >= MAX_COLLECTION_ENTRIES) {
    throw new AfterviewError(
      'INVALID_CONTEXT',
      `${label} ${segments.join('.')}: ${segment} is past the end of any list a context holds (at most ${MAX_COLLECTION_ENTRIES} items); ${list} has ${current.length === 1 ? '1 item' : `${current.length} items`}, so give an index from 0 to ${current.length} (${current.length} adds one at the end).`,
    );
  }
}

function assign(target: Record<string | number, unknown>, segments: readonly Segment[], value: unknown, label: string): void {
  let current: Record<string | number, unknown> = target;
  segments.forEach((segment, index) => {
    checkSegment(current, segment, segments, index, label);
    if (index === segments.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (next === null || typeof next !== 'object') {
      current[segment] = typeof segments[index + 1] === 'number' ? [] : {};
    }
    current = current[segment] as Record<string | number, unknown>;
  });
}

/** Applies `path=value` assignments in order on a copy of `context`; `label` names them in messages. */
export function applySets(
  context: Record<string, unknown>,
  assignments: readonly string[],
  schema?: Schema,
  label = SET,
): Record<string, unknown> {
  const result = structuredClone(context);
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals < 0) throw usage(`${label} "${assignment}" has no "=".`);
    const segments = parseSetPath(assignment.slice(0, equals), label);
    assign(result, segments, typeSetValue(assignment.slice(equals + 1), segments, schema, label), label);
  }
  return result;
}
