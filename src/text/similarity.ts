/**
 * How alike two notes read, as panel members comparing them would notice: the
 * share of word pairs (bigrams) they have in common, as a Dice coefficient
 * (0: nothing shared, 1: the same words in the same order).
 */

/** A text's word pairs, counted: what `profileSimilarity` compares. */
export interface BigramProfile {
  counts: ReadonlyMap<string, number>;
  total: number;
}

export function bigramProfile(text: string): BigramProfile {
  const counts = bigrams(text);
  let total = 0;
  for (const count of counts.values()) total += count;
  return { counts, total };
}

/** The Dice coefficient of two profiles; built once per text, so that a panel's pairs are cheap to compare. */
export function profileSimilarity(a: BigramProfile, b: BigramProfile): number {
  const [small, large] = a.counts.size <= b.counts.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [pair, count] of small.counts) shared += Math.min(count, large.counts.get(pair) ?? 0);
  const total = a.total + b.total;
  return total === 0 ? 0 : (2 * shared) / total;
}

function bigrams(text: string): Map<string, number> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? [];
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = `${words[i]} ${words[i + 1]}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

export function bigramSimilarity(a: string, b: string): number {
  return profileSimilarity(bigramProfile(a), bigramProfile(b));
}

/** Above this, notes to a panel read as one form letter. */
export const PANEL_SIMILARITY_LIMIT = 0.6;
