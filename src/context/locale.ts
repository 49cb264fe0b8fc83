/**
 * The messages are written in English, so dates, lists and money are formatted
 * in English with the conventions of the user's region: de-DE formats as en-DE
 * ("Wednesday, 9 December 2026", "a, b and c"), never with German words inside
 * an English sentence.
 */
export function formattingLocale(locale: string): string {
  // The default, without asking Intl (whose first use costs about 10 ms).
  if (locale === 'en-US') return locale;
  let english = formattingLocales.get(locale);
  if (english === undefined) {
    english = englishFormattingLocale(locale);
    formattingLocales.set(locale, english);
  }
  return english;
}

// Worked out once per locale: asking Intl costs more than rendering a message. The README's
// locales are known without asking (see knownLocales in templates/fields.ts).
const formattingLocales = new Map<string, string>([
  ['en-US', 'en-US'],
  ['en-GB', 'en-GB'],
  ['de-DE', 'en-DE'],
]);

function englishFormattingLocale(locale: string): string {
  try {
    const parsed = new Intl.Locale(locale);
    if (parsed.language === 'en') return locale;
    const region = parsed.region ?? parsed.maximize().region;
    const english = region ? `en-${region}` : 'en';
    return Intl.DateTimeFormat.supportedLocalesOf([english]).length > 0 ? english : 'en';
  } catch {
    return 'en';
  }
}
