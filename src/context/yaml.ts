import { type CST, Composer, type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, Parser, parseDocument } from 'yaml';
import { AfterviewError, type AfterviewAdvice } from '../errors.js';
import type { Segment } from '../shared/path.js';
import { formatPath } from './issues.js';
import { findUnsafeData, MAX_CONTEXT_DEPTH } from './plain-data.js';
import { syntaxError } from './syntax-error.js';
import { parseSimpleYaml } from './simple-yaml.js';

/**
 * YAML (and JSON, which is YAML) as a user wrote it, read with guards against
 * whatever could exhaust time or memory or reach an object's prototype, and
 * able to say on which line each field was written.
 */

/**
 * More entries than any list or mapping in a real context holds (the longest,
 * `holidays`, takes 60); a bound that keeps checking a document fast, since
 * finding duplicate keys in a mapping takes time that grows with its square.
 */
export const MAX_COLLECTION_ENTRIES = 1000;

/** Enough aliases for any real reuse of an anchor, too few for an exponential "billion laughs" document. */
const MAX_ALIAS_COUNT = 100;

function nodeAt(document: Document, path: readonly Segment[]): Node | undefined {
  let node: unknown = document.contents;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return undefined;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return undefined;
    }
  }
  return node && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
}

function keyNodeAt(document: Document, path: readonly Segment[]): Node | undefined {
  const parent = path.length > 1 ? nodeAt(document, path.slice(0, -1)) : document.contents;
  if (!isMap(parent)) return undefined;
  const last = String(path[path.length - 1]);
  const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === last);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

function invalidInput(message: string, advice?: AfterviewAdvice): AfterviewError {
  return new AfterviewError('INVALID_INPUT', message, advice === undefined ? {} : { advice });
}

/**
 * Measures the document's nesting and its largest list or mapping before it is
 * composed: YAML's concrete syntax tree is built without recursion, while
 * composing it recurses once per level.
 */
function checkShape(tokens: readonly CST.Token[], label: string, lineCounter: LineCounter): void {
  const stack: Array<[CST.Token, number]> = tokens.map((token) => [token, 0]);
  const where = (offset: number) => `${label}:${lineCounter.linePos(offset).line}`;
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const level = depth + 1;
    if (level > MAX_CONTEXT_DEPTH) {
      throw invalidInput(
        `${where(token.offset)}: the lists and mappings here are nested more than ${MAX_CONTEXT_DEPTH} levels deep, far more than a context needs (its deepest field is recipients.0.interview.alsoDiscussed.0).`,
      );
    }
    if (token.items.length > MAX_COLLECTION_ENTRIES) {
      throw invalidInput(
        `${where(token.offset)}: this ${token.type === 'block-seq' || (token.type === 'flow-collection' && token.start.source === '[') ? 'list' : 'mapping'} has ${token.items.length} entries; a context needs far fewer (at most ${MAX_COLLECTION_ENTRIES} in one list or mapping). Is it the right file?`,
      );
    }
    for (const item of token.items) {
      if (item.key) stack.push([item.key, level]);
      if (item.value) stack.push([item.value, level]);
    }
  }
}

function describeObject(value: object): string {
  if (value instanceof Date) return 'a YAML 1.1 timestamp';
  if (value instanceof Uint8Array) return 'binary data (!!binary)';
  if (value instanceof Set) return 'a set (!!set)';
  if (value instanceof Map) return 'an ordered map (!!omap)';
  return `a ${value.constructor?.name ?? 'special'} value`;
}

/**
 * Checks the composed data, where aliases may have made it deeper than its text
 * or made a value contain itself, and refuses keys that name an object
 * prototype and values JSON has no word for.
 */
function checkValues(data: unknown, label: string, locate: (path: Segment[]) => string | undefined): void {
  const unsafe = findUnsafeData(data);
  if (!unsafe) return;
  const where = locate(unsafe.path) ?? label;
  const path = formatPath(unsafe.path);
  switch (unsafe.kind) {
    case 'prototype-key':
      throw invalidInput(`${where}: the key "${path}" is not allowed (it names an object prototype). Remove it.`);
    case 'cycle':
      throw invalidInput(
        `${where}: ${path} contains itself (a YAML alias inside its own anchor); a context cannot be circular. Remove the alias.`,
      );
    case 'depth':
      throw invalidInput(
        `${where}: the lists and mappings at ${path} are nested more than ${MAX_CONTEXT_DEPTH} levels deep through YAML aliases, far more than a context needs.`,
      );
    case 'exotic':
      throw invalidInput(
        `${where}: ${path || 'the document'} is ${describeObject(unsafe.value)}, which a context cannot hold; write plain text, numbers, lists and mappings (dates as "2026-11-24", with no %YAML 1.1 line).`,
      );
  }
}

interface ParsedYaml {
  data: unknown;
  locate(path: readonly Segment[]): string | undefined;
}

/**
 * The YAML document, its concrete syntax tree checked first (see checkShape).
 * The tree is built once and composed from, as `parseDocument` would; a
 * document with anything to report (an error, a warning, a second document)
 * is parsed again by `parseDocument` itself, which words and places it.
 */
function parseChecked(text: string, label: string): { document: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  checkShape(tokens, label, lineCounter);
  const options = { lineCounter, prettyErrors: true, uniqueKeys: true };
  const documents = Array.from(new Composer(options).compose(tokens, true, text.length));
  const [document] = documents;
  if (documents.length === 1 && document!.errors.length === 0 && document!.warnings.length === 0)
    return { document: document!, lineCounter };
  const fresh = new LineCounter();
  return { document: parseDocument(text, { ...options, lineCounter: fresh }), lineCounter: fresh };
}

/**
 * Parses YAML (or JSON, which is YAML) that a user wrote, refusing whatever
 * could exhaust time or memory (aliases that expand without bound, nesting
 * without end, huge collections) or reach an object's prototype. A syntax error
 * is worded for JSON when `json` is set (by default, for a label ending in .json).
 */
export function parseYamlText(text: string, label: string, options: { json?: boolean } = {}): ParsedYaml {
  if (text.includes('\u0000')) {
    throw invalidInput(`${label} is not a text file (it contains NUL bytes); give a YAML or JSON context, saved as UTF-8.`);
  }
  const simple = parseSimpleYaml(text);
  if (simple) {
    // Where a field was written is asked only to report a problem: the full parser places it then.
    let full: ParsedYaml | undefined;
    const locate = (path: readonly Segment[]) => (full ??= parseFully(text, label, options)).locate(path);
    checkValues(simple.data, label, locate);
    return { data: simple.data, locate };
  }
  return parseFully(text, label, options);
}

/**
 * Whether a file's name says it holds JSON: it ends in ".json", in any case. (A scan, not a
 * pattern: V8 compiles a pattern on first use, which a cold render would pay for one test.)
 */
export function namesJson(label: string): boolean {
  return label.length >= 5 && label.slice(-5).toLowerCase() === '.json';
}

function parseFully(text: string, label: string, options: { json?: boolean }): ParsedYaml {
  const { document, lineCounter } = parseChecked(text, label);
  if (document.errors.length > 0) {
    throw syntaxError(text, label, document.errors[0]!, options.json ?? namesJson(label));
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml package counts what each alias expands to and gives up past the bound ("billion laughs").
    throw new AfterviewError(
      'INVALID_INPUT',
      `${label}: its YAML aliases (*name) expand to far more than a context holds, as a "billion laughs" attack would; write the values out instead of nesting aliases.`,
      { cause: error },
    );
  }
  const locate = (path: readonly Segment[]): string | undefined => {
    // The key's line is where a person looks, even when the value starts on the next one.
    const node = keyNodeAt(document, path) ?? nodeAt(document, path);
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : `${label}:${lineCounter.linePos(offset).line}`;
  };
  checkValues(data, label, locate);
  return { data, locate };
}
