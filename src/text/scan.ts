/**
 * Scans of a typed value for what the compose rules (compose.ts) look at, from
 * the value's start or end, instead of a regular expression tried at every
 * position: templates call the helpers on the same few values in every part
 * of every message, and nearly every value is tidy already. Each gives what a
 * plain expression gives (test/helpers/plain-compose.ts; test/fast-paths.test.ts holds them to it).
 */

/** White space that `\s` matches outside ASCII. */
export function isNonAsciiSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// White space other than a space (the characters isNonAsciiSpace names, and \t to \r), a space
// doubled, or one at either end. Listed rather than written [^\S ]: the listed class is searched
// about twice as fast, and the whole search about twice as fast as reading each character in a
// loop, which a sentence-long value (a hundred characters and more) took over half a microsecond to do.
const UNTIDY_SPACE = /[\t-\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}|^ | $/;

/** Whether the text has no white space but single spaces between other characters. */
export function hasTidySpaces(text: string): boolean {
  return !UNTIDY_SPACE.test(text);
}

// Closing quotes and brackets that may follow a sentence's final mark: `"Done."` ends in a full stop.
export const CLOSERS = `"'”’»)]`;
const MARKS = '.,;:!?…';

/**
 * The text's final run of marks (. , ; : ! ? …) before any closing quotes and
 * brackets: how many marks, and the character before them.
 */
export function finalRun(text: string): { marks: number; before: number } {
  let index = text.length - 1;
  while (index >= 0 && CLOSERS.includes(text[index]!)) index--;
  let marks = 0;
  while (index >= 0 && MARKS.includes(text[index]!)) {
    index--;
    marks++;
  }
  return { marks, before: index >= 0 ? text.charCodeAt(index) : -1 };
}

// Made on first use, for a word with a character outside ASCII: reading Unicode's tables
// for it costs a cold start a tenth of a millisecond.
let letterOrDigit: RegExp | undefined;

/**
 * For a text ending in a full stop, the word before it: the run of letters,
 * digits, dots, apostrophes and hyphens (what `/([\p{L}\p{N}.'’-]+)\.$/u` would capture).
 */
export function lastWord(text: string): string | undefined {
  const end = text.length - 1;
  if (end < 1 || text.charCodeAt(end) !== 46) return undefined;
  let start = end;
  while (start > 0) {
    const c = text.charCodeAt(start - 1);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 39 || c === 45 || c === 0x2019) {
      start--;
    } else if (c < 128) {
      break;
    } else {
      // A character outside ASCII: one code unit, or two for a letter beyond the BMP.
      const pair = c >= 0xdc00 && c <= 0xdfff && start > 1 ? text.charCodeAt(start - 2) : 0;
      const width = pair >= 0xd800 && pair <= 0xdbff ? 2 : 1;
      if (!(letterOrDigit ??= /^[\p{L}\p{N}]$/u).test(text.slice(start - width, start))) break;
      start -= width;
    }
  }
  return start === end ? undefined : text.slice(start, end);
}

/**
 * Whether the first word is all lower case (so may be capitalised without
 * harm): the word being the first run of letters, digits, apostrophes and
 * hyphens after anything else, as `/^[^\p{L}\p{N}]*([\p{L}\p{N}'’-]+)/u` finds it.
 */
export function firstWordIsLowerCase(text: string): boolean {
  // A word of ASCII letters and digits at the very start, ended by ASCII or the end, is read here.
  const first = text.charCodeAt(0);
  if ((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || (first >= 48 && first <= 57)) {
    let lower = false;
    let upper = false;
    let i = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) lower = true;
      else if (c >= 65 && c <= 90) upper = true;
      else if (!((c >= 48 && c <= 57) || c === 39 || c === 45)) break;
    }
    if (i === text.length || text.charCodeAt(i) < 128) return lower && !upper;
  }
  const word = /^[^\p{L}\p{N}]*([\p{L}\p{N}'’-]+)/u.exec(text)?.[1];
  return word !== undefined && /\p{Ll}/u.test(word) && !/\p{Lu}/u.test(word);
}
