/**
 * Composing sentences from values a person typed. Every template joins its own
 * words to the user's through these functions (as Handlebars helpers, see
 * helpers.ts), so that the rules live in one place:
 *
 * - punctuation is never doubled or made to clash: "Acme Inc." followed by the
 *   template's full stop stays "Acme Inc.", "Ms. Santos," followed by a comma
 *   stays "Ms. Santos,", "the next curriculum?" never gains a full stop;
 * - abbreviations keep their dot ("Inc.", "K.K.", "S.A.", "Ms.", "Ltd.");
 * - a value placed mid-sentence or in a list loses a final full stop it was
 *   typed with;
 * - a sentence's first letter is capitalised only when its first word is all
 *   lower case, so "iOS", "eBay" and "macOS" stay as typed.
 */

import { formatList } from '../format/values.js';
import { CLOSERS, finalRun, firstWordIsLowerCase, hasTidySpaces, isNonAsciiSpace, lastWord } from './scan.js';

// Abbreviations whose final dot is part of the word, not the end of a sentence (lower case, without the final dot).
export const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'inc',
  'ltd',
  'co',
  'corp',
  'bros',
  'plc',
  'pty',
  'mfg',
  'assn',
  'intl',
  'dept',
  'univ',
  'mr',
  'mrs',
  'ms',
  'mx',
  'dr',
  'prof',
  'jr',
  'sr',
  'st',
  'rev',
  'hon',
  'capt',
  'col',
  'gen',
  'sgt',
  'lt',
  'no',
  'vs',
  'etc',
  'approx',
  'dipl',
  'ing',
  'av',
  'ave',
  // Job titles: "Senior Firmware Eng.", "Office Mgr.", "TIG welder (ISO 9606-1 cert.)".
  'eng',
  'mgr',
  'asst',
  'assoc',
  'coord',
  'supt',
  'cert',
]);

const SPACES = /\s+/g;

/** Collapses runs of white space to one space and trims the ends. */
export function tidySpaces(text: string): string {
  return hasTidySpaces(text) ? text : text.replace(SPACES, ' ').trim();
}

const FINAL_MARKS = /\s*([.,;:!?…]{2,})(["'”’»)\]]*)$/u;
/**
 * White space tidied, and a run of marks typed at the end cut to the one that
 * matters: "Ms..," → "Ms.", "really?." → "really?", "and so on...." → "and so on...".
 */
export function tidyEnd(text: string): string {
  return tidyEndOf(tidySpaces(text));
}

/**
 * Each rule below starts from the value with its spaces tidied; what the rules
 * hand on to one another is tidy already (the fast-paths test checks), so the
 * `…Of` forms take a tidy text and do not scan it again.
 */
function tidyEndOf(spaced: string): string {
  let tidy = spaced;
  const end = finalRun(tidy);
  if (end.marks === 0) return tidy;
  // A space before the final marks ("the budget .") goes.
  if (end.before === 32 || (end.before >= 0 && isNonAsciiSpace(end.before))) tidy = tidy.replace(/\s+([.,;:!?…]+["'”’»)\]]*)$/u, '$1');
  else if (end.marks < 2) return tidy;
  return tidy.replace(FINAL_MARKS, (_, run: string, closers: string) => {
    const kept = run.includes('?')
      ? '?'
      : run.includes('!')
        ? '!'
        : run.startsWith('...') || run.includes('…')
          ? '...'
          : run.includes('.')
            ? '.'
            : run[0]!;
    return kept + closers;
  });
}

/** Whether the text's last word is an abbreviation whose dot belongs to it ("Acme Inc.", "Kōbe Seiki K.K.", "U.S."). */
export function endsWithAbbreviation(text: string): boolean {
  const word = lastWord(text);
  if (word === undefined) return false;
  // Dotted initialisms: "K.K", "S.A", "e.g", "Ph.D", "U.S". Only a word with a dot inside is
  // tried: the pattern's first use costs a cold render a third of a millisecond.
  if (word.includes('.') && /^(\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** The final mark (. ? ! … , ; :) of the text, looking inside closing quotes and brackets. */
export function finalMark(text: string): { mark: string; index: number } | undefined {
  let index = text.length - 1;
  while (index >= 0 && CLOSERS.includes(text[index]!)) index--;
  const mark = text[index];
  // Three dots typed for an ellipsis count as one.
  if (mark === '.' && text.slice(index - 2, index + 1) === '...') return { mark: '…', index };
  return mark !== undefined && '.?!…,;:'.includes(mark) ? { mark, index } : undefined;
}

export function withoutCharAt(text: string, index: number): string {
  return (text.slice(0, index).trimEnd() + text.slice(index + 1)).trimEnd();
}

/**
 * A value as it reads mid-sentence or as a list item: white space tidied, a
 * final full stop, question mark, comma, semicolon or colon dropped ("our
 * conversation about the next curriculum?" is not a question). An
 * abbreviation keeps its dot, and an exclamation mark stays: it is part of a
 * name such as "Yahoo!".
 */
export function phrase(text: string): string {
  return phraseOf(tidySpaces(text));
}

/**
 * Whether a text ends in an ASCII letter or digit: then no rule below changes its end (no final
 * run of marks, no closer), so a phrase is the text itself and a mark simply follows it. Most
 * values end so (names, companies, topics), and every message composes each of them again.
 */
function endsInLetterOrDigit(text: string, end = text.length): boolean {
  const last = text.charCodeAt(end - 1);
  return (last >= 97 && last <= 122) || (last >= 65 && last <= 90) || (last >= 48 && last <= 57);
}

function phraseOf(tidy: string): string {
  if (endsInLetterOrDigit(tidy)) return tidy;
  let result = tidyEndOf(tidy);
  for (;;) {
    const end = finalMark(result);
    if (!end || '!…'.includes(end.mark)) return result;
    // "Inc." keeps its dot.
    if (end.mark === '.' && endsWithAbbreviation(result.slice(0, end.index + 1))) return result;
    result = withoutCharAt(result, end.index);
  }
}

/**
 * The text followed by a punctuation mark, without doubling or clashing with
 * what the text already ends with.
 *
 * @example punctuate('Acme Inc.', '.') === 'Acme Inc.'
 * @example punctuate('Acme Inc.', ',') === 'Acme Inc.,'
 * @example punctuate('the next curriculum?', '.') === 'the next curriculum?'
 * @example punctuate('Ms. Santos,', ',') === 'Ms. Santos,'
 */
export function punctuate(text: string, mark: string): string {
  return punctuateOf(tidySpaces(text), mark);
}

/** A phrase followed by a mark, as `{{phrase value "."}}` writes it. */
export function phraseWithMark(text: string, mark: string): string {
  return punctuateOf(phrase(text), mark);
}

function punctuateOf(spaced: string, mark: string): string {
  if (endsInLetterOrDigit(spaced)) return spaced + mark;
  // Ending in the very mark asked for (or none), once, after a letter or digit ("Thank you for your
  // time." and "."): every rule below keeps the text as it is, an abbreviation's dot included.
  if (spaced.endsWith(mark) && endsInLetterOrDigit(spaced, spaced.length - 1)) return spaced;
  const tidy = tidyEndOf(spaced);
  if (mark === '') return tidy;
  if (tidy === '') return '';
  const end = finalMark(tidy);
  if (!end) return tidy + mark;
  const abbreviation = end.mark === '.' && endsWithAbbreviation(tidy.slice(0, end.index + 1));
  if (end.mark === '.' && !abbreviation && ',;:'.includes(mark)) {
    // A full stop typed at the end of a value that the sentence goes on after.
    return withoutCharAt(tidy, end.index) + mark;
  }
  if ('?!…'.includes(end.mark) || (end.mark === '.' && !abbreviation)) {
    // The text ends a sentence already: a full stop after it would double, a comma would clash.
    if (mark === '.' || mark === ',' || mark === ';' || mark === ':') return tidy;
    // A question mark replaces a full stop typed by mistake ("What is the bonus." → "What is the bonus?").
    return end.mark === '.' ? withoutCharAt(tidy, end.index) + mark : tidy;
  }
  if (abbreviation) return mark === '.' ? tidy : tidy + mark;
  // Ends in , ; or : — the template's mark takes its place.
  return punctuateOf(withoutCharAt(tidy, end.index), mark);
}

/**
 * A value inside a sentence that goes on after it: one written with a comma,
 * such as a US date ("Thursday, November 19") or a place ("Austin, Texas"),
 * gets its closing comma ("on Thursday, November 19, about the role").
 */
export function clause(text: string): string {
  const value = phrase(text);
  return value.includes(',') ? punctuateOf(value, ',') : value;
}

/** Capitalises the first letter when the first word is all lower case: "i have taught" → "I have taught"; "iOS" stays. */
export function capitalise(text: string): string {
  return capitaliseOf(tidySpaces(text));
}

function capitaliseOf(tidy: string): string {
  if (!firstWordIsLowerCase(tidy)) return tidy;
  const first = tidy.charCodeAt(0);
  // Most often the first letter is the first character, in ASCII.
  if (first >= 97 && first <= 122) return String.fromCharCode(first - 32) + tidy.slice(1);
  return tidy.replace(/\p{Ll}/u, (letter) => letter.toUpperCase());
}

/** A value written as a sentence of its own: capitalised as above, ending in . ! ? or … */
export function sentence(text: string): string {
  const tidy = tidySpaces(text);
  return tidy === '' ? '' : punctuateOf(capitaliseOf(tidy), '.');
}

/** A value written as a question: capitalised as above, ending in a question mark. */
export function question(text: string): string {
  const tidy = tidySpaces(text);
  return tidy === '' ? '' : punctuateOf(capitaliseOf(tidy), '?');
}

/** An item of a list: a phrase without a final exclamation mark or ellipsis. */
function listItem(item: string): string {
  return trimListEnd(phrase(item));
}

/** Without a final exclamation mark or ellipsis. */
export function trimListEnd(value: string): string {
  // Only a value ending in one of those marks can lose anything (most end in a letter).
  return '!….'.includes(value.at(-1) ?? 'x') ? value.replace(/\s*(?:!+|…|\.{3,})$/u, '') : value;
}

/**
 * Items joined as the locale writes a list ("A, B and C", or "A, B, and C" in
 * en-US), each as a phrase (no final full stop), with `mark` after the last.
 */
export function list(items: readonly string[], locale = 'en-US', mark = '', type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  // An exclamation mark or an ellipsis may stay mid-sentence, but not before the list's commas.
  const phrases = items.map(listItem).filter((item) => item !== '');
  return phrases.length === 0 ? '' : punctuate(formatList(phrases, locale, type), mark);
}

// Words that start a phrase in lower case when written mid-sentence: articles, pronouns, common verbs and nouns.
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the this that these those my our your their his her its some any each every all both more most ' +
    'and or but to for of in on at by with from about into over after before during as ' +
    'i we you they he she it what how why when where which who ' +
    'is are was were be been being have has had do does did can could will would should may might must ' +
    'discuss discussing help helping build building lead leading manage managing improve improving ' +
    'training support supporting review reviewing work working plan planning teaching reducing ' +
    'new better great good first next last one two three several many other another'
  ).split(' '),
);

/**
 * The first word of a value placed mid-sentence, when it is capitalised but
 * looks like a common word ("Documenting patient recall", "A relocation
 * allowance"): the text is left as typed, and the caller advises the user.
 */
export function capitalisedCommonWord(text: string): string | undefined {
  // A value starting with a character of ASCII other than a capital or white space (most start
  // in lower case) cannot match: the pattern's first uses cost a cold render over half a millisecond.
  const first = text.charCodeAt(0);
  if (first < 128 && !(first >= 65 && first <= 90) && first !== 32 && !(first >= 9 && first <= 13)) return undefined;
  const match = /^\s*(\p{Lu}\p{Ll}*)(?![\p{L}\p{N}'’-])[\s,;:.]*(\S*)/u.exec(text);
  const word = match?.[1];
  const next = match?.[2] ?? '';
  if (word === undefined || word === 'I') return undefined;
  const lower = word.toLowerCase();
  if (COMMON_WORDS.has(lower)) return word;
  // "Documenting patient recall" reads as a verb; "Spring Boot" or "Reading Festival" is a name.
  const verbLike = lower.length > 5 && lower.endsWith('ing') && !lower.endsWith('jing') && !/^\p{Lu}/u.test(next);
  return verbLike ? word : undefined;
}
