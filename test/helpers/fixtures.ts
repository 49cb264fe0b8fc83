import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const TODAY = '2026-11-25'; // a Wednesday

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
}

/** A fresh copy of a fixture's context, to change in one test without affecting another. */
export function fixture(name: string): Record<string, any> {
  return parse(readFileSync(fixturePath(name), 'utf8')) as Record<string, any>;
}
