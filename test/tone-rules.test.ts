import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderContext } from '../src/index.js';
import type { RenderedMessage } from '../src/render/render.js';
import { values, visibleHtml } from './helpers/wording.js';

/**
 * What a cold reader (a hiring manager) found in the formal and brief wordings,
 * as rules over every context of the corpus and each template's example, so
 * that a wording written later is held to them too.
 */

const TODAY = '2026-11-25';
const TONES = ['warm', 'formal', 'brief'] as const;
// thank-you is worded by another issue; every other built-in is held to these rules.
const TEMPLATES = [
  'withdrawal',
  'resignation',
  'offer-review',
  'feedback-request',
  'check-in',
  'accept-offer',
  'decline-offer',
  'negotiation-reply',
  'counteroffer',
];

const corpusDir = new URL('./corpus/', import.meta.url);
const templatesDir = new URL('../templates/', import.meta.url);

interface Case {
  name: string;
  template: string;
  context: Record<string, any>;
}

function example(template: string): Record<string, any> {
  return parse(readFileSync(new URL(`${template}/example.yaml`, templatesDir), 'utf8'));
}

const cases: Case[] = TEMPLATES.flatMap((template) => [
  { name: `${template}/example.yaml`, template, context: example(template) },
  ...readdirSync(corpusDir)
    .filter((file) => file.startsWith(`${template}.`) && file.endsWith('.yaml'))
    .sort()
    .map((file) => ({ name: `corpus/${file}`, template, context: parse(readFileSync(new URL(file, corpusDir), 'utf8')) })),
]);

async function render(template: string, context: Record<string, any>, tone: string): Promise<RenderedMessage> {
  const [message] = await renderContext(template, { ...context, tone }, { today: TODAY });
  return message!;
}

/** The body a reader reads: the text between the greeting and the closing. */
function body(message: RenderedMessage): string {
  const lines = message.text.split('\n');
  const start = lines.findIndex((line) => /^Dear .+,$/.test(line)) + 1;
  const end = lines.findLastIndex((line) => /^\S.*,$/.test(line) && !/^Dear /.test(line));
  return lines
    .slice(start, end > start ? end : undefined)
    .join('\n')
    .trim();
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
    const context = { ...example(template), role, company };

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
