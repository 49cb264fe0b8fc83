import type { RenderedMessage } from '../../src/render/render.js';
import { smsSize } from '../../src/render/short-message.js';
import { endsWithAbbreviation } from '../../src/text/compose.js';

/** What a careful reader checks in every rendered message (issue 8), shared by the corpus and the property tests. */

const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
/** A US date that the sentence goes on after, without its closing comma: "on Thursday, November 19 about". */
export const US_DATE_WITHOUT_CLOSING_COMMA = new RegExp(`\\b${WEEKDAY}, ${MONTH} \\d{1,2}(?:, \\d{4})? (?=[a-z])`);

/** Doubled or clashing punctuation, a space before a mark, a double space: what a reader notices. */
export function punctuationProblems(text: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/[.,;:!?]{2,}/g)) {
    const run = match[0];
    if (run === '...') continue;
    // "Acme Inc., and": an abbreviation's dot followed by the sentence's comma.
    if (/^\.[,;:?]$/.test(run) && endsWithAbbreviation(text.slice(0, match.index + 1))) continue;
    problems.push(`"${text.slice(Math.max(0, match.index - 20), match.index + run.length + 5)}"`);
  }
  for (const match of text.matchAll(/ [,.;:!?](?=\s|$)| {2,}/g)) {
    problems.push(`space: "${text.slice(Math.max(0, match.index - 20), match.index + 5)}"`);
  }
  return problems;
}

/** What a reader of the HTML sees: the text of the title, paragraphs and list items. */
export function visibleHtml(html: string): string[] {
  const blocks = [...html.matchAll(/<(title|p|li)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2]!);
  return blocks.map((block) =>
    block
      .replace(/<br\s*\/?>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&#x3D;/g, '=')
      .replace(/&#x60;/g, '`')
      .replace(/&amp;/g, '&')
      .trim(),
  );
}

/** Every string in a context. */
export function values(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(values);
  if (value && typeof value === 'object') return Object.values(value).flatMap(values);
  return [];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Every rule a message breaks, as readable lines (empty when it reads as a person would write it). */
export function wordingProblems(
  message: RenderedMessage,
  context: { locale?: string },
  person: { name: string; addressAs?: string },
  inputs: unknown,
  tone?: 'warm' | 'formal' | 'brief',
): string[] {
  const problems: string[] = [];
  const parts: Record<string, string> = { subject: message.subject, text: message.text, message: message.message };
  visibleHtml(message.html).forEach((block, i) => {
    parts[`html block ${i}`] = block;
  });
  for (const [part, value] of Object.entries(parts)) {
    for (const problem of punctuationProblems(value)) problems.push(`${part}: ${problem}`);
    if (/\{\{|\}\}|undefined|\bnull\b|NaN|\[object Object\]/.test(value)) problems.push(`${part}: leftover template syntax`);
    if ((context.locale ?? 'en-US') === 'en-US' && US_DATE_WITHOUT_CLOSING_COMMA.test(value)) {
      problems.push(`${part}: a US date without its closing comma`);
    }
  }
  if (/\{\{|\}\}/.test(message.html)) problems.push('html: leftover template syntax');
  if (message.subject.length > 60) problems.push(`subject: ${message.subject.length} characters`);
  const length = [...message.message].length;
  if (length > 200) problems.push(`message: ${length} characters`);
  // The template's own words are GSM-7: plain input never turns a text message into UCS-2.
  if (values(inputs).every((value) => smsSize(value).encoding === 'GSM-7') && smsSize(message.message).encoding !== 'GSM-7') {
    problems.push('message: UCS-2 from GSM-7 input');
  }
  const greeting = /^Dear (.+),$/m.exec(message.text)?.[1];
  if (greeting === undefined) problems.push('text: no greeting');
  else if (person.addressAs === undefined && /\s/.test(person.name) && !CJK.test(person.name) && greeting === person.name) {
    problems.push(`text: greets ${person.name} by the full name`);
  }
  // A formal short message may open as its letter does ("Dear Dr. Osei,"); the others say "Hi".
  const openings = tone === 'formal' ? ['Hi', 'Dear'] : ['Hi'];
  if (greeting !== undefined && !openings.some((opening) => message.message.startsWith(`${opening} ${greeting},`))) {
    problems.push('message: another greeting');
  }
  return problems;
}
