import { capitalisedCommonWord } from '../text/compose.js';

/**
 * Checks on what the user wrote against the guidance's "must avoid" column,
 * as a career coach would make them. They are advice, printed as warnings
 * naming the field and the words found: afterview cannot know for certain
 * what a sentence means, so it never refuses to render over them. Each
 * pattern is narrow on purpose ("paid search", "health equity" and a benefit
 * such as "tuition reimbursement" are ordinary phrases, not red flags).
 */

/** The fields to look in: the path the user knows them by, and what they typed. */
export type Fields = Record<string, string | readonly string[] | undefined>;

export interface Finding {
  field: string;
  words: string;
}

function entries(fields: Fields): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'string') result.push([field, value]);
    else if (value) for (const [index, item] of value.entries()) result.push([`${field}.${index}`, item]);
  }
  return result;
}

/** Every field whose text matches, with the words that matched. */
export function findWords(fields: Fields, pattern: RegExp): Finding[] {
  const findings: Finding[] = [];
  for (const [field, text] of entries(fields)) {
    const match = pattern.exec(text);
    if (match) findings.push({ field, words: match[0] });
  }
  return findings;
}

/** `interview.takeaway ("sorry"), fit ("nervous")`: where the words were found. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map(({ field, words }) => `${field} ("${words}")`).join(', ');
}

/** Pushes one warning naming the fields when any field matches. */
export function adviseOn(warnings: string[], fields: Fields, pattern: RegExp, advice: string): void {
  const findings = findWords(fields, pattern);
  if (findings.length) warnings.push(`${describeFindings(findings)}: ${advice}`);
}

export const MONEY =
  /\b(salary|salaries|compensation|pay (rise|raise|range|band|package|increase)|(my|the|your) pay\b(?!-)|paid (more|less|better|well)|bonus(es)?|stock options?|equity (grant|stake|package|compensation)|wages?|remuneration)\b|[$€£¥]\s?\d/i;
export const APOLOGY =
  /\b(sorry|apologi[sz]e|apologies|my bad|i blanked|blanked on|i was (so |very |a bit )?nervous|forgot to (say|mention|ask)|should have (said|mentioned|asked)|wish i had (said|mentioned)|did(n't| not) get (a chance )?to (say|mention)|(my|an|no) excuse)\b/i;
export const CRITICISM =
  /\b(disorgani[sz]ed|unprofessional|rude|toxic|chaotic|incompetent|disrespectful|poorly (run|managed|organi[sz]ed)|micromanag\w*|underpaid|overworked|unfair(ly)?|frustrat(ed|ing)|disappointed|ghosted|waste of (my )?time|(terrible|awful|horrible|bad|poor) (manager|management|leadership|process|culture|communication|experience)|lack of (respect|communication|support|leadership)|never (heard back|replied|responded))\b/i;
export const PERSONAL_EXPENSES =
  /\b(my (rent|mortgage|debts?|loans?|bills|expenses|car payments?|childcare|daycare|family's needs)|student loans?|cost of my (childcare|daycare|wedding|car))\b/i;
export const COMPARISON =
  /\b(compared? (me|my)|compared with (the )?other|(the )?other candidates?|(who|the person) you hired|the successful candidate|why (i|I) was(n't| not) (chosen|selected|hired))\b/i;
export const COMPETING_OFFER = /\b(other|another|competing|second) offers?\b/i;
export const ULTIMATUM = /\b(otherwise|or else|final offer|non-negotiable|take it or leave it|unless you)\b/i;

/**
 * Advice on values placed mid-sentence that start with a capitalised common
 * word ("…including Documenting patient recall…"): left as typed, since it
 * may be a name, but worth a look.
 */
export function adviseOnCapitals(warnings: string[], fields: Fields): void {
  for (const [field, text] of entries(fields)) {
    const word = capitalisedCommonWord(text);
    if (word !== undefined) {
      warnings.push(`${field} starts with "${word}", which lands mid-sentence in the message; write it in lower case unless it is a name.`);
    }
  }
}

function mentions(texts: ReadonlyArray<string | undefined>, pattern: RegExp): boolean {
  return texts.some((text) => text !== undefined && pattern.test(text));
}

/** Whether any of the texts mentions pay (with the narrow MONEY pattern): for checks that need no field names. */
export const mentionsMoney = (texts: ReadonlyArray<string | undefined>): boolean => mentions(texts, MONEY);
export const mentionsCompetingOffer = (texts: ReadonlyArray<string | undefined>): boolean => mentions(texts, COMPETING_OFFER);
export const soundsLikeUltimatum = (texts: ReadonlyArray<string | undefined>): boolean => mentions(texts, ULTIMATUM);
