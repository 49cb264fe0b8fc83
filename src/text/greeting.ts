import { capitalise, tidySpaces } from './compose.js';

/**
 * How to greet someone whose `addressAs` was not given, as a person writing to
 * them would: "Dr. Amara Nwosu" → "Dr. Nwosu", "Patricia Gómez, RN, MSN" →
 * "Patricia", "Kevin Brooks" → "Kevin". A name written in a CJK script (family
 * name first) keeps the form the user gave, since the given name alone would
 * be too familiar and reordering it would be wrong; so does a Korean name
 * romanised in that order ("Kim Min-seo"), whose first word is the family name.
 */

// Titles that go before the surname ("Dr. Nwosu", "Principal Santos"), lower case and without a dot.
const SURNAME_TITLES = new Set([
  'dr',
  'doctor',
  'prof',
  'professor',
  'mr',
  'mrs',
  'ms',
  'mx',
  'miss',
  'rev',
  'reverend',
  'rabbi',
  'judge',
  'justice',
  'hon',
  'principal',
  'dean',
  'capt',
  'captain',
  'maj',
  'major',
  'col',
  'colonel',
  'lt',
  'lieutenant',
  'gen',
  'general',
  'sgt',
  'sergeant',
  'officer',
  'coach',
  'chef',
  'herr',
  'frau',
  'sr',
  'sra',
  'srta',
  'mme',
  'mlle',
  'm',
]);
// Titles that go before the given name ("Sir John", "Sister Mary").
const GIVEN_NAME_TITLES = new Set(['sir', 'dame', 'lord', 'lady', 'sister', 'brother', 'father', 'fr', 'imam']);
// Words that begin a surname: "van Beethoven", "de la Cruz", "bin Laden", "Al Nahyan".
const PARTICLES = new Set([
  'van',
  'von',
  'de',
  'del',
  'della',
  'der',
  'den',
  'da',
  'di',
  'du',
  'la',
  'le',
  'dos',
  'das',
  'bin',
  'ibn',
  'al',
  'el',
  'ter',
  'ten',
  'st',
  'st.',
  'mac',
  'ap',
]);
// Generational suffixes, which are not part of how one greets a person.
const SUFFIXES = /^(jr|sr|ii|iii|iv)\.?$/i;

// Korean family names as they are romanised (each spelling in use), for names written family
// name first as Koreans write them in English: "Kim Min-seo", "Park Ji-hoon".
const KOREAN_FAMILY_NAMES = new Set(
  (
    'kim gim lee yi rhee park pak bak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han oh seo suh ' +
    'shin sin kwon gwon hwang ahn an song yoo yu ryu hong jeon jun chun ko go moon mun yang son bae baek paik heo hur ' +
    'nam noh roh ha kwak sung seong cha joo ju woo min na jin ji um eom chae won bang gong hyun byun byeon yeo chu do pyo ki'
  ).split(' '),
);
/** The given name of a Korean name romanised family name first ("Kim Min-seo" → "Min-seo"), else undefined. */
export function koreanGivenName(name: string): string | undefined {
  const space = name.indexOf(' ');
  if (space < 0 || name.indexOf(' ', space + 1) >= 0 || !KOREAN_FAMILY_NAMES.has(name.slice(0, space).toLowerCase())) return undefined;
  const given = name.slice(space + 1);
  // A romanised Korean given name of two syllables is written with a hyphen and the second in
  // lower case ("Min-seo", "Ji-hoon"), unlike a Western double name ("Jean-Luc", "Anne-Marie").
  // Written here, not in the module's scope: making a pattern of Unicode classes costs a start
  // half a millisecond (see inCjkScript), and only a name after a Korean family name needs it.
  return /^\p{Lu}\p{Ll}+-\p{Ll}+$/u.test(given) ? given : undefined;
}

let cjk: RegExp | undefined;

/**
 * Whether the name is written in Chinese, Japanese or Korean script. Making the pattern reads
 * Unicode's script tables, which costs a cold start half a millisecond, and most names are in
 * Latin letters: the pattern is made, and run, only for a name with a character from U+1100
 * up, where the first of these scripts (Hangul Jamo) begins.
 */
export function inCjkScript(name: string): boolean {
  let beyondLatin = false;
  for (let i = 0; i < name.length && !beyondLatin; i++) beyondLatin = name.charCodeAt(i) >= 0x1100;
  if (!beyondLatin) return false;
  cjk ??= /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  return cjk.test(name);
}

/** A word as the title lists hold it: lower case, without one final full stop. */
function bare(word: string): string {
  return (word.endsWith('.') ? word.slice(0, -1) : word).toLowerCase();
}

/** The name without post-nominal letters and degrees: "Patricia Gómez, RN, MSN" → "Patricia Gómez". */
function withoutPostNominals(name: string): string {
  const comma = name.indexOf(',');
  return (comma < 0 ? name : name.slice(0, comma)).trim();
}

// The quotation marks a nickname is written in. A name without any (nearly every name) skips the patterns that look for one.
const QUOTES = /["“”'‘’]/;

/** How to address a person after "Dear", from their full name. */
export function greetingName(fullName: string): string {
  const name = tidySpaces(fullName);
  if (inCjkScript(name) || koreanGivenName(name) !== undefined) return name;
  const quoted = QUOTES.test(name);
  // A nickname in quotes is what they go by: Robert "Bob" Smith.
  const nickname = quoted ? /["“”'‘’]([^"“”'‘’]+)["“”'‘’]/u.exec(name)?.[1] : undefined;
  const main = withoutPostNominals(name);
  const words = (quoted ? main.replace(/["“][^"”]*["”]/gu, ' ') : main).split(' ').filter((word) => word !== '' && !SUFFIXES.test(word));
  if (words.length === 0) return name;
  const first = bare(words[0]!);
  if (words.length > 1 && SURNAME_TITLES.has(first)) {
    return `${words[0]} ${surname(words.slice(1))}`;
  }
  if (words.length > 1 && GIVEN_NAME_TITLES.has(first)) return `${words[0]} ${words[1]}`;
  if (nickname !== undefined && !nickname.includes(' ')) return capitalise(nickname);
  // A leading initial ("J. Robert Oppenheimer"): the person goes by the next name.
  // (Only a word ending in a dot is tried as an initial: making the pattern costs a cold start a tenth of a millisecond.)
  const given = words.find((word, index) => index === words.length - 1 || !(word.endsWith('.') && /^\p{L}\.$/u.test(word))) ?? words[0]!;
  return capitalise(given);
}

/**
 * The name a person signs a short note with: the given name ("Marty Hale-Evans" → "Marty";
 * "Kim Min-seo" → "Min-seo"), a CJK name as written.
 */
export function givenName(fullName: string): string {
  const name = tidySpaces(fullName);
  if (inCjkScript(name)) return name;
  const korean = koreanGivenName(name);
  if (korean !== undefined) return korean;
  // The first word that is not a title; the words are read one at a time, since the first nearly always is it.
  const main = withoutPostNominals(name);
  for (let start = 0; start <= main.length; ) {
    const space = main.indexOf(' ', start);
    const end = space < 0 ? main.length : space;
    const word = main.slice(start, end);
    if (word !== '') {
      const bared = bare(word);
      if (!SURNAME_TITLES.has(bared) && !GIVEN_NAME_TITLES.has(bared)) return word;
    }
    start = end + 1;
  }
  return name;
}

/** The word lists the rules above read, for the tests that hold these rules to their first, plainer form. */
export const nameWords = { SURNAME_TITLES, GIVEN_NAME_TITLES, PARTICLES, SUFFIXES } as const;

/** The surname from the words after a title: the last word, with the particles before it. */
function surname(words: string[]): string {
  if (words.length === 1) return words[0]!;
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!.toLowerCase())) start--;
  return words.slice(start).join(' ');
}
