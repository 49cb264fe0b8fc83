import { authorHelpers } from '../text/author-helpers.js';
import { capitalise, clause, phrase, phraseWithMark, question, sentence } from '../text/compose.js';
import { helperList, helperText, localeOf, MARKS, phrasingOf, toneOf } from '../text/helpers.js';

/**
 * What the built-in templates' generated code (codegen.ts) calls at run time: Handlebars'
 * semantics, for the few constructs those templates use, without its machinery. Each
 * function here behaves as Handlebars 4 does, compiled with `strict: true` and no data
 * frames (parts.ts), for the same template:
 *
 * - a `{{path}}` the view lacks throws as strict mode does (the reads themselves, own
 *   properties only, as Handlebars' default prototype-access rules allow, are written out
 *   where they are made: `read` in codegen.ts);
 * - HTML is escaped exactly as `Handlebars.escapeExpression` escapes it;
 * - `{{#if}}`, `{{#each}}` and the compose helpers (text/helpers.ts) take the same values
 *   and give the same text, with the same errors for values of the wrong kind.
 *
 * test/fast-paths.test.ts holds every template, tone, phrasing and fitting step to the
 * text Handlebars itself renders.
 */

/** The error of strict mode for a `{{path}}` the view does not have, as Handlebars words it. */
export function missing(parent: unknown, name: string, line: number, column: number): never {
  // biome-ignore lint/style/useTemplate: `+` turns the value into text as Handlebars does (valueOf first), a template literal would not.
  throw new Error(`"${name}" not defined in ` + parent + ` - ${line}:${column}`);
}

/** An error thrown inside a partial, naming the partial's file. */
export function inPartial(error: unknown, file: string): Error {
  return new Error(`${file}: ${(error as { message?: unknown } | undefined)?.message}`, { cause: error });
}

/** A value that is a function is called, with the context as `this` (Handlebars' lambdas). */
export function lambda(value: unknown, context: unknown): unknown {
  return typeof value === 'function' ? (value as (this: unknown) => unknown).call(context) : value;
}

/** A value as text: nothing for null and undefined, as Handlebars appends it. */
export function show(value: unknown): unknown {
  return value === undefined || value === null ? '' : value;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};
const UNSAFE = /[&<>"'`=]/;
const UNSAFE_ALL = /[&<>"'`=]/g;

/** A value as HTML, as `Handlebars.escapeExpression` writes it. */
export function escapeHtml(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value && typeof (value as { toHTML?: unknown }).toHTML === 'function') return (value as { toHTML(): string }).toHTML();
  else if (value === undefined || value === null) return '';
  // biome-ignore lint/style/useTemplate: `+` turns the value into text as Handlebars does (valueOf first), a template literal would not.
  else if (!value) return value + '';
  // biome-ignore lint/style/useTemplate: as above.
  else text = '' + value;
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, (char) => ESCAPES[char]!) : text;
}

/** `{{#if value}}` once a function value has been called: false for a falsy value (0 included) and for an empty list. */
export function isTrue(condition: unknown): boolean {
  return Boolean(condition) && !(Array.isArray(condition) && condition.length === 0);
}

/** `{{#if value}}`: false for a falsy value (0 included) and for an empty list. */
export function truthy(value: unknown, context: unknown): boolean {
  return isTrue(lambda(value, context));
}

/**
 * What `{{#each value}}` iterates: a list's items (holes skipped), an iterable's, or an object's
 * own enumerable values; null when its `{{else}}` is written instead, as Handlebars decides it
 * (for a list, by its length, holes included).
 */
export function items(value: unknown, context: unknown): readonly unknown[] | null {
  const each = lambda(value, context);
  if (!each || typeof each !== 'object') return null;
  if (Array.isArray(each)) {
    if (each.length === 0) return null;
    for (let i = 0; i < each.length; i++) if (!(i in each)) return each.filter((_, index) => index in each);
    return each;
  }
  const iterator = (each as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  const all = iterator ? Array.from(each as Iterable<unknown>) : Object.keys(each).map((key) => (each as Record<string, unknown>)[key]);
  return all.length === 0 ? null : all;
}

/** A partial on a line of its own, with every line it writes indented as that line is (Handlebars' `indent`). */
export function indent(text: string, by: string): string {
  // Most partials write one line, with or without its line break: split and join only text with more.
  const lineBreak = text.indexOf('\n');
  if (lineBreak === -1 || lineBreak === text.length - 1) return text === '' ? '' : by + text;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i] && i + 1 === lines.length) break;
    lines[i] = by + lines[i];
  }
  return lines.join('\n');
}

// The most results a compose function keeps for one message: more than any message composes
// (a template has a few dozen places that compose a value). Past it, values are composed again.
const REMEMBERED = 64;

// The view the results below were composed for, and the stores holding some. Every part of a
// message and every try at fitting its subject and short message is filled from the same view.
let keptFor: unknown;
const inUse: Array<Store<unknown>> = [];

/**
 * Results kept for one message, in a short list searched value by value: a message composes
 * a dozen values or so, each a few times, and the values it is given are nearly always the
 * view's own strings (compared by identity before content). Emptying it allocates nothing,
 * where a Map's clear() made a new table for every store and message.
 */
class Store<K> {
  keys: K[] = [];
  results: string[] = [];
  count = 0;

  add(key: K, result: string): void {
    if (this.count === REMEMBERED) return;
    if (this.count === 0) inUse.push(this);
    this.keys[this.count] = key;
    this.results[this.count++] = result;
  }

  /** Drops every result, and the references to the values they were composed from. */
  empty(): void {
    const { keys, results, count } = this;
    // A loop: the few entries a message leaves cost less so than two calls of fill().
    for (let i = 0; i < count; i++) {
      keys[i] = undefined as K;
      results[i] = '';
    }
    this.count = 0;
  }
}

/** Notes the view being filled: every store is emptied when another view's message begins, so that none outlives its message. */
function composingFor(view: unknown): void {
  if (view === keptFor) return;
  for (const store of inUse) store.empty();
  inUse.length = 0;
  keptFor = view;
}

/**
 * A compose function that keeps its results for one message, by value. Every part of a
 * message, and every try at fitting its subject and short message, composes the same few
 * values (a message calls the helpers a hundred times or so, on a dozen values), and the
 * rules in compose.ts scan each value again each time. The result depends on the value
 * alone (the functions are pure), so one found here is the one composing it again would give.
 */
function remembered(compose: (text: string) => string, helper: string): (value: unknown, view: unknown) => string {
  const store = new Store<string>();
  return (value, view) => {
    const text = helperText(value, helper);
    composingFor(view);
    const { keys, count } = store;
    for (let i = 0; i < count; i++) if (keys[i] === text) return store.results[i]!;
    const result = compose(text);
    store.add(text, result);
    return result;
  };
}

/** A `{{list}}` call as it is kept: the items (copied), the view's locale, the mark and the kind of list. */
interface ListKey {
  items: readonly string[];
  locale: string;
  mark: string;
  or: boolean;
}

const lists = new Store<ListKey>();

/** Whether `value` holds the same text items as `items`, in the same order. */
function sameItems(value: readonly unknown[], items: readonly string[]): boolean {
  if (value.length !== items.length) return false;
  for (let i = 0; i < items.length; i++) if (value[i] !== items[i]) return false;
  return true;
}

/** `{{list}}`, kept as `remembered` keeps the others: by the items, the view's locale, the mark and the kind of list. */
function rememberedList(value: unknown, view: unknown, mark: string, or: boolean): string {
  if (!Array.isArray(value)) return helperList(value, view, mark, or);
  const locale = localeOf(view);
  composingFor(view);
  for (let i = 0; i < lists.count; i++) {
    const key = lists.keys[i]!;
    if (key.locale === locale && key.mark === mark && key.or === or && sameItems(value, key.items)) return lists.results[i]!;
  }
  const result = helperList(value, view, mark, or);
  // Only a list of text is kept (a hole reads as undefined): a list of anything else never matches one kept.
  const items: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') return result;
    items.push(item);
  }
  lists.add({ items, locale, mark, or }, result);
  return result;
}

const phraseWith = Object.fromEntries(MARKS.map((mark) => [mark, remembered((text) => phraseWithMark(text, mark), 'phrase')]));

/** The compose helpers, called with their values (the marks were checked when the code was generated). */
export const compose = {
  sentence: remembered(sentence, 'sentence'),
  question: remembered(question, 'question'),
  capital: remembered(capitalise, 'capital'),
  clause: remembered(clause, 'clause'),
  phrase: remembered(phrase, 'phrase'),
  phraseWithMark: (value: unknown, mark: string, view: unknown) => phraseWith[mark]!(value, view),
  list: rememberedList,
};

/** Everything the generated code is given. */
export const codegenRuntime = {
  isTrue,
  missing,
  inPartial,
  lambda,
  show,
  escapeHtml,
  truthy,
  items,
  indent,
  compose,
  toneOf,
  phrasingOf,
  author: authorHelpers,
};
export type CodegenRuntime = typeof codegenRuntime;
