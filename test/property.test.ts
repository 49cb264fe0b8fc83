import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { toEml } from '../src/render/eml.js';
import { renderContext, type RenderedMessage } from '../src/render/render.js';
import { describeShortMessage, measureShortMessage } from '../src/render/short-message.js';
import { templateNames as registered, type TemplateName } from '../src/index.js';
import { phrase } from '../src/text/compose.js';
import {
  contextFor,
  dayFromIso,
  gsmCharacter,
  isBusinessDay,
  panelContext,
  weekdayOf,
  withoutHtmlSpecials,
  type GeneratedContext,
} from './helpers/arbitraries.js';
import { runCli } from './helpers/cli.js';
import { LONG_DATE, WEEKDAYS, misnamedWeekdays } from './helpers/weekdays.js';

// Only the built-in templates are registered in these tests.
const templateNames = registered as readonly TemplateName[];

/**
 * Issue 5, part 2: for random valid contexts of every template, rendering never
 * throws, leaves nothing unfilled, never escapes the text or fails to escape
 * the HTML, names every weekday right, and sizes the short message right.
 * Deterministic: a fixed seed and a bounded number of runs.
 */

const SEED = 20_261_125;
const RUNS = 500;
const PANEL_RUNS = 150;
const CLI_RUNS = 40;
const EML_RUNS = 150;

const settings = { seed: SEED, numRuns: RUNS } as const;

const LEFTOVERS = /\{\{|\}\}|undefined|NaN|\[object Object\]/;
const HTML_ENTITY = /&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);/i;
const WEEKDAY = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Handlebars' escaping, as the HTML part must show a value. */
function escapeHtml(value: string): string {
  const entities: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#x27;',
    '`': '&#x60;',
    '=': '&#x3D;',
  };
  return value.replace(/[&<>"'`=]/g, (c) => entities[c]!);
}

/**
 * The characters that make HTML markup, counted where they stand raw: a user
 * value that reached the HTML unescaped would add to these counts.
 */
function markupCounts(html: string): Record<string, number> {
  const count = (pattern: RegExp) => html.match(pattern)?.length ?? 0;
  return {
    '<': count(/</g),
    '>': count(/>/g),
    '"': count(/"/g),
    "'": count(/'/g),
    'bare &': count(/&(?!(?:amp|lt|gt|quot|#x27|#x60|#x3D|nbsp);)/g),
  };
}

/** "Tuesday, December 1, 2026" and the like, as ISO dates, in order. */
function longDates(text: string): string[] {
  return [...text.matchAll(LONG_DATE)].map(([, , dayFirst, month, dayAfter, year]) => {
    const day = Number((dayFirst ?? dayAfter)!.trim());
    return `${year}-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  });
}

/** The date in `text` right after `lead` ("My last day will be "), as ISO. */
function dateAfter(text: string, lead: string): string | undefined {
  const at = text.indexOf(lead);
  if (at < 0) return undefined;
  return longDates(text.slice(at + lead.length, at + lead.length + 40))[0];
}

// A count of what a phone sends, written the way the encoding works rather than
// the way src/render/short-message.ts counts: the message is encoded into its
// units (GSM 03.38 septets, with ESC before each extension character; else
// UTF-16 code units) and the unit sequence is cut into segments, never leaving
// an ESC or a high surrogate as a segment's last unit.
const GSM_BASIC = new Set([
  ...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡',
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
]);
const GSM_EXTENSION = new Set([...'\f^{}\\[~]|€']);
const ESC = 'ESC';

function expectedSms(message: string): { encoding: string; units: number; segments: number } {
  const characters = [...message];
  const gsm = characters.every((c) => GSM_BASIC.has(c) || GSM_EXTENSION.has(c));
  const units: string[] = gsm
    ? characters.flatMap((c) => (GSM_EXTENSION.has(c) ? [ESC, c] : [c]))
    : Array.from({ length: message.length }, (_, i) => message[i]!);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const cannotEnd = (unit: string) => (gsm ? unit === ESC : /[\uD800-\uDBFF]/.test(unit));
  let segments = 0;
  if (units.length > 0 && units.length <= single) segments = 1;
  else {
    let rest = units;
    while (rest.length > 0) {
      let cut = Math.min(multi, rest.length);
      if (cut < rest.length && cannotEnd(rest[cut - 1]!)) cut -= 1;
      rest = rest.slice(cut);
      segments += 1;
    }
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units: units.length, segments };
}

function checkMessage(generated: GeneratedContext, message: RenderedMessage, twin: RenderedMessage, context: Record<string, any>): void {
  const { subject, text, html, message: short } = message;
  const plainParts = { subject, text, message: short };

  // Nothing unfilled, in any part; no HTML entity outside the HTML.
  for (const [part, value] of Object.entries({ ...plainParts, html })) {
    expect(value, part).not.toMatch(LEFTOVERS);
    expect(value.length, part).toBeGreaterThan(0);
  }
  for (const [part, value] of Object.entries(plainParts)) {
    expect(value, part).not.toMatch(/\bnull\b/);
    expect(value, part).not.toMatch(HTML_ENTITY);
  }
  expect(subject).not.toMatch(/[\r\n]/);

  // No user value reaches the HTML unescaped: the markup is exactly that of the
  // same context with the special characters taken out of every value.
  expect(markupCounts(html)).toEqual(markupCounts(twin.html));
  // The company and the role read as typed in the text and HTML, with the space before them
  // (tidying whitespace must not eat into a value such as ".NET Developer"), apart from a final
  // full stop or comma the sentence supplies itself (see src/text/compose.ts).
  const untidy = (value: string) => /\s{2,}|(^|\s)[,.;:!?)](\s|$)/.test(value); // what the tidy-up rightly tidies
  for (const value of [context.company, context.role] as string[]) {
    const typed = phrase(value);
    if (!untidy(value) && typed !== '') {
      expect(text.includes(` ${typed}`) || text.startsWith(typed), `text has "${typed}"`).toBe(true);
      expect(html).toContain(escapeHtml(typed));
    }
  }
  // The subject is sized to fit, whatever was typed: 60 characters (code points, as the short message is counted).
  expect([...subject].length).toBeLessThanOrEqual(60);

  // Every weekday named matches its date, in every part.
  for (const [part, value] of Object.entries({ ...plainParts, html })) {
    expect(misnamedWeekdays(value), part).toEqual([]);
    const named = value.match(WEEKDAY)?.length ?? 0;
    const inFullDates = [...value.matchAll(LONG_DATE)].length;
    if (generated.template === 'thank-you' && part !== 'subject') {
      const date = context.interview.date as string;
      const ago = dayFromIso(generated.today) - dayFromIso(date);
      // The HTML names the day as the text does (its subject, in the title, names none).
      expect(named, part).toBe(inFullDates + (ago > 1 ? 1 : 0));
      if (part === 'html') continue;
      // "on Monday" or "on Tuesday, November 17": the interview's own weekday.
      // The phrasing differs from one panel member to the next.
      const when =
        /(?:speak(?:ing)? with me|to meet you|meeting (?:with )?me|for your time) ([^.]+?),? (?:about the|and thank|and for)|(?:time you gave me|to meet you|with me|meeting me|for your time) (today|yesterday|on [^.]+)\./.exec(
          value,
        );
      expect(when, part).not.toBeNull();
      const whenText = when![1] ?? when![2]!;
      if (ago === 0) expect(whenText).toBe('today');
      else if (ago === 1) expect(whenText).toBe('yesterday');
      else expect(whenText).toMatch(new RegExp(`^on ${WEEKDAYS[weekdayOf(date)]}\\b`));
    } else {
      expect(named, part).toBe(inFullDates);
    }
  }

  // What the dates must be, by the guidance.
  const holidays: string[] = context.holidays ?? [];
  if (generated.template === 'resignation') {
    const noticeDate: string = context.notice?.date ?? generated.today;
    const lastDay = dateAfter(text, 'y last day will be ');
    expect(lastDay).toBeDefined();
    expect(isBusinessDay(lastDay!, holidays), `last day ${lastDay}`).toBe(true);
    expect(dayFromIso(lastDay!) >= dayFromIso(noticeDate), `last day ${lastDay} before notice ${noticeDate}`).toBe(true);
  }
  if (generated.template === 'offer-review') {
    const received: string = context.offer.receivedOn ?? generated.today;
    const replyBy = dateAfter(text, 'I will give you my answer by ');
    expect(replyBy).toBeDefined();
    if (context.replyBy) expect(replyBy).toBe(context.replyBy);
    expect(isBusinessDay(replyBy!, holidays), `reply by ${replyBy}`).toBe(true);
    expect(dayFromIso(replyBy!)).toBeGreaterThan(dayFromIso(received));
  }

  // The short message's length and SMS size, as reported.
  const size = measureShortMessage(short);
  const sms = expectedSms(short);
  expect(size.length).toBe([...short].length);
  expect(size.sms).toEqual(sms);
  expect(size.fitsLinkedIn).toBe(size.length <= 300);
  expect(size.fitsLinkedInFree).toBe(size.length <= 200);
  const line = describeShortMessage(size);
  expect(line).toContain(`Short message: ${size.length} characters; `);
  expect(line).toContain(`As SMS: ${sms.encoding}, ${sms.segments} segment${sms.segments === 1 ? '' : 's'}.`);
  const tooLong = `The short message is ${size.length} characters, longer than a free LinkedIn connection note (200); shorten the names it uses.`;
  expect(message.warnings.includes(tooLong)).toBe(size.length > 200);
}

async function renderAndCheck(generated: GeneratedContext): Promise<void> {
  const options = { today: generated.today };
  const messages = await renderContext(generated.template, generated.context, options);
  const twins = await renderContext(generated.template, withoutHtmlSpecials(generated.context), options);
  const people: Array<Record<string, unknown>> = generated.context.recipients ?? [generated.context.recipient];
  expect(messages).toHaveLength(people.length);
  messages.forEach((message, i) => {
    const own = generated.context.recipients
      ? { ...generated.context, interview: { ...generated.context.interview, ...(people[i]!.interview as object) } }
      : generated.context;
    checkMessage(generated, message, twins[i]!, own);
  });
}

describe.each(templateNames)('random valid %s contexts', (template) => {
  it(`render correctly (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(fc.asyncProperty(contextFor(template), renderAndCheck), settings);
  });
});

describe('random thank-you panels', () => {
  it(`render one correct message per person (${PANEL_RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(fc.asyncProperty(panelContext(), renderAndCheck), { seed: SEED, numRuns: PANEL_RUNS });
  });
});

describe('random messages as .eml', () => {
  it(`keep their subject, sender and recipient exactly (${EML_RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...templateNames).chain(contextFor), async (generated) => {
        const [message] = await renderContext(generated.template, generated.context, { today: generated.today });
        const parsed = await simpleParser(await toEml(message!, { date: new Date('2026-11-25T14:30:00Z'), draft: true }));
        expect(parsed.subject).toBe(message!.subject);
        expect(parsed.from?.value).toEqual([{ name: message!.from.name, address: message!.from.email }]);
        // Without an address there is no To header: the draft leaves it for the user to fill in.
        const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
        if (message!.to.email === undefined) expect(parsed.to).toBeUndefined();
        else expect(to[0]?.value).toEqual([{ name: message!.to.name, address: message!.to.email }]);
        expect(parsed.headers.has('bcc')).toBe(false);
        expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(message!.text);
      }),
      { seed: SEED, numRuns: EML_RUNS },
    );
  });
});

describe('short-message sizing', () => {
  it(`counts any text as a phone would (${RUNS * 4} runs, seed ${SEED})`, () => {
    // Every length up to four GSM-7 segments is as likely as any other, so the boundaries get hit.
    const ofLength = (unit: fc.Arbitrary<string>) =>
      fc.integer({ min: 0, max: 700 }).chain((length) => fc.string({ unit, minLength: length, maxLength: length }));
    const anything = ofLength(fc.oneof(gsmCharacter, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })));
    fc.assert(
      fc.property(fc.oneof(ofLength(gsmCharacter), anything), (message) => {
        const size = measureShortMessage(message);
        expect(size.length).toBe([...message].length);
        expect(size.sms).toEqual(expectedSms(message));
      }),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });
});

describe('the CLI reports the short message as it is', () => {
  it(`says its length, LinkedIn fit and SMS segments (${CLI_RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...templateNames).chain(contextFor), async (generated) => {
        const { code, stdout, stderr } = await runCli(
          ['render', generated.template, '-', '--format', 'message', '--today', generated.today],
          {
            stdin: JSON.stringify(generated.context),
          },
        );
        expect(code).toBe(0);
        const short = stdout.replace(/\n$/, '');
        const sms = expectedSms(short);
        const length = [...short].length;
        expect(stderr).toContain(`Short message: ${length} characters; `);
        expect(stderr).toContain(`As SMS: ${sms.encoding}, ${sms.segments} segment${sms.segments === 1 ? '' : 's'}.`);
        expect(stderr.includes(`The short message is ${length} characters, longer than a free LinkedIn connection note (200)`)).toBe(
          length > 200,
        );
      }),
      { seed: SEED, numRuns: CLI_RUNS },
    );
  });
});

describe('what the properties found, as examples', () => {
  const base = {
    sender: { name: 'Jordan Blake', email: 'jordan.blake@example.com' },
    recipient: { name: 'Rachel Nguyen', email: 'rachel.nguyen@example.com' },
    company: 'Lumen Logistics',
    role: '.NET Developer',
  };

  it('keeps the space before a value that starts with punctuation', async () => {
    const [message] = await renderContext(
      'thank-you',
      { ...base, interview: { date: '2026-11-24', topic: '?: the new API' }, fit: 'I have shipped .NET services for six years.' },
      { today: '2026-11-25' },
    );
    expect(message!.subject).toBe('Thank you – .NET Developer interview');
    expect(message!.text).toContain('about the .NET Developer role at Lumen Logistics.');
    expect(message!.text).toContain('our conversation about ?: the new API.');
  });

  it('never puts the last day before a notice handed in on a weekend', async () => {
    // Saturday 2026-11-28, one day's notice: the Sunday it ends on moves on to Monday, not back to Friday.
    const [message] = await renderContext(
      'resignation',
      { ...base, notice: { date: '2026-11-28', length: '1 day' } },
      { today: '2026-11-28' },
    );
    expect(message!.text).toContain('my last day will be Monday, November 30, 2026.');
  });
});
