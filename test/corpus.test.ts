import { readdirSync, readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatJson } from '../src/cli/output.js';
import { toEml } from '../src/render/eml.js';
import { renderContext, type RenderedMessage } from '../src/render/render.js';
import { bigramSimilarity } from '../src/text/similarity.js';
import { punctuationProblems, wordingProblems } from './helpers/wording.js';

/**
 * Issue 8: a corpus of contexts nobody tuned the templates to (test/corpus/,
 * one file per context, named `<template>.<what>.yaml`), rendered in every
 * format, each message held to the rules a careful sender would check by eye.
 */

const TODAY = '2026-11-25';
const corpusDir = new URL('./corpus/', import.meta.url);
const files = readdirSync(corpusDir)
  .filter((file) => file.endsWith('.yaml'))
  .sort();

interface CorpusEntry {
  file: string;
  template: string;
  context: Record<string, any>;
  /** The advice the file says it must get (`# expect warning: …` lines), each for every message. */
  expectedWarnings: string[];
}

function load(file: string): CorpusEntry {
  const source = readFileSync(new URL(file, corpusDir), 'utf8');
  const expectedWarnings = [...source.matchAll(/^# expect warning: (.+)$/gm)].map((m) => m[1]!);
  return { file, template: file.split('.')[0]!, context: parse(source), expectedWarnings };
}

function checkMessage(entry: CorpusEntry, message: RenderedMessage, person: Record<string, any>): void {
  expect(wordingProblems(message, entry.context, person as { name: string }, entry.context)).toEqual([]);
  const greeting = /^Dear (.+),$/m.exec(message.text)?.[1];
  if (person.addressAs === undefined && /\s/.test(person.name) && !/[\p{Script=Han}\p{Script=Hangul}]/u.test(person.name)) {
    expect(greeting).not.toBe(person.name);
  }

  // Advice fires where the file expects it, and never on ordinary words.
  expect(message.warnings).toHaveLength(entry.expectedWarnings.length);
  entry.expectedWarnings.forEach((expected, i) => {
    expect(message.warnings[i]).toContain(expected);
  });
}

describe.each(files.map(load))('the corpus context $file', (entry) => {
  it('renders, in every part, a message a careful person would send as it is', async () => {
    const messages = await renderContext(entry.template, entry.context, { today: TODAY });
    const people: Array<Record<string, any>> = entry.context.recipients ?? [entry.context.recipient];
    expect(messages).toHaveLength(people.length);
    messages.forEach((message, i) => {
      checkMessage(entry, message, people[i]!);
    });

    // Panel members compare notes: each reads as its own, under its own subject.
    for (let i = 0; i < messages.length; i++) {
      for (let j = i + 1; j < messages.length; j++) {
        const similarity = bigramSimilarity(messages[i]!.text, messages[j]!.text);
        expect(similarity, `${people[i]!.name} / ${people[j]!.name}`).toBeLessThanOrEqual(0.6);
        expect(messages[i]!.subject).not.toBe(messages[j]!.subject);
      }
    }
  });

  it('keeps the same words in JSON, .eml and the longer short message', async () => {
    const messages = await renderContext(entry.template, entry.context, { today: TODAY });
    const json = JSON.parse(await formatJson(messages)) as RenderedMessage[];
    json.forEach((one, i) => {
      expect([one.subject, one.text, one.message]).toEqual([messages[i]!.subject, messages[i]!.text, messages[i]!.message]);
    });
    const parsed = await simpleParser(await toEml(messages[0]!, { date: new Date('2026-11-25T14:30:00Z'), draft: true }));
    expect(parsed.subject).toBe(messages[0]!.subject);
    expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(messages[0]!.text);
    const long = await renderContext(entry.template, entry.context, { today: TODAY, messageLimit: 300 });
    long.forEach((message, i) => {
      expect([...message.message].length).toBeLessThanOrEqual(300);
      expect([...message.message].length).toBeGreaterThanOrEqual([...messages[i]!.message].length);
      expect(punctuationProblems(message.message)).toEqual([]);
    });
  });
});

describe('the corpus', () => {
  it('is varied enough to stand for real users', () => {
    const entries = files.map(load);
    expect(entries.length).toBeGreaterThanOrEqual(30);
    const panels = entries.map((entry) => entry.context.recipients?.length ?? 1).filter((size) => size > 1);
    expect(new Set(panels)).toEqual(new Set([2, 3, 4]));
    const currencies = new Set(entries.map((entry) => entry.context.offer?.currency).filter(Boolean));
    for (const code of ['USD', 'EUR', 'GBP']) expect(currencies).toContain(code);
    const companies = entries.map((entry) => entry.context.company as string);
    for (const ending of ['Inc.', 'Ltd.', 'K.K.', 'S.A.']) expect(companies.some((company) => company.endsWith(ending))).toBe(true);
    const names = entries.flatMap((entry) => (entry.context.recipients ?? [entry.context.recipient]).map((p: { name: string }) => p.name));
    for (const script of ['Han', 'Hangul', 'Greek', 'Cyrillic', 'Devanagari']) {
      expect(names.some((name) => new RegExp(`\\p{Script=${script}}`, 'u').test(name))).toBe(true);
    }
  });
});
