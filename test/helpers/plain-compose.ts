import { ABBREVIATIONS, COMMON_WORDS, finalMark, withoutCharAt } from '../../src/text/compose.js';

/**
 * The compose rules as they were first written, each step with its regular
 * expression and each rule tidying its text again: what compose.ts's faster
 * scans give, more slowly. The tests (test/fast-paths.test.ts) hold the fast ones to these.
 */
const FINAL_MARKS = /\s*([.,;:!?…]{2,})(["'”’»)\]]*)$/u;

function tidySpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function tidyEnd(text: string): string {
  const tidy = tidySpaces(text).replace(/\s+([.,;:!?…]+["'”’»)\]]*)$/u, '$1');
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

function lastWord(text: string): string | undefined {
  return /([\p{L}\p{N}.'’-]+)\.$/u.exec(text)?.[1]?.replace(/^.*[\s(]/u, '');
}

function endsWithAbbreviation(text: string): boolean {
  const word = lastWord(text);
  if (word === undefined) return false;
  if (/^(\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

function phrase(text: string): string {
  let result = tidyEnd(text);
  for (;;) {
    const end = finalMark(result);
    if (!end || '!…'.includes(end.mark)) return result;
    if (end.mark === '.' && endsWithAbbreviation(result.slice(0, end.index + 1))) return result;
    result = withoutCharAt(result, end.index);
  }
}

function punctuate(text: string, mark: string): string {
  const tidy = tidyEnd(text);
  if (mark === '') return tidy;
  if (tidy === '') return '';
  const end = finalMark(tidy);
  if (!end) return tidy + mark;
  const abbreviation = end.mark === '.' && endsWithAbbreviation(tidy.slice(0, end.index + 1));
  if (end.mark === '.' && !abbreviation && ',;:'.includes(mark)) return withoutCharAt(tidy, end.index) + mark;
  if ('?!…'.includes(end.mark) || (end.mark === '.' && !abbreviation)) {
    if (mark === '.' || mark === ',' || mark === ';' || mark === ':') return tidy;
    return end.mark === '.' ? withoutCharAt(tidy, end.index) + mark : tidy;
  }
  if (abbreviation) return mark === '.' ? tidy : tidy + mark;
  return punctuate(withoutCharAt(tidy, end.index), mark);
}

function firstWordIsLowerCase(text: string): boolean {
  const word = /^[^\p{L}\p{N}]*([\p{L}\p{N}'’-]+)/u.exec(text)?.[1];
  return word !== undefined && /\p{Ll}/u.test(word) && !/\p{Lu}/u.test(word);
}

function capitalise(text: string): string {
  const tidy = tidySpaces(text);
  if (!firstWordIsLowerCase(tidy)) return tidy;
  return tidy.replace(/\p{Ll}/u, (letter) => letter.toUpperCase());
}

function capitalisedCommonWord(text: string): string | undefined {
  const match = /^\s*(\p{Lu}\p{Ll}*)(?![\p{L}\p{N}'’-])[\s,;:.]*(\S*)/u.exec(text);
  const word = match?.[1];
  const next = match?.[2] ?? '';
  if (word === undefined || word === 'I') return undefined;
  const lower = word.toLowerCase();
  if (COMMON_WORDS.has(lower)) return word;
  const verbLike = lower.length > 5 && lower.endsWith('ing') && !lower.endsWith('jing') && !/^\p{Lu}/u.test(next);
  return verbLike ? word : undefined;
}

export const plainCompose = {
  tidySpaces,
  tidyEnd,
  /** The word before a final full stop, or undefined. */
  lastWord,
  listItem: (phrased: string): string => phrased.replace(/\s*(?:!+|…|\.{3,})$/u, ''),
  phrase,
  punctuate,
  phraseWithMark: (text: string, mark: string): string => punctuate(phrase(text), mark),
  clause(text: string): string {
    const value = phrase(text);
    return value.includes(',') ? punctuate(value, ',') : value;
  },
  capitalise,
  sentence(text: string): string {
    const tidy = tidySpaces(text);
    return tidy === '' ? '' : punctuate(capitalise(tidy), '.');
  },
  question(text: string): string {
    const tidy = tidySpaces(text);
    return tidy === '' ? '' : punctuate(capitalise(tidy), '?');
  },
  /** The capitalised common word a value starts with, which advice names. */
  capitalisedCommonWord,
};
