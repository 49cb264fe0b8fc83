/**
 * The first syntax error in a JSON text, worded in JSON's terms and placed
 * where a person fixes it: an unclosed string or bracket where it opens, a
 * missing comma before the entry that lacks it. Contexts are read by the YAML
 * parser (JSON is YAML), whose messages speak of "flow maps" and "block
 * scalars"; this is asked only once that parser has failed on a JSON file.
 */

export interface JsonSyntaxError {
  /** Offset in the text (UTF-16 code units). */
  offset: number;
  /** What is wrong, as the rest of a sentence: "a comma is missing before this". */
  message: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function describeCharacter(c: string): string {
  if (c === "'") return "a single quote ('); JSON text goes in double quotes";
  if (/[\p{Cc}\p{Cf}]/u.test(c)) return `an invisible character (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
  return `"${c}"`;
}

/** Returns the first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Each open bracket: its offset, and what its closing bracket is.
  const open: Array<{ offset: number; close: '}' | ']' }> = [];
  const fail = (offset: number, message: string): JsonSyntaxError => ({ offset, message });

  const skipSpace = (): JsonSyntaxError | undefined => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i += 1;
    return text.startsWith('//', i) || text.startsWith('/*', i) ? fail(i, 'JSON has no comments; remove it') : undefined;
  };

  /** A string starting at text[i] === '"'. */
  const string = (): JsonSyntaxError | undefined => {
    const start = i;
    i += 1;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i += 1;
        return undefined;
      }
      if (c === '\n' || c === '\r') break;
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === undefined || next === '\n' || next === '\r') break;
        else return fail(i, `"\\${next}" is not an escape JSON knows; write \\\\ for a backslash`);
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return fail(i, 'a control character (such as a tab) must be written as an escape (\\t) inside JSON text');
      i += 1;
    }
    return fail(start, 'this text has no closing double quote on its line; end it with "');
  };

  const scalar = (): JsonSyntaxError | undefined => {
    const c = text[i]!;
    if (c === '"') return string();
    const word = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (word && !/[\w.]/.test(text[i + word[0].length] ?? '')) {
      i += word[0].length;
      return undefined;
    }
    if (/[A-Za-z_]/.test(c)) {
      const bare = /^[\w.-]+/.exec(text.slice(i, i + 200))![0];
      return fail(i, `${bare} must be in double quotes ("${bare}"), unless it is a number, true, false or null`);
    }
    if (/[\d.+-]/.test(c))
      return fail(i, 'this is not a number JSON can read (digits, an optional - and decimal point; no + or leading zeros)');
    return fail(i, `a value was expected here, not ${describeCharacter(c)}`);
  };

  let problem: JsonSyntaxError | undefined;
  // What may come next: a name (in an object), a value, or else a comma, a closing bracket or the end.
  let expectValue = true;
  let expectKey = false;
  for (;;) {
    problem = skipSpace();
    if (problem) return problem;
    const top = open.at(-1);
    if (i >= text.length) {
      if (top) return fail(top.offset, `this ${top.close === '}' ? '{' : '['} is never closed; end it with ${top.close}`);
      return expectValue ? fail(i, 'there is nothing here; a context is a JSON object, {…}') : undefined;
    }
    const c = text[i]!;
    if (expectKey) {
      if (c === '}' && lastNonSpace(text, i) === '{') {
        open.pop();
        i += 1;
        expectKey = false;
        expectValue = false;
        continue;
      }
      if (c === '}') return fail(lastNonSpaceOffset(text, i), 'a comma after the last entry; remove it');
      if (c !== '"') {
        if (c === "'") return fail(i, 'names go in double quotes, not single quotes');
        const bare = /^[\w$-]+/.exec(text.slice(i, i + 200))?.[0];
        return fail(
          i,
          bare
            ? `the name ${bare} must be in double quotes ("${bare}")`
            : `a name in double quotes was expected here, not ${describeCharacter(c)}`,
        );
      }
      problem = string();
      if (problem) return problem;
      problem = skipSpace();
      if (problem) return problem;
      if (text[i] !== ':') return fail(i, 'a colon (:) is missing after the name');
      i += 1;
      expectKey = false;
      expectValue = true;
      continue;
    }
    if (expectValue) {
      if (c === ']' && top?.close === ']' && lastNonSpace(text, i) === '[') {
        open.pop();
        i += 1;
        expectValue = false;
        continue;
      }
      if (c === ']' && top?.close === ']') return fail(lastNonSpaceOffset(text, i), 'a comma after the last item; remove it');
      if (c === '{' || c === '[') {
        open.push({ offset: i, close: c === '{' ? '}' : ']' });
        i += 1;
        expectKey = c === '{';
        expectValue = c === '[';
        continue;
      }
      problem = scalar();
      if (problem) return problem;
      expectValue = false;
      continue;
    }
    if (!top) return fail(i, 'there is more after the end of the JSON; a context is one object');
    if (c === top.close) {
      open.pop();
      i += 1;
      continue;
    }
    if (c === ',') {
      i += 1;
      expectKey = top.close === '}';
      expectValue = top.close === ']';
      continue;
    }
    if (c === '}' || c === ']')
      return fail(i, `this ${c} does not match the ${top.close === '}' ? '{' : '['} it closes; end it with ${top.close}`);
    if (c === ':' && top.close === ']') return fail(i, 'a list holds values, not name: value pairs; use {…} for those');
    return fail(i, 'a comma is missing before this');
  }
}

function lastNonSpaceOffset(text: string, before: number): number {
  let j = before - 1;
  while (j >= 0 && WHITESPACE.has(text[j]!)) j -= 1;
  return j;
}

function lastNonSpace(text: string, before: number): string | undefined {
  return text[lastNonSpaceOffset(text, before)];
}
