/**
 * A quick reading of the YAML most context files are written in: block mappings
 * and lists of one-line values, plain or quoted, with comments — what `init`
 * writes and people copy. The full parser (the `yaml` package, behind the
 * hardened reading in yaml.ts) costs a cold `afterview render` several
 * milliseconds more than everything it reads; this reads the common case in a
 * fraction of that.
 *
 * It never guesses: for anything outside that plain style (flow collections,
 * block scalars, anchors, tags, escapes, a value continued on the next line, a
 * repeated key, odd indentation, tabs, unusual characters) it returns
 * undefined and the full parser reads the document, reports its errors and
 * places them. For what it does read, it gives exactly what the full parser
 * gives (test/simple-yaml.test.ts compares the two on generated documents).
 */

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

interface Line {
  indent: number;
  /** The line without its indentation and trailing spaces. */
  text: string;
}

/** Left to the full parser: tabs, CR, control and format characters, line and paragraph separators, a byte order mark. */
const UNSUPPORTED = /[\t\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
// The checks below are written without regular expressions where a set or a scan says the same:
// V8 compiles a pattern on its first use and again on its second, some 0.05–0.2 ms each, and a
// cold `afterview render` reads one small file (README, "Performance").
/** Characters a plain value may not start with, or that start something this reader leaves to the full parser. */
const INDICATORS = '-?:,[]{}#&*!|>\'"%@`';
// YAML 1.2's core schema, as the yaml package resolves a plain value (null, booleans, numbers).
const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const BOOLEANS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const NUMBER_LIKE =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
/** Whole numbers this reader converts itself (amounts such as 165000); other numbers go to the full parser. */
const PLAIN_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;

/**
 * Whether NUMBER_LIKE could match: every number starts with a digit, a sign or a point, and has
 * a sign nowhere else but after its exponent's e. Most values (names, sentences, dates) fail
 * this, and are never put to the pattern.
 */
function mayBeNumber(text: string): boolean {
  const first = text.charCodeAt(0);
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return false;
  for (let i = 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code === 43 || code === 45) && text[i - 1] !== 'e' && text[i - 1] !== 'E') return false;
  }
  return true;
}

/** After a quoted value: nothing, or a comment (one or more spaces, then "#"). The reader's lines hold no line break. */
function isNothingOrComment(rest: string): boolean {
  let spaces = 0;
  while (rest.charCodeAt(spaces) === 32) spaces += 1;
  return rest.length === 0 || (spaces > 0 && rest.charCodeAt(spaces) === 35);
}

const isKeyStart = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isKeyCharacter = (code: number) => isKeyStart(code) || (code >= 48 && code <= 57) || code === 45;

/**
 * A mapping entry, `key:` or `key: value` (a key of ASCII letters, digits, "_" and "-" that
 * starts with a letter or "_"; then one or more spaces before the value): the key, and the
 * value as written (undefined after a bare colon); undefined when the line is not one.
 */
function entryOf(text: string): { key: string; rest: string | undefined } | undefined {
  if (!isKeyStart(text.charCodeAt(0))) return undefined;
  let end = 1;
  while (end < text.length && isKeyCharacter(text.charCodeAt(end))) end += 1;
  if (text.charCodeAt(end) !== 58) return undefined;
  const key = text.slice(0, end);
  let at = end + 1;
  if (at === text.length) return { key, rest: undefined };
  if (text.charCodeAt(at) !== 32) return undefined;
  while (text.charCodeAt(at) === 32) at += 1;
  return { key, rest: text.slice(at) };
}
/** Deeper than any context's fields (see MAX_CONTEXT_DEPTH); the full parser refuses what is too deep. */
const MAX_DEPTH = 12;
const MAX_LINES = 2000;

/** A value that this reader leaves to the full parser. */
const UNREAD = Symbol('unread');
type Read<T> = T | typeof UNREAD;

/** `[a, b]` of plain or quoted values without commas, `[]` or `{}`: the one-line flow lists examples write. */
function flow(raw: string): Read<Value> {
  const close = raw[0] === '[' ? ']' : '}';
  const end = raw.indexOf(close);
  if (end < 0 || !isNothingOrComment(raw.slice(end + 1))) return UNREAD;
  const inner = raw.slice(1, end);
  if (/^ *$/.test(inner)) return close === ']' ? [] : {};
  if (close === '}' || /[[\]{}#:]/.test(inner)) return UNREAD;
  const items: Value[] = [];
  for (const piece of inner.split(',')) {
    const item = withoutTrailingSpaces(piece.replace(/^ +/, ''));
    const value = item === '' ? UNREAD : scalar(item);
    if (value === UNREAD || typeof value === 'object') return UNREAD;
    items.push(value);
  }
  return items;
}

function scalar(raw: string): Read<Value> {
  const quote = raw[0];
  if (quote === '[' || quote === '{') return flow(raw);
  if (quote === '"') {
    const end = raw.indexOf('"', 1);
    const body = raw.slice(1, end);
    if (end < 0 || body.includes('\\') || !isNothingOrComment(raw.slice(end + 1))) return UNREAD;
    return body;
  }
  if (quote === "'") {
    let body = '';
    let at = 1;
    for (;;) {
      const end = raw.indexOf("'", at);
      if (end < 0) return UNREAD;
      body += raw.slice(at, end);
      if (raw[end + 1] !== "'") {
        return isNothingOrComment(raw.slice(end + 1)) ? body : UNREAD;
      }
      body += "'";
      at = end + 2;
    }
  }
  if (raw.length > 0 && INDICATORS.includes(raw[0]!)) return UNREAD;
  const comment = raw.indexOf(' #');
  const plain = withoutTrailingSpaces(comment < 0 ? raw : raw.slice(0, comment));
  if (plain.includes(': ') || plain.endsWith(':')) return UNREAD;
  if (NULLS.has(plain)) return null;
  if (BOOLEANS.has(plain)) return plain[0] === 't' || plain[0] === 'T';
  if (mayBeNumber(plain) && NUMBER_LIKE.test(plain)) return PLAIN_INTEGER.test(plain) ? Number(plain) : UNREAD;
  return plain;
}

/** Without its trailing spaces: only U+0020, which is all YAML strips (JavaScript's trimEnd also takes a no-break space). */
function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end -= 1;
  return text.slice(0, end);
}

const isListItem = (text: string) => text === '-' || text.startsWith('- ');
const isEmptyValue = (rest: string | undefined) => rest === undefined || rest === '' || rest.startsWith('#');

class Reader {
  #at = 0;
  readonly #lines: readonly Line[];

  constructor(lines: readonly Line[]) {
    this.#lines = lines;
  }

  document(): Read<Value> {
    const first = this.#lines[0];
    if (!first || first.indent !== 0 || isListItem(first.text)) return UNREAD;
    const value = this.#mapping(0, first.text, 1);
    return this.#at === this.#lines.length ? value : UNREAD;
  }

  #indentHere(): number {
    return this.#lines[this.#at]?.indent ?? -1;
  }

  /** The value of a key written with nothing after its colon: what the lines below it hold, else null. */
  #nested(indent: number, depth: number): Read<Value> {
    const next = this.#lines[this.#at];
    if (next && next.indent > indent) {
      return isListItem(next.text) ? this.#list(next.indent, depth) : this.#mapping(next.indent, next.text, depth);
    }
    // A list may sit at its key's own indentation ("key:\n- a").
    if (next && next.indent === indent && isListItem(next.text)) return this.#list(indent, depth);
    return null;
  }

  /** A mapping whose keys are at `indent`, the first of them in `text` (the current line, or what follows its "- "). */
  #mapping(indent: number, text: string, depth: number): Read<Value> {
    if (depth > MAX_DEPTH) return UNREAD;
    const map: { [key: string]: Value } = {};
    for (;;) {
      const entry = entryOf(text);
      if (!entry) return UNREAD;
      const { key, rest } = entry;
      // A key YAML reads as null or a boolean becomes "" or "true" in JavaScript: the full parser's business.
      if (Object.hasOwn(map, key) || key === '__proto__' || NULLS.has(key) || BOOLEANS.has(key)) return UNREAD;
      this.#at += 1;
      let value: Read<Value>;
      if (isEmptyValue(rest)) {
        value = this.#nested(indent, depth + 1);
      } else {
        value = scalar(rest!);
        // A deeper line after a value continues it, which this reader leaves to the full parser.
        if (this.#indentHere() > indent) return UNREAD;
      }
      if (value === UNREAD) return UNREAD;
      map[key] = value;
      const next = this.#lines[this.#at];
      if (!next || next.indent < indent) return map;
      if (next.indent > indent || isListItem(next.text)) return UNREAD;
      text = next.text;
    }
  }

  /** A list whose "- " marks are at `indent`. */
  #list(indent: number, depth: number): Read<Value> {
    if (depth > MAX_DEPTH) return UNREAD;
    const list: Value[] = [];
    for (let line = this.#lines[this.#at]; line && line.indent === indent && isListItem(line.text); line = this.#lines[this.#at]) {
      let start = 2;
      while (line.text[start] === ' ') start += 1;
      const rest = line.text.slice(start);
      if (isEmptyValue(rest) || isListItem(rest)) return UNREAD;
      let item: Read<Value>;
      if (entryOf(rest)) {
        item = this.#mapping(indent + start, rest, depth + 1);
      } else {
        item = scalar(rest);
        this.#at += 1;
      }
      if (item === UNREAD) return UNREAD;
      list.push(item);
    }
    return this.#indentHere() > indent ? UNREAD : list;
  }
}

/**
 * The data of a YAML document written in the plain block style, or undefined
 * when it is written otherwise (the full parser then reads it). A document
 * that is not a mapping at the top is left to the full parser too.
 */
export function parseSimpleYaml(text: string): { data: { [key: string]: Value } } | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent += 1;
    const content = withoutTrailingSpaces(raw.slice(indent));
    if (content === '' || content.startsWith('#')) continue;
    // Directives and document markers: the full parser's business.
    if (indent === 0 && (content.startsWith('---') || content.startsWith('...') || content.startsWith('%'))) return undefined;
    lines.push({ indent, text: content });
    if (lines.length > MAX_LINES) return undefined;
  }
  const data = new Reader(lines).document();
  return data === UNREAD || data === null || typeof data !== 'object' || Array.isArray(data) ? undefined : { data };
}
