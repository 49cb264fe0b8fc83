/**
 * Tidies what templates leave behind when an optional sentence is left out:
 * no doubled spaces, no space before punctuation, no run of empty lines, no
 * trailing blanks. Templates stay readable without whitespace gymnastics.
 */

const SPACE_BEFORE_PUNCTUATION = /[ \t]+([,.;:!?)])/g;
const INNER_SPACES = /(\S)[ \t]{2,}/g;

export function normalizeText(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(INNER_SPACES, '$1 ').replace(SPACE_BEFORE_PUNCTUATION, '$1').trimEnd());
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/** A subject line: one line, single spaces. */
export function normalizeLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(SPACE_BEFORE_PUNCTUATION, '$1').trim();
}
