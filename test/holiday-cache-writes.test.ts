import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * The holiday answers are written when a render has new ones: a region's check during
 * validation, then its holidays while the view is built, a moment later. Written at once,
 * side by side, the first write (fewer answers) could finish last and leave a file without
 * the holidays: one CI run in about eight failed so. Here the first write is made the slow
 * one on purpose.
 */

const delays = [80, 0];
vi.mock('../src/shared/atomic-write.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/shared/atomic-write.js')>();
  return {
    ...original,
    writeFileAtomic: async (...args: Parameters<typeof original.writeFileAtomic>) => {
      await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0));
      return original.writeFileAtomic(...args);
    },
  };
});

const cache = mkdtempSync(join(tmpdir(), 'afterview-holiday-writes-'));
const previous = process.env.XDG_CACHE_HOME;
process.env.XDG_CACHE_HOME = cache;
afterAll(() => {
  if (previous === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = previous;
});

describe('the holiday answers written one after another', () => {
  it('keep every answer, though the write with fewer finishes its work last', async () => {
    const { cachedRegionHolidays, cachedRegionProblem, holidayAnswersWritten } = await import('../src/format/holiday-cache.js');
    expect(cachedRegionProblem('US-CA', () => undefined)).toBeUndefined();
    // The write of the region's check begins (and, made slow, is still under way)…
    await new Promise((resolve) => setTimeout(resolve, 10));
    // …when the view asks for the year's holidays, which asks for another write.
    expect(cachedRegionHolidays('US-CA', 2026, () => ['2026-11-26', '2026-11-27'])).toEqual(['2026-11-26', '2026-11-27']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await holidayAnswersWritten();
    const stored = JSON.parse(readFileSync(join(cache, 'afterview', 'holidays.json'), 'utf8'));
    expect(stored.problems).toEqual({ 'US-CA': null });
    expect(stored.holidays).toEqual({ 'US-CA 2026': ['2026-11-26', '2026-11-27'] });
  });
});
