import type HandlebarsCompiler from 'handlebars';
import { formatLetterDate, formatLongDate, isRealIsoDate } from '../format/dates.js';
import { formatMoney } from '../format/values.js';
import { rootOf } from './root.js';

/**
 * Helpers for people writing their own templates, beside the compose helpers
 * (helpers.ts), the same in text and HTML:
 *
 *     {{date interview.date}}            "Tuesday, November 24, 2026" in the context's locale
 *     {{date interview.date "short"}}    "November 24, 2026"
 *     {{money salary currency}}          "$185,000" (whole units, the context's locale); currency defaults to USD
 *     {{possessive company}}             "Acme's", "James'"
 *     {{plural count "offer" "offers"}}  "1 offer", "2 offers" (the plural form defaults to the word + "s")
 *
 * Like the compose helpers they read only their arguments and the view's own
 * `locale`; a value of the wrong kind is an error naming the helper and what it takes.
 */

type HelperOptions = HandlebarsCompiler.HelperOptions;

function split(args: unknown[]): { values: unknown[]; options: HelperOptions } {
  return { values: args.slice(0, -1), options: args.at(-1) as HelperOptions };
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing (is the field set?)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${value.slice(0, 40)}"`;
  return `${typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`}`;
}

function localeOf(options: HelperOptions): string {
  const root = rootOf(options);
  const locale =
    root !== null && typeof root === 'object' && Object.hasOwn(root, 'locale') ? (root as { locale: unknown }).locale : undefined;
  return typeof locale === 'string' ? locale : 'en-US';
}

export const authorHelpers = {
  date(...args: unknown[]): string {
    const { values, options } = split(args);
    const [value, style] = values;
    if (typeof value !== 'string' || !isRealIsoDate(value)) {
      throw new TypeError(`{{date}} takes a date written as YYYY-MM-DD; it was given ${describe(value)}`);
    }
    if (style !== undefined && style !== 'long' && style !== 'short') {
      throw new TypeError(`{{date}}: the style is "long" or "short", not ${describe(style)}`);
    }
    return style === 'short' ? formatLetterDate(value, localeOf(options)) : formatLongDate(value, localeOf(options));
  },
  money(...args: unknown[]): string {
    const { values, options } = split(args);
    const [amount, currency = 'USD'] = values;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      throw new TypeError(`{{money}} takes a number, such as 120000; it was given ${describe(amount)}`);
    }
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
      throw new TypeError(`{{money}}: the currency is a three-letter code such as "USD" or "EUR", not ${describe(currency)}`);
    }
    return formatMoney(Math.round(amount), currency, localeOf(options));
  },
  possessive(...args: unknown[]): string {
    const [value] = split(args).values;
    if (typeof value !== 'string' || value.trim() === '') {
      throw new TypeError(`{{possessive}} takes a name; it was given ${describe(value)}`);
    }
    const name = value.trim();
    return /s$/i.test(name) ? `${name}'` : `${name}'s`;
  },
  plural(...args: unknown[]): string {
    const [count, singular, plural] = split(args).values;
    if (typeof count !== 'number' || !Number.isFinite(count)) {
      throw new TypeError(`{{plural}} takes a number first; it was given ${describe(count)}`);
    }
    if (typeof singular !== 'string' || (plural !== undefined && typeof plural !== 'string')) {
      throw new TypeError('{{plural}} takes a count and the word, e.g. {{plural offers "offer" "offers"}}');
    }
    return `${count} ${count === 1 ? singular : (plural ?? `${singular}s`)}`;
  },
} as const;

export function registerAuthorHelpers(instance: Pick<typeof HandlebarsCompiler, 'registerHelper'>): void {
  for (const [name, helper] of Object.entries(authorHelpers)) instance.registerHelper(name, helper as HandlebarsCompiler.HelperDelegate);
}
