/**
 * Guards on a context's data before anything walks it: whatever arrives (a
 * YAML document with aliases, an object an embedding application built), it
 * must be a finite tree of plain values, a few levels deep, with no key that
 * names an object prototype.
 */

import type { Segment } from '../shared/path.js';

/**
 * Far deeper than any real context, whose deepest field is five levels down
 * (`recipients[0].interview.alsoDiscussed[0]`); a bound so that nesting without
 * end is refused by name rather than overflowing the stack.
 */
export const MAX_CONTEXT_DEPTH = 32;

/** Keys that would reach an object's prototype if merged naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type UnsafeData =
  /** A key such as `__proto__`, at `path` (which ends with it). */
  | { kind: 'prototype-key'; path: Segment[] }
  /** A value that contains itself. */
  | { kind: 'cycle'; path: Segment[] }
  /** Nesting deeper than MAX_CONTEXT_DEPTH. */
  | { kind: 'depth'; path: Segment[] }
  /** An object that is not a plain mapping or a list (a Date, a Map, binary data). */
  | { kind: 'exotic'; path: Segment[]; value: object };

/**
 * The first thing in `data` that is not a finite tree of plain values, or
 * undefined. Recursion is safe: it stops at MAX_CONTEXT_DEPTH.
 */
export function findUnsafeData(data: unknown, options: { allowExotic?: boolean } = {}): UnsafeData | undefined {
  // Nearly every context is safe: a walk that only says so, without keeping a path, comes first
  // (render() checks every context); the walk below finds what and where when there is something.
  if (isSafe(data, 0, [], options.allowExotic === true)) return undefined;
  const ancestors = new Set<object>();
  // One path, grown and shrunk as the walk goes (render() checks every context, so this walk is
  // on the hot path); a finding takes a copy.
  const path: Segment[] = [];
  const visit = (value: unknown): UnsafeData | undefined => {
    if (value === null || typeof value !== 'object') return undefined;
    if (ancestors.has(value)) return { kind: 'cycle', path: [...path] };
    if (path.length >= MAX_CONTEXT_DEPTH) return { kind: 'depth', path: [...path] };
    const list = Array.isArray(value);
    if (!list) {
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        return options.allowExotic ? undefined : { kind: 'exotic', path: [...path], value };
      }
    }
    ancestors.add(value);
    for (const key of Object.keys(value)) {
      path.push(list ? Number(key) : key);
      if (!list && FORBIDDEN_KEYS.has(key)) return { kind: 'prototype-key', path: [...path] };
      const found = visit((value as Record<string, unknown>)[key]);
      if (found) return found;
      path.pop();
    }
    ancestors.delete(value);
    return undefined;
  };
  return visit(data);
}

/** Whether `findUnsafeData` finds nothing in `value`, at `depth` keys below the top, inside `ancestors`. */
export function isSafe(value: unknown, depth: number, ancestors: object[], allowExotic: boolean): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (ancestors.includes(value) || depth >= MAX_CONTEXT_DEPTH) return false;
  const list = Array.isArray(value);
  if (!list) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return allowExotic;
  }
  ancestors.push(value);
  for (const key of Object.keys(value)) {
    if (!list && FORBIDDEN_KEYS.has(key)) return false;
    if (!isSafe((value as Record<string, unknown>)[key], depth + 1, ancestors, allowExotic)) return false;
  }
  ancestors.pop();
  return true;
}
