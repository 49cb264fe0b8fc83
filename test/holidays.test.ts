import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AfterviewError } from '../src/errors.js';
import { renderContext } from '../src/render/render.js';
import { fixture } from './helpers/fixtures.js';
import { runCli } from './helpers/cli.js';

function resignation(holidays: unknown, length = '1 month') {
  const context = fixture('resignation.yaml');
  delete context.lastDay;
  context.notice = { date: '2026-12-01', length };
  if (holidays === undefined) delete context.holidays;
  else context.holidays = holidays;
  return context;
}

async function renderText(template: string, context: unknown, today = '2026-12-01'): Promise<string> {
  const [message] = await renderContext(template, context, { today });
  return message!.text;
}

describe('holidays by region', () => {
  it('ends a one-month notice from 2026-12-01 before New Year’s Day when the region has it', async () => {
    expect(await renderText('resignation', resignation(undefined))).toContain('Friday, January 1, 2027');
    const text = await renderText('resignation', resignation('US-CA'));
    expect(text).toContain('Thursday, December 31, 2026');
    expect(text).not.toContain('January 1, 2027');
  });

  it('mixes regions and listed dates, and skips each region’s own days', async () => {
    // Boxing Day (substitute, Monday 2026-12-28) is an English bank holiday and no holiday in California.
    const england = await renderText('resignation', resignation(['GB-ENG', '2026-12-24'], '24 days'));
    expect(england).toContain('Wednesday, December 23, 2026');
    const california = await renderText('resignation', resignation(['US-CA'], '27 days'));
    expect(california).toContain('Monday, December 28, 2026');
  });

  it('counts the days off of a German state in the offer reply date', async () => {
    const context = fixture('offer-review.yaml');
    delete context.replyBy;
    context.holidays = 'DE-BY';
    context.offer.receivedOn = '2026-12-23';
    // 24th: Thursday, 25th and 26th: Christmas (Bavaria), then the weekend: two business days is Monday the 28th.
    const [message] = await renderContext('offer-review', context, { today: '2026-12-23' });
    expect(message!.text).toContain('Monday 28 December 2026');
  });

  it('refuses a region it does not know, naming the field and the codes it knows', async () => {
    const error = await renderContext('resignation', resignation(['US-XX']), { today: '2026-12-01' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfterviewError);
    const issue = (error as AfterviewError).issues[0]!;
    expect(issue.path).toBe('holidays.0');
    expect(issue.message).toMatch(/is not a state or province of US .*US-CA/);
    const unknownCountry = await renderContext('resignation', resignation('QQ'), { today: '2026-12-01' }).catch((e: unknown) => e);
    expect((unknownCountry as AfterviewError).issues[0]!.message).toMatch(/not a country/);
  });

  it('refuses a value that is neither a date nor a region', async () => {
    const error = await renderContext('resignation', resignation(['next friday']), { today: '2026-12-01' }).catch((e: unknown) => e);
    expect((error as AfterviewError).issues[0]).toMatchObject({
      path: 'holidays.0',
      message: expect.stringMatching(/YYYY-MM-DD, or a region/),
    });
  });

  it('takes a region from --set', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'afterview-holidays-')), 'resignation.yaml');
    writeFileSync(file, stringify(resignation(undefined)));
    const result = await runCli(['render', 'resignation', file, '--today', '2026-12-01', '--set', 'holidays=US-CA']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Thursday, December 31, 2026');
  });
});

describe('a computed last day on a widely kept holiday, with no holidays listed', () => {
  it('keeps the date but warns, naming the day and the two ways out', async () => {
    // Two weeks from Friday 2026-12-11 ends on Christmas Day, a Friday.
    const context = resignation(undefined, '2 weeks');
    context.notice.date = '2026-12-11';
    const [message] = await renderContext('resignation', context, { today: '2026-12-11' });
    expect(message!.text).toContain('Friday, December 25, 2026');
    const warning = message!.warnings.find((line) => line.includes('Christmas Day'));
    expect(warning).toContain('Friday, December 25, 2026');
    expect(warning).toContain('holidays: [US]');
    expect(warning).toContain('2026-12-24');
  });

  it("warns about New Year's Day too, and not once the user lists holidays", async () => {
    const [plain] = await renderContext('resignation', resignation(undefined), { today: '2026-12-01' });
    expect(plain!.warnings.join('\n')).toMatch(/January 1, 2027, is New Year's Day/);
    const context = resignation(['2026-07-04'], '2 weeks');
    context.notice.date = '2026-12-11';
    const [listed] = await renderContext('resignation', context, { today: '2026-12-11' });
    expect(listed!.warnings.join('\n')).not.toContain('Christmas');
  });
});
