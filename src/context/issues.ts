import type * as z from 'zod/mini';
import type { ContextIssue } from '../errors.js';
import { escapeUnprintable, formatPath, type FieldPath, type Segment } from '../shared/path.js';
import { closestKey, keysAt, schemaAt, unwrap } from './schema-walk.js';
import { descriptionOf, type Schema } from '../shared/zod-schema.js';

export { formatPath } from '../shared/path.js';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.hasOwn(current, segment) ? (current as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a Date object';
  if (typeof value === 'object') return 'a mapping';
  // JSON quoting shows control characters (a line break as \n) instead of printing them.
  if (typeof value === 'string') {
    const characters = [...value];
    return escapeUnprintable(JSON.stringify(characters.length > 40 ? `${characters.slice(0, 40).join('')}…` : value));
  }
  return String(value);
}

export type Locate = (path: FieldPath) => string | undefined;

/**
 * Turns zod's issues into ones a person can act on: a missing field says what
 * it is for, an unknown key suggests the likely intended one, a wrong type says
 * what was found.
 */
export function toContextIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: Schema,
  input: unknown,
  locate: Locate = () => undefined,
): ContextIssue[] {
  const result: ContextIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is Segment => typeof s === 'string' || typeof s === 'number');
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, path);
      for (const key of issue.keys) {
        const suggestion = closestKey(key, known);
        const keyPath = [...path, key];
        result.push({
          path: formatPath(keyPath),
          message: `is not a field afterview knows${suggestion ? `; did you mean "${suggestion}"?` : ''}${
            known.length && !suggestion ? `; the fields here are ${known.join(', ')}` : ''
          }`,
          ...withSource(locate(keyPath)),
        });
      }
      continue;
    }
    const value = valueAt(input, path);
    result.push({ path: formatPath(path), message: messageFor(issue, value, schemaAt(schema, path)), ...withSource(locate(path)) });
  }
  return result;
}

function withSource(source: string | undefined): { source?: string } {
  return source === undefined ? {} : { source };
}

function messageFor(issue: z.core.$ZodIssue, value: unknown, fieldSchema: Schema | undefined): string {
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    const description = fieldSchema ? (descriptionOf(fieldSchema) ?? descriptionOf(unwrap(fieldSchema))) : undefined;
    return `is required${description ? ` (${description.replace(/\.$/, '')})` : ''}`;
  }
  switch (issue.code) {
    case 'invalid_type':
      // Our own messages say what to write; zod's default ("Invalid input") does not.
      return issue.message.startsWith('Invalid input')
        ? `must be ${article(issue.expected)}, not ${describeValue(value)}`
        : `${issue.message}, not ${describeValue(value)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${describeValue(value)}`;
    case 'invalid_format':
    case 'too_small':
    case 'too_big':
    case 'custom':
      return issue.message.startsWith('Too ') || issue.message.startsWith('Invalid')
        ? `${issue.message} (got ${describeValue(value)})`
        : issue.message === 'must not be empty' || value === undefined || typeof value === 'object'
          ? issue.message
          : `${describeValue(value)} ${issue.message}`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  const words: Record<string, string> = {
    object: 'a mapping of fields',
    array: 'a list',
    string: 'text',
    number: 'a number',
    boolean: 'true or false',
  };
  return words[expected] ?? expected;
}
