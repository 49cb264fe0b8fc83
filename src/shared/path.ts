/** One step of a path into a context: a key, or the index of a list item. */
export type Segment = string | number;

/** A field's place in a context, such as `['recipients', 1, 'email']`. */
export type FieldPath = readonly Segment[];

// Control and format characters (an escape sequence, a bidirectional override)
// would act on the terminal that prints the message instead of being read.
// Made on first use: reading Unicode's tables for it costs a cold start a quarter of a
// millisecond, and only a message naming a field needs it.
let unprintable: RegExp | undefined;
const LONGEST_KEY_SHOWN = 60;

/** Text with control and format characters written as `\uXXXX`, so that printing it cannot act on a terminal. */
export function escapeUnprintable(text: string): string {
  return text.replace((unprintable ??= /[\p{Cc}\p{Cf}\u2028\u2029]/gu), (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** A key as a message shows it: unprintable characters escaped, a very long key cut short. */
function showKey(key: string): string {
  const characters = [...key];
  return escapeUnprintable(characters.length > LONGEST_KEY_SHOWN ? `${characters.slice(0, LONGEST_KEY_SHOWN).join('')}…` : key);
}

/** `recipients.1.email`: the path as a user writes it in a `set` assignment (`--set recipients.1.email=…`). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => (typeof segment === 'number' ? String(segment) : showKey(String(segment)))).join('.');
}

/** Splits `recipients.1.email` (as `formatPath` writes it; `recipients[1].email` too) back into segments. */
export function splitPath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const text = match[2] ?? match[1]!;
    segments.push(/^(0|[1-9]\d*)$/.test(text) ? Number(text) : text);
  }
  return segments;
}
