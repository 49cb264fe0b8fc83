import fc from 'fast-check';
import type { TemplateName } from '../../src/index.js';
import { fixture } from './fixtures.js';

/**
 * Random valid contexts for every template, built from the fixtures by
 * replacing what a user types (names, companies, roles, topics, dates, locales,
 * currencies, amounts) with random values the schemas accept.
 */

export const LOCALES = ['en-US', 'en-GB', 'en-IE', 'en-IN', 'en-AU', 'de-DE', 'de-CH', 'fr-FR', 'ja-JP'] as const;
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'INR', 'CHF'] as const;

/** What HTML escapes: a user value holding one must never reach the HTML raw. */
export const HTML_SPECIAL = ['&', '<', '>', '"', "'"] as const;

// ---------------------------------------------------------------- dates

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(2000, 0, 1);
/** Days from 2000-01-01 to 2099-12-31: a century of weekdays, month ends and leap days. */
const CENTURY_DAYS = 36_524;

export function isoFromDay(day: number): string {
  return new Date(EPOCH + day * DAY_MS).toISOString().slice(0, 10);
}

export function dayFromIso(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - EPOCH) / DAY_MS);
}

/** 0 for Sunday … 6 for Saturday. */
export function weekdayOf(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

export function isBusinessDay(iso: string, holidays: readonly string[]): boolean {
  const weekday = weekdayOf(iso);
  return weekday !== 0 && weekday !== 6 && !holidays.includes(iso);
}

// ---------------------------------------------------------------- text

/** Anything a template prints on its own must not come from the user, or the checks for leftovers prove nothing. */
const NOT_IN_VALUES = /\{|\}|undefined|NaN|null|\[object Object\]|&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);/i;
const LINE_BREAK = /[\r\n\u2028\u2029\u0085\v\f]/;
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;

const character = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') },
  { weight: 3, arbitrary: fc.constantFrom(' ', ' ', '-', '.', ',', '(', ')', '/', '’', '–', '!', '?') },
  { weight: 3, arbitrary: fc.constantFrom(...HTML_SPECIAL) },
  // The GSM-7 extension table: each takes two septets in an SMS.
  { weight: 1, arbitrary: fc.constantFrom('€', '[', ']', '^', '|', '~', '\\') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'é',
      'ü',
      'ß',
      'Ł',
      'ğ',
      'Ø',
      'ñ',
      '中文',
      '日本',
      'Ωμέγα',
      'עברית',
      'عربي',
      '👩🏽‍💻',
      '🇮🇪',
      'e\u0301',
      '\u00a0',
      '\u200b',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** Only characters of the GSM 03.38 alphabet (some from its extension table): a short message that goes as GSM-7. */
export const gsmCharacter = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') },
  { weight: 3, arbitrary: fc.constantFrom(...' -.,()/!?&<>"\'@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ#¤%*+:;=¡ÄÖÑÜ§¿äöñüà') },
  { weight: 1, arbitrary: fc.constantFrom('€', '[', ']', '^', '|', '~', '\\') },
);

/**
 * A trimmed, non-empty, single-line text of at most `max` UTF-16 units, as
 * `line` and `sentence` accept; from the GSM alphabet alone when `gsm` is set.
 */
export function text(max: number, gsm = false): fc.Arbitrary<string> {
  return fc
    .string({ unit: gsm ? gsmCharacter : character, minLength: 1, maxLength: Math.min(max, 60) })
    .map((value) => value.trim())
    .filter(
      (value) =>
        value.length > 0 &&
        value.length <= max &&
        value === value.trim() &&
        !LINE_BREAK.test(value) &&
        !CONTROL.test(value) &&
        !NOT_IN_VALUES.test(value),
    );
}

/** A person's name: a real one of many scripts, or anything. */
function name(gsm: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    gsm
      ? fc.constantFrom('Ana Ruiz', "Sean O'Brien", 'Zoë Briain', 'Dr. Felicity Osei', 'Søren Kierkegaard', 'Ngozi Okonjo-Iweala')
      : fc.constantFrom(
          'Ana Ruiz',
          "Seán O'Brien",
          'Zoë Ó Briain',
          'Dr. Felicity Osei',
          '王小明',
          'Søren Kierkegaard',
          'Ngozi Okonjo-Iweala',
        ),
    // Names are at most 50 characters, and a greeting (addressAs) 40.
    text(40, gsm),
  );
}

const emailLocal = fc.stringMatching(/^[a-z][a-z0-9]{0,11}(\.[a-z0-9]{1,8})?$/);
// No "--": a label such as "xn--a" is punycode, which mail readers decode.
const emailDomain = fc.stringMatching(/^[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,6})?\.(example|com|org|ie|co\.uk)$/);
const email = fc.tuple(emailLocal, emailDomain).map(([local, domain]) => `${local}@${domain}`);

function optional<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arbitrary, { nil: undefined, freq: 3 });
}

/** Drops the keys whose value is undefined, as a YAML file would simply not have them. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const amount = fc.integer({ min: 1, max: 5_000_000 });

// ---------------------------------------------------------------- contexts

export interface GeneratedContext {
  template: TemplateName;
  today: string;
  context: Record<string, any>;
}

interface Common {
  today: string;
  holidays: string[] | undefined;
  /** Every text from the GSM alphabet, so that the short message goes as GSM-7 (one context in four). */
  gsm: boolean;
  common: Record<string, unknown>;
}

const common: fc.Arbitrary<Common> = fc
  .oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 3, arbitrary: fc.constant(false) })
  .chain((gsm) =>
    fc.record({
      gsm: fc.constant(gsm),
      todayDay: fc.integer({ min: 400, max: CENTURY_DAYS - 400 }),
      holidayOffsets: optional(fc.uniqueArray(fc.integer({ min: -30, max: 30 }), { maxLength: 8 })),
      sender: fc.record({ name: name(gsm), email, phone: optional(text(40, gsm)), linkedin: optional(text(80, gsm)) }),
      recipient: fc.record({ name: name(gsm), addressAs: optional(name(gsm)), email: optional(email), title: optional(text(300, gsm)) }),
      company: text(300, gsm),
      role: text(300, gsm),
      locale: optional(fc.constantFrom(...LOCALES)),
    }),
  )
  .map(({ gsm, todayDay, holidayOffsets, sender, recipient, company, role, locale }) => {
    const holidays = holidayOffsets?.map((offset) => isoFromDay(todayDay + offset));
    return {
      today: isoFromDay(todayDay),
      holidays,
      gsm,
      common: compact({ sender: compact(sender), recipient: compact(recipient), company, role, locale, holidays }),
    };
  });

/** A day `min`…`max` days before today (a past event), as ISO. */
function before(today: string, min: number, max: number): fc.Arbitrary<string> {
  return fc.integer({ min, max }).map((ago) => isoFromDay(dayFromIso(today) - ago));
}

const list = (item: fc.Arbitrary<string>, maxLength: number, minLength = 0) => fc.array(item, { minLength, maxLength });

function thankYou(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      date: before(base.today, 0, 60),
      topic: text(300, base.gsm),
      takeaway: optional(text(600, base.gsm)),
      alsoDiscussed: optional(list(text(300, base.gsm), 4, 1)),
      fit: text(600, base.gsm),
    })
    .map(({ date, topic, takeaway, alsoDiscussed, fit }) => ({
      interview: compact({ date, topic, takeaway, alsoDiscussed }),
      fit,
    }));
}

function offerReview(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      receivedAgo: optional(fc.integer({ min: 0, max: 4 })),
      base: optional(amount),
      currency: fc.constantFrom(...CURRENCIES),
      startIn: optional(fc.integer({ min: 7, max: 120 })),
      replyIn: optional(fc.integer({ min: 1, max: 7 })),
      questions: list(text(300, base.gsm), 5, 1),
    })
    .map(({ receivedAgo, base: salary, currency, startIn, replyIn, questions }) => {
      const received = receivedAgo === undefined ? base.today : isoFromDay(dayFromIso(base.today) - receivedAgo);
      // A reply date the guidance accepts: 1 to 7 days after the offer, on a business day.
      let replyBy: string | undefined;
      if (replyIn !== undefined) {
        for (let day = replyIn; day <= 7 && replyBy === undefined; day++) {
          const candidate = isoFromDay(dayFromIso(received) + day);
          if (isBusinessDay(candidate, base.holidays ?? [])) replyBy = candidate;
        }
      }
      return compact({
        offer: compact({
          receivedOn: receivedAgo === undefined ? undefined : received,
          base: salary,
          currency: salary === undefined ? undefined : currency,
          startDate: startIn === undefined ? undefined : isoFromDay(dayFromIso(base.today) + startIn),
        }),
        replyBy,
        questions,
      });
    });
}

function counteroffer(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      offer: amount,
      raise: fc.integer({ min: 1, max: 2_000_000 }),
      currency: fc.constantFrom(...CURRENCIES),
      sameCurrency: fc.boolean(),
      signingBonus: optional(amount),
      benefits: optional(list(text(300, base.gsm), 3, 1)),
      contribution: text(600, base.gsm),
      market: optional(
        fc.record({ source: text(300, base.gsm), low: optional(amount), spread: optional(fc.integer({ min: 0, max: 1_000_000 })) }),
      ),
      experience: optional(text(600, base.gsm)),
      credentials: optional(list(text(300, base.gsm), 3, 1)),
      relocation: optional(text(600, base.gsm)),
    })
    .map(({ offer, raise, currency, sameCurrency, signingBonus, benefits, contribution, market, experience, credentials, relocation }) => {
      const reasons = compact({
        market:
          market &&
          compact({
            source: market.source,
            low: market.low,
            high: market.spread === undefined ? undefined : (market.low ?? 1) + market.spread,
          }),
        experience,
        credentials,
        relocation,
      });
      // At least one verifiable reason.
      if (Object.keys(reasons).length === 0) reasons.experience = 'I bring eight years of relevant experience.';
      return {
        offer: { base: offer, currency },
        counter: compact({ base: offer + raise, currency: sameCurrency ? currency : undefined, signingBonus, benefits }),
        contribution,
        reasons,
      };
    });
}

function withdrawal(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({ date: optional(before(base.today, 0, 90)), reason: optional(text(300, base.gsm)) })
    .map(({ date, reason }) => compact({ interview: date === undefined ? undefined : { date }, reason }));
}

function resignation(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      noticeAgo: optional(fc.integer({ min: -10, max: 10 })),
      length: optional(
        fc
          .tuple(fc.integer({ min: 1, max: 13 }), fc.constantFrom('day', 'week', 'month'), fc.boolean())
          .map(([count, unit, plural]) => `${count} ${unit}${plural ? 's' : ''}`),
      ),
      lastDayIn: optional(fc.integer({ min: 0, max: 60 })),
      highlight: optional(text(600, base.gsm)),
      handover: optional(list(text(300, base.gsm), 3, 1)),
    })
    .map(({ noticeAgo, length, lastDayIn, highlight, handover }) => {
      const noticeDate = noticeAgo === undefined ? base.today : isoFromDay(dayFromIso(base.today) - noticeAgo);
      // A last day set by hand must be a working day, on or after the notice date.
      let lastDay: string | undefined;
      if (lastDayIn !== undefined) {
        for (let day = lastDayIn; day <= lastDayIn + 10 && lastDay === undefined; day++) {
          const candidate = isoFromDay(dayFromIso(noticeDate) + day);
          if (isBusinessDay(candidate, base.holidays ?? [])) lastDay = candidate;
        }
      }
      const notice = compact({ date: noticeAgo === undefined ? undefined : noticeDate, length });
      return compact({ notice: Object.keys(notice).length ? notice : undefined, lastDay, highlight, handover });
    });
}

function feedbackRequest(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({ date: optional(before(base.today, 0, 30)), focus: optional(list(text(300, base.gsm), 3, 1)) })
    .map(({ date, focus }) => compact({ decision: date === undefined ? undefined : { date }, focus }));
}

function checkIn(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      date: optional(before(base.today, 6, 60)),
      answerIn: optional(fc.integer({ min: 0, max: 5 })),
      interest: optional(text(600, base.gsm)),
    })
    .map(({ date, answerIn, interest }) =>
      compact({
        interview: date === undefined ? undefined : { date },
        answerBy: date === undefined || answerIn === undefined ? undefined : isoFromDay(dayFromIso(date) + answerIn),
        interest,
      }),
    );
}

function acceptOffer(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      salary: amount,
      currency: fc.constantFrom(...CURRENCIES),
      startIn: fc.integer({ min: 10, max: 120 }),
      rest: optional(fc.integer({ min: 2, max: 9 })),
      nextSteps: optional(list(text(300, base.gsm), 3, 1)),
    })
    .map(({ salary, currency, startIn, rest, nextSteps }) => {
      const startDate = isoFromDay(dayFromIso(base.today) + startIn);
      return compact({
        offer: { base: salary, currency, startDate },
        lastDay: rest === undefined ? undefined : isoFromDay(dayFromIso(startDate) - rest),
        nextSteps,
      });
    });
}

function declineOffer(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({ received: optional(before(base.today, 0, 10)), reason: optional(text(300, base.gsm)) })
    .map(({ received, reason }) => compact({ offer: received === undefined ? undefined : { receivedOn: received }, reason }));
}

function negotiationReply(base: Common): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      answer: fc.constantFrom('accepted', 'improved', 'refused'),
      answered: optional(before(base.today, 0, 7)),
      accept: fc.boolean(),
      salary: optional(amount),
      currency: fc.constantFrom(...CURRENCIES),
      startIn: optional(fc.integer({ min: 7, max: 120 })),
      reason: optional(text(300, base.gsm)),
    })
    .map(({ answer, answered, accept, salary, currency, startIn, reason }) =>
      compact({
        negotiation: compact({ answer, answeredOn: answered }),
        response: accept ? 'accept' : 'decline',
        offer: accept
          ? compact({
              base: salary,
              currency: salary === undefined ? undefined : currency,
              startDate: startIn === undefined ? undefined : isoFromDay(dayFromIso(base.today) + startIn),
            })
          : undefined,
        reason: accept ? undefined : reason,
      }),
    );
}

const ownFields: Record<TemplateName, (base: Common) => fc.Arbitrary<Record<string, unknown>>> = {
  'thank-you': thankYou,
  'check-in': checkIn,
  'offer-review': offerReview,
  counteroffer,
  'negotiation-reply': negotiationReply,
  'accept-offer': acceptOffer,
  'decline-offer': declineOffer,
  withdrawal,
  resignation,
  'feedback-request': feedbackRequest,
};

/** A random valid single-recipient context for `template`, on top of its fixture's shape. */
export function contextFor(template: TemplateName): fc.Arbitrary<GeneratedContext> {
  const shape = fixture(`${template}.yaml`);
  return common.chain((base) =>
    ownFields[template](base).map((own) => {
      const context: Record<string, any> = { ...base.common, ...own };
      // Keep the fixture's key order, so that a failure reads like the fixture it came from.
      const ordered = Object.fromEntries(
        [...Object.keys(shape), ...Object.keys(context)]
          .filter((key, i, all) => all.indexOf(key) === i && key in context)
          .map((key) => [key, context[key]]),
      );
      return { template, today: base.today, context: ordered };
    }),
  );
}

/** A thank-you panel: the shared fields, and two to four people each with their own topic. */
export function panelContext(): fc.Arbitrary<GeneratedContext> {
  return contextFor('thank-you').chain(({ today, context }) =>
    fc
      .array(fc.record({ name: name(false), addressAs: optional(name(false)), email: optional(email), topic: optional(text(300)) }), {
        minLength: 2,
        maxLength: 4,
      })
      .map((people) => {
        const { recipient: _recipient, ...shared } = context;
        return {
          template: 'thank-you' as const,
          today,
          context: {
            ...shared,
            recipients: people.map(({ topic, ...person }) =>
              compact({ ...compact(person), interview: topic === undefined ? undefined : { topic } }),
            ),
          },
        };
      }),
  );
}

/** Every string the user gave, anywhere in the context. */
export function userStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(userStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(userStrings);
  return [];
}

/** The same context with every HTML special character in every value replaced by a letter. */
export function withoutHtmlSpecials<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/[&<>"']/g, 'x') as T;
  if (Array.isArray(value)) return value.map(withoutHtmlSpecials) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutHtmlSpecials(v)])) as T;
  }
  return value;
}
