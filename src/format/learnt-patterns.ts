/**
 * Intl's formatters, kept by locale and kind (a date style, a currency), each with the
 * pattern learnt of it once it has been used a few times (date-pattern.ts,
 * money-pattern.ts): a format call costs a message microseconds, and a pattern checked
 * against Intl writes the same text without it. A pattern is null when the formatter
 * writes what no pattern can hold (another calendar, numbering system or era).
 */

/** Uses of a locale and kind before its pattern is learnt: a single message (a CLI run) never pays for learning it. */
const USES_BEFORE_PATTERN = 20;

/** Locales kept; past this (a server formatting for every locale there is), the kept ones are dropped and learnt again. */
const MOST_LOCALES_KEPT = 50;

interface Kept<Formatter, Pattern> {
  intl: Formatter;
  uses: number;
  /** Undefined until learnt; null when the formatter's text cannot be written from a pattern. */
  pattern?: Pattern | null;
}

export class LearntPatterns<Formatter, Pattern> {
  readonly #kept = new Map<string, Map<string, Kept<Formatter, Pattern>>>();

  /** `learn` reads a formatter's pattern and checks it against the formatter, or gives null. */
  constructor(private readonly learn: (intl: Formatter) => Pattern | null) {}

  /** The formatter for a locale and kind (`make` makes it on first use), and its pattern once learnt and sound. */
  use(locale: string, kind: string, make: () => Formatter): Pick<Kept<Formatter, Pattern>, 'intl' | 'pattern'> {
    let kinds = this.#kept.get(locale);
    if (!kinds) {
      if (this.#kept.size >= MOST_LOCALES_KEPT) this.#kept.clear();
      this.#kept.set(locale, (kinds = new Map()));
    }
    let kept = kinds.get(kind);
    if (!kept) kinds.set(kind, (kept = { intl: make(), uses: 0 }));
    if (kept.pattern === undefined && ++kept.uses > USES_BEFORE_PATTERN) kept.pattern = this.learn(kept.intl);
    return kept;
  }

  /** Whether a locale and kind are now written from a learnt pattern (for tests). */
  writesFromPattern(locale: string, kind: string): boolean {
    return Boolean(this.#kept.get(locale)?.get(kind)?.pattern);
  }
}
