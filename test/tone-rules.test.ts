import { describe, expect, it } from 'vitest';
import { type RenderedMessage, renderContext, templateNames } from '../src/index.js';
import { body, contextsOf, exampleOf, TONES } from './helpers/tones.js';
import { values, visibleHtml } from './helpers/wording.js';

/**
 * What a cold reader (a hiring manager) found in the formal and brief wordings,
 * as rules over every context of the corpus and each template's example, so
 * that a wording written later is held to them too.
 */

const TODAY = '2026-11-25';
// Every built-in is held to these rules.
const TEMPLATES = templateNames;

const cases = TEMPLATES.flatMap(contextsOf);

async function render(template: string, context: Record<string, any>, tone: string): Promise<RenderedMessage> {
  const [message] = await renderContext(template, { ...context, tone }, { today: TODAY });
  return message!;
}

/** The template's own words: the text with every value the user typed taken out. */
function ownWords(text: string, context: Record<string, any>): string {
  const typed = values(context)
    .filter((value) => value.length > 2)
    .sort((a, b) => b.length - a.length);
  return typed.reduce((rest, value) => rest.split(value).join(' … '), text);
}

// Words and phrases a reader notices when a short text says them twice.
const ONCE = ['also', 'fully', 'sincerely', 'careful consideration'];
// A short message is two or three sentences: "thank you for considering … after careful consideration" shows.
const ONCE_IN_A_NOTE = [...ONCE, 'consider'];

function repeated(text: string, words = ONCE): string[] {
  return words.filter((word) => (text.match(new RegExp(`\\b${word}\\w*`, 'gi')) ?? []).length > 1);
}

describe.each(cases)('the wording of $name', ({ template, context }) => {
  it.each(TONES)('says no word twice that a reader would notice, in the %s tone', async (tone) => {
    const message = await render(template, context, tone);
    expect(repeated(ownWords(body(message), context)), 'body').toEqual([]);
    expect(repeated(ownWords(message.message, context), ONCE_IN_A_NOTE), 'short message').toEqual([]);
  });

  it.each(TONES)('never thanks "for the offer for the" role, in the %s tone, in any part', async (tone) => {
    const message = await render(template, context, tone);
    for (const part of [message.subject, message.text, message.message, ...visibleHtml(message.html)]) {
      expect(part).not.toMatch(/\bfor the offer for the\b/i);
    }
  });

  it('does not echo "Yours sincerely" in a formal body', async () => {
    const message = await render(template, context, 'formal');
    expect(message.text).toMatch(/^Yours sincerely,$/m);
    expect(ownWords(body(message), context)).not.toMatch(/sincere/i);
  });

  it('keeps in the brief short message no more than the warm one keeps', async () => {
    const [warm, brief] = await Promise.all([render(template, context, 'warm'), render(template, context, 'brief')]);
    if (!warm.message.includes(context.role)) expect(brief.message).not.toContain(context.role);
    if (!warm.message.includes(context.company)) expect(brief.message).not.toContain(context.company);
  });
});

// Nouns a name cannot stand before when it has a comma of its own: "the Senior Associate, Commercial Litigation offer".
const MODIFIED = /^ (offer|application|team|package|process|opportunity|interview)\b/;

// Short names keep every wording's role and company; long ones take the fitting ladder's shorter steps.
const COMMA_NAMES = [
  { role: 'Associate, Litigation', company: 'Samho Co., Ltd.' },
  { role: 'Senior Associate, Commercial Litigation', company: 'Hyundai Samho Heavy Industries Co., Ltd.' },
];

describe.each(TEMPLATES.flatMap((template) => COMMA_NAMES.map((names) => ({ template, ...names }))))(
  '$template with the role "$role" and the company "$company"',
  ({ template, role, company }) => {
    const context = { ...exampleOf(template), role, company };

    it.each(TONES)('never uses them as a noun modifier, in the %s tone, in any part', async (tone) => {
      const message = await render(template, context, tone);
      const parts = [message.subject, message.text, message.message, ...visibleHtml(message.html)];
      for (const part of parts) {
        for (const name of [role, company]) {
          for (let at = part.indexOf(name); at !== -1; at = part.indexOf(name, at + 1)) {
            expect(part.slice(at + name.length), `${name} in: ${part}`).not.toMatch(MODIFIED);
          }
        }
      }
    });

    it('still names the company in the email', async () => {
      const message = await render(template, context, 'formal');
      expect(message.text).toContain(company);
    });
  },
);
