/**
 * greetingName and givenName as first written (every pattern run on every
 * name): the reference that src/text/greeting.ts's quicker forms are held to
 * (test/greeting.test.ts).
 */
import { capitalise, tidySpaces } from '../../src/text/compose.js';
import { inCjkScript, koreanGivenName, nameWords } from '../../src/text/greeting.js';

const { SURNAME_TITLES, GIVEN_NAME_TITLES, PARTICLES, SUFFIXES } = nameWords;

function bare(word: string): string {
  return word.replace(/\.$/, '').toLowerCase();
}

function withoutPostNominals(name: string): string {
  const [main] = name.split(',');
  return main!.trim();
}

function surname(words: string[]): string {
  if (words.length === 1) return words[0]!;
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!.toLowerCase())) start--;
  return words.slice(start).join(' ');
}

export function greetingName(fullName: string): string {
  const name = tidySpaces(fullName);
  if (inCjkScript(name) || koreanGivenName(name) !== undefined) return name;
  const nickname = /["“”'‘’]([^"“”'‘’]+)["“”'‘’]/u.exec(name)?.[1];
  const words = withoutPostNominals(name)
    .replace(/["“][^"”]*["”]/gu, ' ')
    .split(' ')
    .filter((word) => word !== '' && !SUFFIXES.test(word));
  if (words.length === 0) return name;
  const first = bare(words[0]!);
  if (words.length > 1 && SURNAME_TITLES.has(first)) {
    return `${words[0]} ${surname(words.slice(1))}`;
  }
  if (words.length > 1 && GIVEN_NAME_TITLES.has(first)) return `${words[0]} ${words[1]}`;
  if (nickname !== undefined && !nickname.includes(' ')) return capitalise(nickname);
  const given = words.find((word, index) => index === words.length - 1 || !/^\p{L}\.$/u.test(word)) ?? words[0]!;
  return capitalise(given);
}

export function givenName(fullName: string): string {
  const name = tidySpaces(fullName);
  if (inCjkScript(name)) return name;
  const korean = koreanGivenName(name);
  if (korean !== undefined) return korean;
  const words = withoutPostNominals(name)
    .split(' ')
    .filter((word) => word !== '' && !SURNAME_TITLES.has(bare(word)) && !GIVEN_NAME_TITLES.has(bare(word)));
  return words[0] ?? name;
}
