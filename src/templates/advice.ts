/**
 * Checks on what the user wrote against the guidance's "must avoid" column.
 * They are advice, printed as warnings: afterview cannot know for certain
 * what a sentence means, so it never refuses to render over them.
 */

function matchesAny(texts: ReadonlyArray<string | undefined>, pattern: RegExp): boolean {
  return texts.some((text) => text !== undefined && pattern.test(text));
}

const MONEY = /\b(salary|salaries|compensation|pay|paid|bonus|equity|stock options?|wage)\b|[$€£¥]\s?\d/i;
const PERSONAL_EXPENSES = /\b(rent|mortgage|debts?|loans?|childcare|daycare|tuition|car payments?|my (bills|expenses|family))\b/i;
const COMPETING_OFFER = /\b(other|another|competing|second) offers?\b/i;
const ULTIMATUM = /\b(otherwise|or else|final offer|non-negotiable|take it or leave it|unless you)\b/i;

export function mentionsMoney(texts: ReadonlyArray<string | undefined>): boolean {
  return matchesAny(texts, MONEY);
}

export function mentionsPersonalExpenses(texts: ReadonlyArray<string | undefined>): boolean {
  return matchesAny(texts, PERSONAL_EXPENSES);
}

export function mentionsCompetingOffer(texts: ReadonlyArray<string | undefined>): boolean {
  return matchesAny(texts, COMPETING_OFFER);
}

export function soundsLikeUltimatum(texts: ReadonlyArray<string | undefined>): boolean {
  return matchesAny(texts, ULTIMATUM);
}
