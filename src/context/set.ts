import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AfterviewError } from '../errors.js';
import { schemaAt, valueKind } from './schema-walk.js';

type Segment = string | number;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function usage(message: string): AfterviewError {
  return new AfterviewError('USAGE', message, {
    hint: 'Write --set as path=value, e.g. --set recipient.name="Ana Ruiz" or --set offer.base=165000.',
  });
}

/** `recipients[1].email` or `recipients.1.email` → ['recipients', 1, 'email']. */
export function parseSetPath(path: string): Segment[] {
  if (path.trim() === '') throw usage('--set needs a field path before "=".');
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match || (match[1] === '' && match[2] === '')) throw usage(`--set path "${path}" is not a field path.`);
    if (match[1] !== '') segments.push(/^\d+$/.test(match[1]!) ? Number(match[1]) : match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  for (const segment of segments) {
    if (typeof segment === 'string' && FORBIDDEN_KEYS.has(segment)) {
      throw usage(`--set path "${path}" is not allowed: "${segment}" names an object prototype.`);
    }
  }
  return segments;
}

/**
 * Types a value given as text the way the schema expects it at that path:
 * `--set role=2024` stays text, `--set offer.base=165000` becomes a number, and
 * a list or mapping is read as YAML (`--set questions='[A?, B?]'`).
 */
export function typeSetValue(raw: string, segments: readonly Segment[], schema: z.ZodType | undefined): unknown {
  const field = schema ? schemaAt(schema, segments) : undefined;
  const kind = field ? valueKind(field) : 'string';
  const shown = segments.join('.');
  switch (kind) {
    case 'number': {
      const value = Number(raw.replace(/_/g, ''));
      if (raw.trim() === '' || !Number.isFinite(value)) {
        throw new AfterviewError('INVALID_CONTEXT', `--set ${shown}: "${raw}" is not a number; write digits only, such as 165000.`);
      }
      return value;
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new AfterviewError('INVALID_CONTEXT', `--set ${shown}: "${raw}" must be true or false.`);
    case 'structured':
      try {
        return parseYaml(raw, { maxAliasCount: 100 });
      } catch (error) {
        throw new AfterviewError('INVALID_CONTEXT', `--set ${shown}: "${raw}" is not valid YAML for a list or mapping, e.g. '[first, second]'.`, { cause: error });
      }
    default:
      return raw;
  }
}

function assign(target: Record<string | number, unknown>, segments: readonly Segment[], value: unknown): void {
  let current: Record<string | number, unknown> = target;
  segments.forEach((segment, index) => {
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

/** Applies `--set path=value` options in order on a copy of `context`. */
export function applySets(context: Record<string, unknown>, assignments: readonly string[], schema?: z.ZodType): Record<string, unknown> {
  const result = structuredClone(context);
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals < 0) throw usage(`--set "${assignment}" has no "=".`);
    const segments = parseSetPath(assignment.slice(0, equals));
    assign(result, segments, typeSetValue(assignment.slice(equals + 1), segments, schema));
  }
  return result;
}
