import * as z from 'zod/mini';
import { isRealIsoDate } from '../format/dates.js';
import { describeUnknownRegion, isRegionCode } from '../format/holidays.js';
import { tones } from '../text/helpers.js';
import { described } from '../shared/zod-schema.js';

/**
 * The building blocks every template's context is made of. Field names are
 * shared across templates so that one file per application serves every
 * message to that employer.
 */

const LINE_BREAK = /[\r\n\u2028\u2029\u0085\v\f]/;
// Control characters other than a tab: invisible in a message, and an escape
// sequence would act on the terminal that prints it.
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;
// Either of them. Every text of every message is checked for both, one check after the other:
// the first looks for either at once, and notes the text when it has neither (nearly always), so
// that the second, given the same text, need not look again. What is noted is only that this
// text has neither; a different text is looked at afresh.
const LINE_BREAK_OR_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;
let plainText: string | undefined;

function hasNoLineBreak(value: string): boolean {
  if (!LINE_BREAK_OR_CONTROL.test(value)) {
    plainText = value;
    return true;
  }
  return !LINE_BREAK.test(value);
}

function hasNoControl(value: string): boolean {
  return value === plainText || !CONTROL.test(value);
}

// Each kind of text is built once and each field takes a described copy of it: a zod schema is
// immutable, and building the chain for every field was most of the cost of loading the templates.
const paragraphKinds = new Map<number, ReturnType<typeof paragraphKind>>();

function paragraphKind(max: number, tooLong: string, lineBreak: string) {
  return z.string().check(
    z.trim(),
    z.minLength(1, { message: 'must not be empty' }),
    z.maxLength(max, { message: tooLong }),
    z.refine(hasNoLineBreak, { message: lineBreak }),
    z.refine(hasNoControl, {
      message: 'must not contain control characters (such as an escape or NUL); retype it as plain text',
    }),
  );
}

function oneParagraph(description: string, max: number, tooLong: string, lineBreak: string) {
  let kind = paragraphKinds.get(max);
  if (!kind) paragraphKinds.set(max, (kind = paragraphKind(max, tooLong, lineBreak)));
  return described(kind, description);
}

/** A non-empty, single-line text. Line breaks are refused because these values end up in headers and sentences. */
export function line(description: string) {
  return oneParagraph(
    description,
    300,
    'is too long for one line (300 characters at most); shorten it',
    'must be a single line (no line breaks)',
  );
}

/** A person's name: long enough for any name a person signs with, short enough for a greeting and a LinkedIn note. */
export function personName(description: string, max = 50) {
  return oneParagraph(
    description,
    max,
    `is too long for a name (${max} characters at most); use the form of the name you sign or greet with`,
    'must be a single line (no line breaks)',
  );
}

/** A longer single-paragraph text (a reason, a contribution). */
export function sentence(description: string) {
  return oneParagraph(
    description,
    600,
    'is too long (600 characters at most); a sentence or two is enough',
    'must be a single paragraph (no line breaks)',
  );
}

export function list(description: string, item: z.ZodMiniType<string, string> = line('One item.'), max = 10) {
  return described(
    z.array(item).check(z.maxLength(max, { message: `has too many items (${max} at most); keep the message short` })),
    description,
  );
}

/** A calendar date written as YYYY-MM-DD. zod's ISO date check also refuses impossible days such as 2026-02-30. */
export function isoDate(description: string) {
  return described(z.iso.date({ message: 'must be a real calendar date written as YYYY-MM-DD' }), description);
}

export const email = z.email({ message: 'must be an email address such as name@example.com' });

/** Salaries and other amounts, in whole units of the currency. */
export function amount(description: string) {
  return described(
    z.number({ message: 'must be a number, such as 120000 (no currency sign or separators)' }).check(
      // Salaries are written without cents, so 165000.4 and 165000.3 would read the same.
      z.int({ message: 'must be a whole number, such as 120000 (salaries are written without cents)' }),
      z.positive({ message: 'must be more than zero' }),
      z.lte(1e12, { message: 'is implausibly large' }),
    ),
    description,
  );
}

let knownCurrencies: Set<string> | undefined;

function isKnownCurrency(code: string): boolean {
  return (knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'))).has(code);
}

const UNKNOWN_CURRENCY = 'is not a currency code this system knows (ISO 4217, such as USD, EUR or GBP)';

/** Signs that stand for one currency only; "$" and "¥" stand for several. */
const CURRENCY_SIGNS: Record<string, string> = { '€': 'EUR', '£': 'GBP', '₹': 'INR', '₩': 'KRW', '₽': 'RUB', '₺': 'TRY', '₪': 'ILS' };

/** One problem for a currency that is not written as a code, with the code it most likely means. */
function currencyProblem(input: unknown): string {
  const text = typeof input === 'string' ? input.trim() : '';
  if (/^[a-z]{3}$/i.test(text)) {
    return isKnownCurrency(text.toUpperCase()) ? `must be written in capitals: did you mean "${text.toUpperCase()}"?` : UNKNOWN_CURRENCY;
  }
  const signed = CURRENCY_SIGNS[text];
  if (signed) return `is a currency sign; write its code instead: did you mean "${signed}"?`;
  if (text === '$') return 'is a sign several currencies use; write the code instead, such as USD, CAD or AUD';
  if (text === '¥') return 'is a sign two currencies use; write the code instead, JPY or CNY';
  return 'must be a three-letter ISO 4217 code such as USD, EUR or GBP';
}

export const currency = described(
  z.string().check(
    // One problem for each wrong value: a lower-case code is not also reported as unknown.
    z.regex(/^[A-Z]{3}$/, { error: (issue) => currencyProblem(issue.input), abort: true }),
    z.refine(isKnownCurrency, { message: UNKNOWN_CURRENCY }),
  ),
  'ISO 4217 currency code, such as USD or EUR.',
);

export const locale = described(
  z._default(
    z
      .string()
      .check(z.refine(isSupportedLocale, { message: 'must be a BCP 47 locale this system can format, such as en-US, en-GB or de-DE' })),
    'en-US',
  ),
  'Locale used to format dates and money, such as en-US or en-GB. The wording stays in English.',
);

// Asking Intl costs more than the rest of a context's checks (the first question loads ICU's
// locale data: some 20 ms), and a batch asks about the same few locales. The locales the
// README names are known without asking: every Node.js build with full ICU (the default since
// Node 13) formats them.
const knownLocales = [
  ['en-US', true],
  ['en-GB', true],
  ['de-DE', true],
] as const;
const supportedLocales = new Map<string, boolean>(knownLocales);

function isSupportedLocale(tag: string): boolean {
  let supported = supportedLocales.get(tag);
  if (supported === undefined) {
    try {
      supported = Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
    } catch {
      supported = false;
    }
    if (supportedLocales.size >= 100) {
      supportedLocales.clear();
      for (const [tag, known] of knownLocales) supportedLocales.set(tag, known);
    }
    supportedLocales.set(tag, supported);
  }
  return supported;
}

const holiday = described(
  z.string().check(
    z.superRefine((value, context) => {
      if (isRegionCode(value)) {
        const problem = describeUnknownRegion(value);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      } else if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
        if (!isRealIsoDate(value)) context.addIssue({ code: 'custom', message: 'must be a real calendar date written as YYYY-MM-DD' });
      } else {
        context.addIssue({
          code: 'custom',
          message: 'must be a date written as YYYY-MM-DD, or a region such as US-CA, GB-ENG or DE-BY',
        });
      }
    }),
  ),
  'A holiday (YYYY-MM-DD), or a region whose public holidays count (US-CA, GB-ENG, DE-BY).',
);

/** One region or date, or a list of them. */
const holidays = described(
  z.optional(z.union([holiday, list('Public holidays and regions.', holiday, 60)])),
  'Public holidays skipped when counting business days: dates (YYYY-MM-DD) and regions whose holidays count, such as US-CA, GB-ENG or DE-BY.',
);

export const sender = described(
  z.strictObject({
    name: personName('Your full name, as you sign.'),
    signAs: z.optional(
      personName(
        'Optional: the name you sign a short message (LinkedIn note, SMS) with, e.g. "Min-seo". Default: the first word of your name ("Marty Hale-Evans" → "Marty"), without a title; the given name of a Korean name written family name first ("Kim Min-seo" → "Min-seo"); a name in Chinese, Japanese or Korean script as written. Set it when your family name comes first otherwise ("Wang Wei").',
        40,
      ),
    ),
    email: described(email, 'Your email address; messages are sent from it.'),
    phone: z.optional(line('Your phone number, shown in the signature.')),
    linkedin: z.optional(line('Your LinkedIn profile address, shown in the signature.')),
  }),
  'You: usually set once in your profile file.',
);

export const recipientFields = {
  name: personName('Full name of the person you write to, e.g. "Dr. Amara Nwosu".'),
  email: z.optional(described(email, 'Their email address; needed to send, unless another address is given to send to.')),
  addressAs: z.optional(
    personName(
      'How to greet them after "Dear", e.g. "Ana" or "Dr. Ruiz". Default: the title and surname for a name with a title ("Dr. Amara Nwosu" → "Dr. Nwosu"), else the given name ("Ana Ruiz" → "Ana"); a name in Chinese, Japanese or Korean script, or a Korean name written family name first ("Park Ji-hoon"), as written.',
      40,
    ),
  ),
  title: z.optional(line('Optional: their job title, for your records (messages do not show it), e.g. Engineering Manager.')),
};

export const recipient = described(z.strictObject(recipientFields), 'The person you write to.');

/** How the message reads: every built-in writes all three; `warm` is the wording without a tone. */
const tone = described(
  z.optional(z.enum(tones, { message: 'must be warm, formal or brief' })),
  'Optional: warm (the default: personal and friendly), formal (reserved, for a formal employer or a senior reader) or brief (the shortest complete message).',
);

/** Fields every template takes, apart from the recipient. */
export const commonFields = {
  sender,
  company: line('The employer, e.g. Acme Corp.'),
  role: line('The job title you interviewed for (or hold, for a resignation).'),
  locale,
  subject: z.optional(line("Optional: your own subject line, instead of the template's (about 60 characters show in full).")),
  holidays,
  tone,
};
