import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { RenderedMessage } from '../../src/index.js';

/** The tones every built-in writes (issue 13, item 5). */
export const TONES = ['warm', 'formal', 'brief'] as const;
export type ToneName = (typeof TONES)[number];

/** One context to render: a template's own example or a file of the corpus. */
export interface ToneCase {
  name: string;
  template: string;
  context: Record<string, any>;
}

const corpusDir = new URL('../corpus/', import.meta.url);
const templatesDir = new URL('../../templates/', import.meta.url);

/** The template's example.yaml, parsed. */
export function exampleOf(template: string): Record<string, any> {
  return parse(readFileSync(new URL(`${template}/example.yaml`, templatesDir), 'utf8'));
}

/** Every context a template's wording is held to: its example, then its corpus files (test/corpus/<template>.*.yaml). */
export function contextsOf(template: string): ToneCase[] {
  const corpus = readdirSync(corpusDir)
    .filter((file) => file.startsWith(`${template}.`) && file.endsWith('.yaml'))
    .sort()
    .map((file) => ({ name: `corpus/${file}`, template, context: parse(readFileSync(new URL(file, corpusDir), 'utf8')) }));
  return [{ name: `${template}/example.yaml`, template, context: exampleOf(template) }, ...corpus];
}

/** The body a reader reads: the text between the greeting and the closing. */
export function body(message: RenderedMessage): string {
  const lines = message.text.split('\n');
  const start = lines.findIndex((line) => /^Dear .+,$/.test(line)) + 1;
  const end = lines.findLastIndex((line) => /^\S.*,$/.test(line) && !/^Dear /.test(line));
  return lines
    .slice(start, end > start ? end : undefined)
    .join('\n')
    .trim();
}
