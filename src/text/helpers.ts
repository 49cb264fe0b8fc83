import type HandlebarsCompiler from 'handlebars';
import { registerAuthorHelpers } from './author-helpers.js';
import { rootOf } from './root.js';
import { capitalise, clause, list, phrase, phraseWithMark, question, sentence } from './compose.js';

/**
 * The Handlebars helpers every template (built-in or a user's own) composes
 * its sentences with, so that a value typed with or without its own
 * punctuation or capital reads right wherever it lands (rules in compose.ts):
 *
 *     {{sentence fit}}                   a value as a sentence of its own: "I have taught…" + "."
 *     {{phrase company "."}}             a value, then the template's mark, never doubled ("Acme Inc.")
 *     Dear {{phrase recipient.addressAs ","}}
 *     {{phrase topic}}                   mid-sentence: a final full stop the user typed is dropped
 *     met you {{clause interview.when}} about…   a US date mid-sentence gets its closing comma
 *     {{list interview.alsoDiscussed}}   "A, B and C" as the locale writes it; {{list items "."}} adds a mark
 *     {{list items "." or=true}}         "A, B or C"
 *     {{question this}}                  "How is the bonus paid?"
 *     {{capital role}}                   first letter up only when the first word is all lower case
 *     {{#variant 1}}…{{else variant 2}}…{{else}}…{{/variant}}
 *                                        the phrasing for this person: on a panel the first person
 *                                        gets 1, the second 2, and so on (cycling through 1–4), so
 *                                        that each note reads as its own; a single message gets 1
 *     {{#tone "brief"}}…{{else tone "formal"}}…{{else}}…{{/tone}}
 *                                        the wording for the context's `tone` (warm when none is
 *                                        given); a tone no branch names takes the {{else}}
 *
 * A subject or short message may also test `keep.role`, `keep.detail` and
 * `keep.company`: the renderer (render/fill.ts) tries the richest wording
 * first and leaves those out, in that order, until the part fits.
 *
 * Each takes text (or, for `list`, a list of text) and returns text, escaped
 * in HTML like any value. They read nothing but their arguments and the
 * view's own `locale` and `phrasing`: no property of a value is looked up.
 */

type Handlebars = typeof HandlebarsCompiler;

/** The tones a context may ask for: `{{#tone}}` picks among them, and templates/fields.ts declares the field from this list. */
export const tones = ['warm', 'formal', 'brief'] as const;
export type Tone = (typeof tones)[number];
const TONES: readonly unknown[] = tones;
type HelperOptions = HandlebarsCompiler.HelperOptions;

/** A helper's value as text: nothing for a missing one, an error naming the helper for a list or an object. */
export function helperText(value: unknown, helper: string): string {
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new TypeError(`{{${helper}}} takes text; it was given ${Array.isArray(value) ? 'a list' : typeof value}`);
}

/** The marks a template may put after a value (`{{phrase company "."}}`), or none. */
export const MARKS: readonly string[] = ['', '.', ',', ';', ':', '?', '!'];

/** A mark after a value: one of . , ; : ? ! or none; anything else is an error naming the helper. */
export function helperMark(value: unknown, helper: string): string {
  if (typeof value !== 'string' || !MARKS.includes(value)) {
    throw new TypeError(`{{${helper}}}: the punctuation after the value must be one of . , ; : ? ! (in quotes), not ${String(value)}`);
  }
  return value;
}

/** Handlebars passes the values given, then its options object (always last). */
function optionsOf(args: unknown[]): HelperOptions {
  return args[args.length - 1] as HelperOptions;
}

/** A value of the view's root, read only when the view itself holds it. */
function rootValue(root: unknown, key: string): unknown {
  return root !== null && typeof root === 'object' && Object.hasOwn(root, key) ? (root as Record<string, unknown>)[key] : undefined;
}

/** The tone `{{#tone}}` picks for a view: its own `tone`, warm when it has none. */
export function toneOf(root: unknown): string {
  const tone = rootValue(root, 'tone');
  return typeof tone === 'string' ? tone : 'warm';
}

/** The phrasing `{{#variant}}` picks for a view: its own `phrasing`, 1 when it has none. */
export function phrasingOf(root: unknown): unknown {
  const phrasing = rootValue(root, 'phrasing');
  return typeof phrasing === 'number' ? phrasing : 1;
}

/** The locale `{{list}}` writes a view's lists in: its own `locale`, en-US when it has none. */
export function localeOf(root: unknown): string {
  const locale = rootValue(root, 'locale');
  return typeof locale === 'string' ? locale : 'en-US';
}

/** `{{list items mark or=…}}` for a view: the items joined as its `locale` writes a list. */
export function helperList(value: unknown, root: unknown, listMark: string, or: boolean): string {
  const items = value ?? [];
  if (!Array.isArray(items)) throw new TypeError(`{{list}} takes a list of text; it was given ${typeof items}`);
  return list(
    items.map((item) => helperText(item, 'list')),
    localeOf(root),
    listMark,
    or ? 'disjunction' : 'conjunction',
  );
}

export const PHRASINGS = 4;

// The helpers read their arguments in place (args[0], args.length - 1 values) rather than
// copying them: each message calls them a hundred times or so.
export const composeHelpers = {
  sentence(...args: unknown[]): string {
    return sentence(helperText(args.length > 1 ? args[0] : undefined, 'sentence'));
  },
  question(...args: unknown[]): string {
    return question(helperText(args.length > 1 ? args[0] : undefined, 'question'));
  },
  capital(...args: unknown[]): string {
    return capitalise(helperText(args.length > 1 ? args[0] : undefined, 'capital'));
  },
  clause(...args: unknown[]): string {
    return clause(helperText(args.length > 1 ? args[0] : undefined, 'clause'));
  },
  phrase(...args: unknown[]): string {
    const value = helperText(args.length > 1 ? args[0] : undefined, 'phrase');
    return args.length > 2 ? phraseWithMark(value, helperMark(args[1], 'phrase')) : phrase(value);
  },
  list(...args: unknown[]): string {
    const options = optionsOf(args);
    return helperList(
      args.length > 1 ? args[0] : undefined,
      rootOf(options),
      args.length > 2 ? helperMark(args[1], 'list') : '',
      options.hash?.or === true,
    );
  },
  tone(this: unknown, ...args: unknown[]): string {
    const options = optionsOf(args);
    if (typeof options.fn !== 'function')
      throw new TypeError('{{tone}} is a block: {{#tone "brief"}}…{{else tone "formal"}}…{{else}}…{{/tone}}');
    const wanted = toneOf(rootOf(options));
    let named = false;
    for (let i = 0; i < args.length - 1; i++) {
      const value = args[i];
      if (typeof value !== 'string' || !TONES.includes(value)) {
        throw new TypeError(`{{tone}} takes the tones ${TONES.join(', ')}, not ${JSON.stringify(value)}`);
      }
      if (value === wanted) named = true;
    }
    return named ? options.fn(this) : options.inverse(this);
  },
  variant(this: unknown, ...args: unknown[]): string {
    const options = optionsOf(args);
    if (typeof options.fn !== 'function') throw new TypeError('{{variant}} is a block: {{#variant 1}}…{{else variant 2}}…{{/variant}}');
    const chosen = phrasingOf(rootOf(options));
    let named = false;
    for (let i = 0; i < args.length - 1; i++) {
      const value = args[i];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > PHRASINGS) {
        throw new TypeError(`{{variant}} takes phrasing numbers from 1 to ${PHRASINGS}, not ${String(value)}`);
      }
      if (value === chosen) named = true;
    }
    return named ? options.fn(this) : options.inverse(this);
  },
} as const;

/** The phrasing (1–4) for the person at this index of a panel. */
export function phrasingFor(index: number): number {
  return (index % PHRASINGS) + 1;
}

/** Registers the helpers on a Handlebars instance (the full compiler or the runtime). */
export function registerComposeHelpers(instance: Pick<Handlebars, 'registerHelper'>): void {
  for (const [name, helper] of Object.entries(composeHelpers)) instance.registerHelper(name, helper as HandlebarsCompiler.HelperDelegate);
  registerAuthorHelpers(instance);
}
