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

/**
 * Calls `visit` with each text and the path the user knows it by (`field`, or `field.index` for
 * an item of a list). The path of a list item is only written out when asked for: nearly every
 * text matches nothing, and every message runs each check over every field.
 */
function eachText(fields: Fields, visit: (text: string, field: string, index: number) => void): void {
  for (const field of Object.keys(fields)) {
    const value = fields[field];
    if (typeof value === 'string') visit(value, field, -1);
    else if (value) for (let index = 0; index < value.length; index++) visit(value[index]!, field, index);
  }
}

const pathOf = (field: string, index: number): string => (index < 0 ? field : `${field}.${index}`);

/** Texts an advice pattern looks at with its words first: see `Avoid`. */
const LOOKS_WITH_WORDS = 100;

/**
 * A "must avoid" pattern, with words (in lower case) of which every match contains one. A text
 * that has none of them is not searched: V8 compiles a pattern on its first use, and again to
 * machine code on its second, which for these long case-insensitive alternations costs a cold
 * render up to a millisecond each, and most of what people write has none of the words. (Without
 * the u flag, a case-insensitive pattern matches an ASCII letter only with an ASCII letter, so a
 * match's words are in the text in lower case.) A process that goes on to look at many texts (a
 * batch, a server) then searches with the compiled pattern alone, which is faster than looking
 * for the words. test/advice-words.test.ts holds the words to the patterns.
 */
export class Avoid {
  #looks = 0;

  constructor(
    readonly pattern: RegExp,
    readonly words: readonly string[],
  ) {}

  /** Whether the text holds one of the words, which every match contains. */
  mayMatch(text: string): boolean {
    const lower = text.toLowerCase();
    return this.words.some((word) => lower.includes(word));
  }

  /** The words the pattern finds in the text, if any. */
  find(text: string): string | undefined {
    if (this.#looks < LOOKS_WITH_WORDS) {
      this.#looks++;
      if (!this.mayMatch(text)) return undefined;
    }
    return this.pattern.exec(text)?.[0];
  }
}

/** Every field whose text matches, with the words that matched. */
export function findWords(fields: Fields, avoid: Avoid): Finding[] {
  const findings: Finding[] = [];
  eachText(fields, (text, field, index) => {
    const words = avoid.find(text);
    if (words !== undefined) findings.push({ field: pathOf(field, index), words });
  });
  return findings;
}

/** `interview.takeaway ("sorry"), fit ("nervous")`: where the words were found. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map(({ field, words }) => `${field} ("${words}")`).join(', ');
}

/** Pushes one warning naming the fields when any field matches. */
export function adviseOn(warnings: string[], fields: Fields, avoid: Avoid, advice: string): void {
  const findings = findWords(fields, avoid);
  if (findings.length) warnings.push(`${describeFindings(findings)}: ${advice}`);
}

/**
 * Several "must avoid" checks made over the same fields, each with its advice. Nearly every text
 * matches none of them, so once the checks are past their first looks (when each pattern looks
 * with its words first, see Avoid) a text is searched once with all the patterns at once, and
 * only a text that one of them matches is searched with each.
 */
export class Checks {
  #looks = 0;
  #either: RegExp | undefined;

  constructor(readonly checks: ReadonlyArray<readonly [Avoid, string]>) {}

  /** Whether one of the patterns may match the text: false only when none of them can. */
  mayMatch(text: string): boolean {
    if (this.#looks < LOOKS_WITH_WORDS) {
      this.#looks++;
      return true;
    }
    // One alternative per pattern: the whole matches somewhere exactly when one of them does (each is case-insensitive, and only that).
    this.#either ??= this.checks.every(([avoid]) => avoid.pattern.flags === 'i')
      ? new RegExp(this.checks.map(([avoid]) => `(?:${avoid.pattern.source})`).join('|'), 'i')
      : /(?:)/;
    return this.#either.test(text);
  }
}

/** Pushes, for each check in turn, one warning naming the fields where its pattern matches: as `adviseOn` for each. */
export function adviseOnEach(warnings: string[], fields: Fields, checks: Checks): void {
  let findings: Finding[][] | undefined;
  eachText(fields, (text, field, index) => {
    if (!checks.mayMatch(text)) return;
    checks.checks.forEach(([avoid], which) => {
      const words = avoid.find(text);
      if (words !== undefined) (findings ??= checks.checks.map(() => []))[which]!.push({ field: pathOf(field, index), words });
    });
  });
  if (!findings) return;
  checks.checks.forEach(([, advice], which) => {
    const found = findings![which]!;
    if (found.length) warnings.push(`${describeFindings(found)}: ${advice}`);
  });
}

const avoid = (pattern: RegExp, words: readonly string[]): Avoid => new Avoid(pattern, words);

export const MONEY = avoid(
  /\b(salary|salaries|compensation|pay (rise|raise|range|band|package|increase)|(my|the|your) pay\b(?!-)|paid (more|less|better|well)|bonus(es)?|stock options?|equity (grant|stake|package|compensation)|wages?|remuneration)\b|[$€£¥]\s?\d/i,
  ['salar', 'compensation', 'pay', 'paid', 'bonus', 'stock option', 'equity', 'wage', 'remuneration', '$', '€', '£', '¥'],
);
export const APOLOGY = avoid(
  /\b(sorry|apologi[sz]e|apologies|my bad|i blanked|blanked on|i was (so |very |a bit )?nervous|forgot to (say|mention|ask)|should have (said|mentioned|asked)|wish i had (said|mentioned)|did(n't| not) get (a chance )?to (say|mention)|(my|an|no) excuse)\b/i,
  ['sorry', 'apologi', 'my bad', 'blanked', 'nervous', 'forgot', 'should have', 'wish i had', 'did', 'excuse'],
);
export const CRITICISM = avoid(
  /\b(disorgani[sz]ed|unprofessional|rude|toxic|chaotic|incompetent|disrespectful|poorly (run|managed|organi[sz]ed)|micromanag\w*|underpaid|overworked|unfair(ly)?|frustrat(ed|ing)|disappointed|ghosted|waste of (my )?time|(terrible|awful|horrible|bad|poor) (manager|management|leadership|process|culture|communication|experience)|lack of (respect|communication|support|leadership)|never (heard back|replied|responded))\b/i,
  [
    'disorgani',
    'unprofessional',
    'rude',
    'toxic',
    'chaotic',
    'incompetent',
    'disrespectful',
    'poor',
    'micromanag',
    'underpaid',
    'overworked',
    'unfair',
    'frustrat',
    'disappointed',
    'ghosted',
    'waste of',
    'terrible',
    'awful',
    'horrible',
    'bad',
    'lack of',
    'never',
  ],
);
export const PERSONAL_EXPENSES = avoid(
  /\b(my (rent|mortgage|debts?|loans?|bills|expenses|car payments?|childcare|daycare|family's needs)|student loans?|cost of my (childcare|daycare|wedding|car))\b/i,
  ['my ', 'student loan', 'cost of my'],
);
export const COMPARISON = avoid(
  /\b(compared? (me|my)|compared with (the )?other|(the )?other candidates?|(who|the person) you hired|the successful candidate|why (i|I) was(n't| not) (chosen|selected|hired))\b/i,
  ['compare', 'other candidate', 'you hired', 'successful candidate', 'why i was'],
);
export const COMPETING_OFFER = avoid(/\b(other|another|competing|second) offers?\b/i, ['offer']);
export const ULTIMATUM = avoid(/\b(otherwise|or else|final offer|non-negotiable|take it or leave it|unless you)\b/i, [
  'otherwise',
  'or else',
  'final offer',
  'non-negotiable',
  'take it or leave it',
  'unless you',
]);

/**
 * Advice on values placed mid-sentence that start with a capitalised common
 * word ("…including Documenting patient recall…"): left as typed, since it
 * may be a name, but worth a look.
 */
export function adviseOnCapitals(warnings: string[], fields: Fields): void {
  eachText(fields, (text, field, index) => {
    const word = capitalisedCommonWord(text);
    if (word !== undefined) {
      warnings.push(
        `${pathOf(field, index)} starts with "${word}", which lands mid-sentence in the message; write it in lower case unless it is a name.`,
      );
    }
  });
}

// Each of these reads one template's field; they live here with the others so that
// test/advice-words.test.ts holds their words to them too.
/** check-in's interest line: urgency or waiting. */
export const PRESSURE = avoid(
  /\b(asap|urgent(ly)?|as soon as possible|immediately|deadline|still waiting|haven'?t heard|no one (has )?(got|gotten) back)\b/i,
  ['asap', 'urgent', 'as soon as possible', 'immediately', 'deadline', 'still waiting', 'haven', 'no one'],
);
/** negotiation-reply's reason: resentment at the answer. */
export const RESENTMENT = avoid(
  /\b(disappoint\w*|unfortunately you|frustrat\w*|unfair|insult\w*|low ?ball\w*|expected more|hoped for more)\b/i,
  ['disappoint', 'unfortunately you', 'frustrat', 'unfair', 'insult', 'ball', 'expected more', 'hoped for more'],
);
/** accept-offer's next steps: reopening the negotiation. */
export const RENEGOTIATING = avoid(/\b(negotiat\w*|counter(offer)?|raise|increase|higher|more (money|pay)|revisit|reconsider)\b/i, [
  'negotiat',
  'counter',
  'raise',
  'increase',
  'higher',
  'more ',
  'revisit',
  'reconsider',
]);
/** decline-offer's reason: criticism of the employer or the offer. */
export const OFFER_CRITICISM = avoid(
  /\b(disappoint\w*|unprofessional|disorgani[sz]ed|rude|slow|low ?ball\w*|insult\w*|unfair|too low|below market|poor|bad)\b/i,
  ['disappoint', 'unprofessional', 'disorgani', 'rude', 'slow', 'ball', 'insult', 'unfair', 'too low', 'below market', 'poor', 'bad'],
);

/** Whether any of the texts has what the pattern looks for. */
export function mentions(texts: ReadonlyArray<string | undefined>, avoid: Avoid): boolean {
  return texts.some((text) => text !== undefined && avoid.find(text) !== undefined);
}

/** Whether any of the texts mentions pay (with the narrow MONEY pattern): for checks that need no field names. */
export const mentionsMoney = (texts: ReadonlyArray<string | undefined>): boolean => mentions(texts, MONEY);
export const mentionsCompetingOffer = (texts: ReadonlyArray<string | undefined>): boolean => mentions(texts, COMPETING_OFFER);
export const soundsLikeUltimatum = (texts: ReadonlyArray<string | undefined>): boolean => mentions(texts, ULTIMATUM);

const DECIDING = /\bdecid(e|ed|es|ing)\b|\bdecision\b/i;

/**
 * Whether the user's words already speak of deciding ("I have decided to stay closer to home"):
 * a decline then says "I am declining the offer" rather than "I have decided to decline", and
 * does not go on to call it a decision, so that the message does not say it twice.
 */
export function speaksOfDeciding(text: string): boolean {
  return DECIDING.test(text);
}
