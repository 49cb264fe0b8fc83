import type { ValidatedContext } from '../context/validate.js';
import { formatList } from '../format/values.js';
import { bigramProfile, PANEL_SIMILARITY_LIMIT, profileSimilarity } from '../text/similarity.js';
import type { Address } from './address.js';
import type { RenderedMessage } from './message.js';

/**
 * Advice on the notes to a panel, which its members compare: a sentence of the user's that
 * every note carries word for word (a panel's shared `fit`), and two notes that read alike
 * overall. A panel interview is a handful of people; a longer list is a mailing, where
 * comparing every pair would cost time growing with the square of its length, and flood the
 * warnings.
 */
const LARGEST_PANEL_COMPARED = 12;

export function advisePanel(messages: RenderedMessage[], validated: readonly ValidatedContext[]): void {
  if (messages.length < 2 || messages.length > LARGEST_PANEL_COMPARED) return;
  const names = validated.map((one) => (one.context as { recipient: Address }).recipient.name);
  warnAboutSharedSentences(messages, validated, names);
  warnAboutLookalikes(messages, names);
}

// Fields that are the same for everyone by nature (who writes, to what employer, how), not
// sentences written for one reader.
const NOT_WRITTEN_FOR_ONE = new Set(['sender', 'recipient', 'company', 'role', 'locale', 'tone', 'subject', 'holidays']);
// A sentence rather than a name or a topic's few words: readers notice a repeated sentence.
const LEAST_WORDS = 6;
const LEAST_CHARACTERS = 30;

/** The sentences the user wrote in a context, by field path ("fit", "interview.takeaway"). */
function writtenSentences(context: unknown, path = '', found = new Map<string, string>()): Map<string, string> {
  if (typeof context === 'string') {
    const text = context.trim();
    if (text.length >= LEAST_CHARACTERS && text.split(/\s+/).length >= LEAST_WORDS) found.set(path, text);
  } else if (Array.isArray(context)) {
    for (const [index, item] of context.entries()) writtenSentences(item, `${path}.${index}`, found);
  } else if (context !== null && typeof context === 'object') {
    for (const [key, value] of Object.entries(context)) {
      if (path === '' && NOT_WRITTEN_FOR_ONE.has(key)) continue;
      writtenSentences(value, path === '' ? key : `${path}.${key}`, found);
    }
  }
  return found;
}

/** Whether a rendered text carries a sentence, allowing for the capital and final mark a template may change. */
function carries(text: string, sentence: string): boolean {
  const core = sentence.replace(/[.!?…]+$/u, '');
  return text.includes(core.slice(1));
}

// Names joined by the project's list formatter, as en-GB writes a list (no comma before "and").
const listed = (names: readonly string[]) => formatList(names, 'en-GB');

/** The opening words of a sentence, to name it in a warning. */
function opening(sentence: string): string {
  const words = sentence.split(/\s+/);
  return words.length <= 8 ? sentence : `${words.slice(0, 8).join(' ')}…`;
}

function warnAboutSharedSentences(messages: RenderedMessage[], validated: readonly ValidatedContext[], names: readonly string[]): void {
  // For each field path and sentence: the notes that carry it.
  const holders = new Map<string, { path: string; sentence: string; notes: number[] }>();
  validated.forEach((one, index) => {
    for (const [path, sentence] of writtenSentences(one.context)) {
      if (!carries(messages[index]!.text, sentence)) continue;
      const key = `${path}\u0000${sentence}`;
      const entry = holders.get(key) ?? { path, sentence, notes: [] };
      entry.notes.push(index);
      holders.set(key, entry);
    }
  });
  for (const { path, sentence, notes } of holders.values()) {
    if (notes.length < 2) continue;
    const who =
      notes.length === messages.length
        ? `Every note (to ${listed(names)}) carries`
        : `The notes to ${listed(notes.map((i) => names[i]!))} ${notes.length === 2 ? 'both carry' : 'carry'}`;
    const warning = `${who} your ${path} word for word ("${opening(sentence)}"), and panel members compare notes; write one for each person, tied to what you discussed with them (${path} in each person's entry under recipients).`;
    for (const index of notes) messages[index]!.warnings.push(warning);
  }
}

/** Two notes that share too many of their word pairs read as one form letter: say which two. */
function warnAboutLookalikes(messages: RenderedMessage[], names: readonly string[]): void {
  const profiles = messages.map((message) => bigramProfile(message.text));
  for (let i = 0; i < messages.length; i++) {
    for (let j = i + 1; j < messages.length; j++) {
      const similarity = profileSimilarity(profiles[i]!, profiles[j]!);
      if (similarity > PANEL_SIMILARITY_LIMIT) {
        const warning = `The notes to ${names[i]} and ${names[j]} share ${Math.round(similarity * 100)}% of their word pairs, and panel members compare notes; give each person something of their own (in a thank-you, their own interview.topic and takeaway).`;
        messages[i]!.warnings.push(warning);
        messages[j]!.warnings.push(warning);
      }
    }
  }
}
