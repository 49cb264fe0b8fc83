import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderer, startPreview } from '../src/index.js';
import { launchChromium } from './helpers/chromium.js';
import { TODAY, fixturePath } from './helpers/fixtures.js';
import { templateFolder } from './helpers/template-folder.js';

let browser: BrowserContext;

beforeAll(async () => {
  // A fresh profile folder each run (Playwright takes it as the persistent context's folder).
  ({ context: browser } = await launchChromium());
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('afterview preview', () => {
  it('shows each panel member in a tab, and reloads when the context or a template changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterview-preview-'));
    const context = join(dir, 'panel.yaml');
    writeFileSync(context, readFileSync(fixturePath('panel.yaml'), 'utf8'));
    const folder = templateFolder({ 'thank-you/subject.hbs': 'Thanks, {{recipient.addressAs}}' });
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const { parse } = await import('yaml');
    const preview = await startPreview({
      template: 'thank-you',
      load: () => createRenderer({ folder, env }).renderContext('thank-you', parse(readFileSync(context, 'utf8')), { today: TODAY }),
      watch: [context, folder],
    });
    try {
      expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await browser.newPage();
      await page.goto(preview.url);
      const tabs = page.locator('nav button');
      const panel = parse(readFileSync(context, 'utf8')) as { recipients: Array<{ name: string; addressAs?: string }> };
      expect(await tabs.allTextContents()).toEqual(panel.recipients.map((r) => r.name));

      await tabs.nth(1).click();
      const second = page.locator('#message-2');
      await expect.poll(() => second.isVisible()).toBe(true);
      expect(await page.locator('#message-1').isVisible()).toBe(false);
      expect(await second.locator('.to').textContent()).toContain(panel.recipients[1]!.name);
      expect(await second.locator('.subject').textContent()).toMatch(/^Thanks, /);
      expect(await second.locator('.size').textContent()).toMatch(/characters/);
      expect(await second.locator('pre.text').textContent()).toContain('Dear');
      // The HTML at both widths, from the server, in sandboxed frames.
      const frames = second.locator('iframe');
      expect(await frames.evaluateAll((all) => all.map((f) => f.getAttribute('width')))).toEqual(['375', '800']);
      const html = page.frames().find((f) => f.url().endsWith('/message/1.html'))!;
      expect(await html.locator('body').textContent()).toContain('Thank you');

      // The context changes on disk: the page shows the new text, on the tab that was open.
      writeFileSync(context, readFileSync(context, 'utf8').replace('company: Quillon & Marsh', 'company: Globex Industries'));
      await expect.poll(() => page.locator('#message-2 pre.text').textContent(), { timeout: 20_000 }).toContain('Globex Industries');
      expect(await page.locator('#message-2').isVisible()).toBe(true);

      // A template file changes: likewise.
      writeFileSync(join(folder, 'thank-you', 'subject.hbs'), 'Many thanks, {{recipient.addressAs}}');
      await expect.poll(() => page.locator('#message-2 .subject').textContent(), { timeout: 20_000 }).toMatch(/^Many thanks, /);

      // A broken template shows its error instead of the messages, and a fix brings them back.
      writeFileSync(join(folder, 'thank-you', 'subject.hbs'), 'Thanks {{#if role}}');
      await expect.poll(() => page.locator('.error').textContent(), { timeout: 20_000 }).toContain('subject.hbs:1');
      writeFileSync(join(folder, 'thank-you', 'subject.hbs'), 'Fixed, {{recipient.addressAs}}');
      await expect.poll(() => page.locator('#message-1 .subject').textContent(), { timeout: 20_000 }).toMatch(/^Fixed, /);
    } finally {
      await preview.close();
    }
  }, 120_000);

  it('answers only requests addressed to the loopback address', async () => {
    const preview = await startPreview({ template: 'thank-you', load: async () => [], watch: [] });
    try {
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(preview.url, { headers: { host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(403);
      expect((await fetch(preview.url)).status).toBe(200);
    } finally {
      await preview.close();
    }
  });
});
