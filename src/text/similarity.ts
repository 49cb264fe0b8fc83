/**
 * How alike two notes read, as panel members comparing them would notice: the
 * share of word pairs (bigrams) they have in common, as a Dice coefficient
 * (0: nothing shared, 1: the same words in the same order).
 */

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
  const first = bigrams(a);
  const second = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const count of first.values()) total += count;
  for (const [pair, count] of second) {
    total += count;
    shared += Math.min(count, first.get(pair) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}

/** Above this, notes to a panel read as one form letter. */
export const PANEL_SIMILARITY_LIMIT = 0.6;
