import { isNonAsciiSpace } from '../text/scan.js';

/**
 * Tidies what templates leave behind when an optional sentence is left out:
 * no doubled spaces, no space before punctuation, no run of empty lines, no
 * trailing blanks. Templates stay readable without whitespace gymnastics.
 */

// Only before punctuation that ends a phrase (followed by a space or the end):
// a value that starts with punctuation, such as the role ".NET Developer", keeps its space.
const SPACE_BEFORE_PUNCTUATION = /[ \t]+([,.;:!?)])(?=\s|$)/g;
const INNER_SPACES = /(\S)[ \t]{2,}/g;

// Trailing whitespace of each line (what trimEnd removes), without the line break itself.
const TRAILING_SPACE = /[^\S\n]+(?=\n|$)/g;

// A space that the tidy-up below would remove or merge: doubled, before a mark or a line break.
const SPACE_TO_TIDY = / [ ,.;:!?)\n]/;

/** Without the line breaks at the start and end. */
function trimLineBreaks(text: string): string {
  let start = 0;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  while (start < end && text.charCodeAt(start) === 10) start++;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** White space other than a line break (what `\s` matches). */
function isSpaceBesidesLineBreak(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13 || (c >= 128 && isNonAsciiSpace(c));
}

/**
 * Whether the tidy-up below would change more than blank lines: a carriage return or a tab
 * anywhere, a space doubled or before a mark or line break, or any white space ending a line.
 * Checked with scans that run at the speed of a search for one character (white space other
 * than a space or a tab changes nothing mid-line, so only the ends of lines are looked at);
 * one pattern of every case, tried at every position, cost a long message several microseconds.
 */
function needsTidying(text: string): boolean {
  if (text.includes('\r') || text.includes('\t') || SPACE_TO_TIDY.test(text)) return true;
  const last = text.length - 1;
  if (last >= 0 && text.charCodeAt(last) !== 10 && isSpaceBesidesLineBreak(text.charCodeAt(last))) return true;
  for (let lineBreak = text.indexOf('\n', 1); lineBreak !== -1; lineBreak = text.indexOf('\n', lineBreak + 1)) {
    const before = text.charCodeAt(lineBreak - 1);
    if (before !== 10 && isSpaceBesidesLineBreak(before)) return true;
  }
  return false;
}

/**
 * Each run of three line breaks or more cut to two (what `replace(/\n{3,}/g, '\n\n')` does), by
 * searches for the runs and slices between them: a letter's text with a paragraph left out has
 * one or two such runs, and the pattern took 0.4 µs to rewrite a thousand characters, the slices 0.15.
 */
function withoutBlankRuns(text: string): string {
  let run = text.indexOf('\n\n\n');
  if (run === -1) return text;
  let result = '';
  let from = 0;
  while (run !== -1) {
    result += text.slice(from, run + 2);
    from = run + 3;
    while (text.charCodeAt(from) === 10) from++;
    run = text.indexOf('\n\n\n', from);
  }
  return result + text.slice(from);
}

export function normalizeText(text: string): string {
  // Most messages are tidy already: then only the template's final line break goes, and the
  // blank lines an optional paragraph left out leaves behind.
  if (!needsTidying(text)) return trimLineBreaks(withoutBlankRuns(text));
  // Line by line in effect, but over the whole text at once: none of these patterns crosses a line break.
  return (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text)
    .replace(INNER_SPACES, '$1 ')
    .replace(SPACE_BEFORE_PUNCTUATION, '$1')
    .replace(TRAILING_SPACE, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

// Anything in a line (its final line break gone) that the tidy-up would change.
const UNTIDY_LINE = /[^\S ]| [ ,.;:!?)]|^ | $/;

/** A subject line: one line, single spaces. */
export function normalizeLine(text: string): string {
  const line = trimLineBreaks(text);
  if (!UNTIDY_LINE.test(line)) return line;
  return text.replace(/\s+/g, ' ').replace(SPACE_BEFORE_PUNCTUATION, '$1').trim();
}

/**
 * The same tidy-up done plainly, line by line: what `normalizeText` and
 * `normalizeLine` give, more slowly. The tests hold the fast ones to these.
 */
export const plainTidyUp = {
  text: (text: string): string =>
    text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.replace(INNER_SPACES, '$1 ').replace(SPACE_BEFORE_PUNCTUATION, '$1').trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/^\n+|\n+$/g, ''),
  line: (text: string): string => text.replace(/\s+/g, ' ').replace(SPACE_BEFORE_PUNCTUATION, '$1').trim(),
};
