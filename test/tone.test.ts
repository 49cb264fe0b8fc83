import { describe, expect, it } from 'vitest';
import { type RenderedMessage, renderContext, templateNames } from '../src/index.js';
import { bigramSimilarity } from '../src/text/similarity.js';
import { body, contextsOf, exampleOf, TONES, type ToneCase } from './helpers/tones.js';
import { values, visibleHtml, wordingProblems } from './helpers/wording.js';

/**
 * Issue 13, item 5: `tone: warm | formal | brief`. Every built-in writes all
 * three, for every context of the corpus and its own example: each tone reads
 * as its own text (not the same one with a word swapped), brief is the
 * shortest complete version, the HTML says what the text says, and every one
 * passes the message-quality rules the corpus holds the default wording to.
 */

const TODAY = '2026-11-25';

// Every built-in writes all three tones.
const TONED = templateNames;

/** "I'm", "we've", "don't", "it's": what a formal letter spells out. */
const CONTRACTION = /\b\p{L}+['’](?:m|re|ve|ll|d|t)\b|\b(?:it|that|there|here|what|let|who)['’]s\b/giu;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

async function renderTones(entry: ToneCase) {
  const rendered = await Promise.all(TONES.map((tone) => renderContext(entry.template, { ...entry.context, tone }, { today: TODAY })));
  return Object.fromEntries(TONES.map((tone, i) => [tone, rendered[i]!])) as Record<(typeof TONES)[number], RenderedMessage[]>;
}

describe.each(TONED.flatMap(contextsOf))('the tones of $name', (entry) => {
  const people: Array<Record<string, any>> = entry.context.recipients ?? [entry.context.recipient];

  it('without a tone, reads as the warm one', async () => {
    const [plain, warm] = await Promise.all([
      renderContext(entry.template, entry.context, { today: TODAY }),
      renderContext(entry.template, { ...entry.context, tone: 'warm' }, { today: TODAY }),
    ]);
    expect(plain.map((m) => [m.subject, m.text, m.message])).toEqual(warm.map((m) => [m.subject, m.text, m.message]));
  });

  it('passes every message-quality rule in each tone, for each person', async () => {
    const byTone = await renderTones(entry);
    for (const tone of TONES) {
      byTone[tone].forEach((message, i) => {
        expect(
          wordingProblems(message, entry.context, people[i] as { name: string }, entry.context, tone),
          `${tone}, ${people[i]!.name}`,
        ).toEqual([]);
      });
      // A panel still gets a note of its own for each person, under its own subject.
      const notes = byTone[tone];
      for (let i = 0; i < notes.length; i++) {
        for (let j = i + 1; j < notes.length; j++) {
          expect(bigramSimilarity(notes[i]!.text, notes[j]!.text), `${tone}: ${people[i]!.name} / ${people[j]!.name}`).toBeLessThanOrEqual(
            0.6,
          );
          expect(notes[i]!.subject, tone).not.toBe(notes[j]!.subject);
        }
      }
    }
  });

  it('reads differently in each tone, and brief is the shortest', async () => {
    const byTone = await renderTones(entry);
    people.forEach((person, i) => {
      const warm = byTone.warm[i]!;
      const formal = byTone.formal[i]!;
      const brief = byTone.brief[i]!;
      const label = `${person.name}`;
      // Not the same text with a word swapped: most word pairs differ (the user's own values are shared).
      expect(bigramSimilarity(body(warm), body(formal)), `${label}: warm / formal`).toBeLessThanOrEqual(0.7);
      expect(bigramSimilarity(body(warm), body(brief)), `${label}: warm / brief`).toBeLessThanOrEqual(0.7);
      expect(bigramSimilarity(body(formal), body(brief)), `${label}: formal / brief`).toBeLessThanOrEqual(0.7);
      expect(words(body(brief)), `${label}: brief is shorter than warm`).toBeLessThan(words(body(warm)));
      expect(words(body(brief)), `${label}: brief is shorter than formal`).toBeLessThan(words(body(formal)));
      expect([...brief.message].length, `${label}: the brief short message`).toBeLessThanOrEqual([...warm.message].length);
    });
  });

  it('is formal without a contraction or an exclamation of its own, in every part', async () => {
    const { formal } = await renderTones(entry);
    // The user's own words stay as typed: only what the template adds is held to the rule.
    const typed = values(entry.context).join('\n');
    formal.forEach((message, i) => {
      for (const part of [message.subject, message.text, message.message]) {
        const own = [...part.matchAll(CONTRACTION)].map((m) => m[0]).filter((word) => !typed.includes(word));
        expect(own, `${people[i]!.name}: ${part}`).toEqual([]);
        if (!typed.includes('!')) expect(part, people[i]!.name).not.toContain('!');
      }
    });
  });

  it('is brief in three paragraphs at most', async () => {
    const { brief } = await renderTones(entry);
    brief.forEach((message, i) => {
      expect(body(message).split(/\n\n+/).length, `${people[i]!.name}: paragraphs`).toBeLessThanOrEqual(3);
    });
  });

  it('says in the HTML what the text says, in the same tone', async () => {
    const byTone = await renderTones(entry);
    for (const tone of TONES) {
      const message = byTone[tone][0]!;
      const html = visibleHtml(message.html).join('\n');
      const others = TONES.filter((other) => other !== tone).map((other) => body(byTone[other][0]!));
      const own = bigramSimilarity(html, body(message));
      for (const other of others)
        expect(own, `${tone}: the HTML is closest to its own text`).toBeGreaterThan(bigramSimilarity(html, other));
      // Every paragraph of the text body appears in the HTML (a "- " item of the text is an <li> there).
      for (const paragraph of body(message).split(/\n\n+/))
        expect(html.replace(/\s+/g, ' '), tone).toContain(paragraph.replace(/^- /gm, '').replace(/\s+/g, ' ').trim());
    }
  });
});

describe.each(contextsOf('thank-you'))('the thank-you notes of $name', (entry) => {
  const people: Array<Record<string, any>> = entry.context.recipients ?? [entry.context.recipient];
  /** The short message without its greeting's name, so two people's can be compared. */
  const unnamed = (message: string, i: number) => message.replace(`${people[i]!.addressAs ?? people[i]!.name},`, ',');

  it('thanks each person, in the text and in the short message, in every tone', async () => {
    const byTone = await renderTones(entry);
    for (const tone of TONES) {
      byTone[tone].forEach((message, i) => {
        expect(body(message), `${tone}, ${people[i]!.name}: text`).toMatch(/thank/i);
        expect(message.message, `${tone}, ${people[i]!.name}: short message`).toMatch(/thank/i);
        expect(message.subject, `${tone}, ${people[i]!.name}: subject`).toMatch(/thank/i);
      });
    }
  });

  it('gives each person on a panel a short message of their own, in every tone', async () => {
    const byTone = await renderTones(entry);
    for (const tone of TONES) {
      const messages = byTone[tone].map((message, i) => unnamed(message.message, i));
      expect(new Set(messages).size, `${tone}: ${messages.join(' / ')}`).toBe(messages.length);
    }
  });
});

describe('the tone field', () => {
  it('refuses a tone that is not one of the three, and says which there are', async () => {
    const context = exampleOf('thank-you');
    await expect(renderContext('thank-you', { ...context, tone: 'casual' }, { today: TODAY })).rejects.toThrow(
      /tone: must be one of "warm", "formal", "brief", not "casual"/,
    );
  });
});
