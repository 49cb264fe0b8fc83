import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from './helpers/spawn.js';

/**
 * A context that names a region loads the date-holidays package once per machine: its
 * answers are kept in the cache folder (src/format/holiday-cache.ts). Run through the built
 * command, each test with a cache folder of its own.
 */

const version = (createRequire(import.meta.url)('date-holidays/package.json') as { version: string }).version;
const example = readFileSync(new URL('../templates/offer-review/example.yaml', import.meta.url), 'utf8');
// The offer arrives on Tuesday 2026-11-24; the answer is due two business days later. In
// California, Thanksgiving and the day after are public holidays, so that is Monday the 30th.
const context = example.replace(/holidays:\n( {2}- .*\n)+/, 'holidays: [US-CA]\n').replace(/\nreplyBy: .*\n/, '\n');

function setUp() {
  const folder = mkdtempSync(join(tmpdir(), 'afterview-holiday-cache-'));
  const file = join(folder, 'offer.yaml');
  writeFileSync(file, context);
  const cache = join(folder, 'cache');
  const cacheFile = join(cache, 'afterview', 'holidays.json');
  const render = (path = file) => runBin(['render', 'offer-review', path, '--today', '2026-11-24'], { env: { XDG_CACHE_HOME: cache } });
  const plant = (content: string) => {
    mkdirSync(join(cache, 'afterview'), { recursive: true });
    writeFileSync(cacheFile, content);
  };
  return { folder, cache, cacheFile, render, plant };
}

const answerDay = (stdout: string) => /I will give you my answer by (\w+, November \d+, 2026)/.exec(stdout)?.[1];

describe('the holiday answers kept on disk', () => {
  it('counts a region’s holidays, and keeps the answers with the package’s version', async () => {
    const { render, cacheFile } = setUp();
    const first = await render();
    expect(first.stderr).toBe('');
    expect(answerDay(first.stdout)).toBe('Monday, November 30, 2026');
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8'));
    expect(stored.version).toBe(version);
    expect(stored.problems).toEqual({ 'US-CA': null });
    expect(stored.holidays['US-CA 2026']).toEqual(expect.arrayContaining(['2026-11-26', '2026-11-27', '2026-12-25']));
    const second = await render();
    expect(second.stdout).toBe(first.stdout);
  });

  it('answers from the file, not the package, once it holds this version’s answers', async () => {
    const { render, plant } = setUp();
    // Answers no real calendar gives: only the Wednesday is a holiday, so the second business day is Friday.
    plant(JSON.stringify({ version, problems: { 'US-CA': null }, holidays: { 'US-CA 2026': ['2026-11-25'] } }));
    expect(answerDay((await render()).stdout)).toBe('Friday, November 27, 2026');
  });

  // Each file also holds the made-up answers above: were it read, the answer would be due on Friday.
  const planted = `"problems":{"US-CA":null},"holidays":{"US-CA 2026":["2026-11-25"]`;
  it.each([
    ['another version of the package', `{"version":"0.0.1",${planted}}}`],
    ['a date that is not one', `{"version":"${version}",${planted},"US-CA 2027":["Thanksgiving"]}}`],
    ['a list where a problem belongs', `{"version":"${version}","problems":{"US-CA":[]},"holidays":{"US-CA 2026":["2026-11-25"]}}`],
    ['a key it never writes', `{"version":"${version}",${planted},"__proto__":["2026-11-25"]}}`],
    ['text that is not JSON', `{"version":"${version}",${planted}`],
  ])('ignores a file holding %s and asks the package again', async (_kind, content) => {
    const { render, plant, cacheFile } = setUp();
    plant(content);
    const result = await render();
    expect(result.stderr).toBe('');
    expect(answerDay(result.stdout)).toBe('Monday, November 30, 2026');
    expect(JSON.parse(readFileSync(cacheFile, 'utf8')).version).toBe(version);
  });

  it('renders as before when the cache folder cannot be written', async () => {
    const { render, cache } = setUp();
    // The cache folder's parent is a file: nothing can be created under it.
    writeFileSync(cache, 'not a folder');
    const result = await render();
    expect(result.stderr).toBe('');
    expect(answerDay(result.stdout)).toBe('Monday, November 30, 2026');
  });

  it('words an unknown region the same from the file as from the package', async () => {
    const { render, folder } = setUp();
    const file = join(folder, 'unknown.yaml');
    writeFileSync(file, context.replace('holidays: [US-CA]', 'holidays: [US-XX]'));
    const first = await render(file);
    const second = await render(file);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('holidays.0: "US-XX" is not a state or province of US the holiday calendar knows; use one of US-AL');
    expect(second.stderr).toBe(first.stderr);
  });
});
