/**
 * Locale-aware formatting of the values that appear in messages. Formatters are
 * cached per locale because building an Intl formatter costs far more than using one.
 */

const moneyFormatters = new Map<string, Intl.NumberFormat>();
const listFormatters = new Map<string, Intl.ListFormat>();

/** "$185,000": whole units, no cents, as salaries are written. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    moneyFormatters.set(key, formatter);
  }
  return formatter.format(amount);
}

/** "A, B and C" (or "A, B, and C", as the locale writes it). */
export function formatList(items: readonly string[], locale: string, type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  const key = `${locale}|${type}`;
  let formatter = listFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.ListFormat(locale, { style: 'long', type });
    listFormatters.set(key, formatter);
  }
  return formatter.format(items);
}

/** Removes one final full stop so that a field can be followed by the template's own punctuation. */
export function withoutFinalStop(text: string): string {
  return text.replace(/\s*[.;,]+$/u, '');
}

/** Makes a user's phrase a sentence: capital first letter, final punctuation. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?…]["'”’)]?$/u.test(capital) ? capital : `${capital}.`;
}

/** Makes a user's question end with a question mark. */
export function asQuestion(text: string): string {
  const sentence = withoutFinalStop(text.trim());
  return /[?]$/u.test(sentence) ? sentence : `${sentence}?`;
}
