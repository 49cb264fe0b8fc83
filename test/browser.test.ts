/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlFragment, type RenderedMessage, renderContext, templateNames } from '../src/index.js';
import { CHROMIUM, launchChromium } from './helpers/chromium.js';
import { TODAY } from './helpers/fixtures.js';

const COMPOSER_URL = 'https://composer.afterview.test/';
const runningInCI = Boolean(process.env.CI) && process.env.CI !== 'false';

/** Each built-in template's own example, as a new user first renders it. */
async function examples(): Promise<Array<[string, RenderedMessage]>> {
  return Promise.all(
    templateNames.map(async (name): Promise<[string, RenderedMessage]> => {
      const context = parse(readFileSync(new URL(`../templates/${name}/example.yaml`, import.meta.url), 'utf8'));
      const [message] = await renderContext(name, context, { today: TODAY });
      return [name, message!];
    }),
  );
}

/** Relative luminance of a computed `rgb(…)` colour: 0 is black, 1 is white. */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).map(Number).map((c) => c / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe.runIf(existsSync(CHROMIUM) || runningInCI)('the HTML in a real browser (headless Chromium)', () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let messages: Array<[string, RenderedMessage]>;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error('chromium must be installed for these tests in CI: list it in .ci/apt-packages');
    // One browser for the whole file, with a fresh profile and nothing that reaches the network.
    ({ context, profile } = await launchChromium());
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(COMPOSER_URL).origin });
    // Served by the test itself: nothing leaves the machine.
    await context.route(COMPOSER_URL, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><div id="editor" contenteditable="true" style="font: 13px Georgia, serif; color: rgb(34, 34, 34); min-height: 200px"></div>',
      }),
    );
    page = context.pages()[0] ?? (await context.newPage());
    messages = await examples();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** How the rendered note lays out at one width and colour scheme. */
  async function layout(html: string, width: number, colorScheme: 'light' | 'dark') {
    await page.setViewportSize({ width, height: 800 });
    await page.emulateMedia({ colorScheme });
    await page.setContent(html);
    return page.evaluate(() => {
      const paragraphs = [...document.querySelectorAll('p')];
      const range = document.createRange();
      const firstText = paragraphs[0]!.firstChild!;
      range.selectNodeContents(firstText);
      const style = getComputedStyle(paragraphs[1]!);
      return {
        scrollWidth: document.documentElement.scrollWidth,
        textLeft: range.getBoundingClientRect().left,
        colour: style.color,
        fontSize: Number.parseFloat(style.fontSize),
        fontFamily: style.fontFamily,
        fixedWidths: [...document.querySelectorAll('body *')].filter(
          (element) => /width/i.test(element.getAttribute('style') ?? '') || element.hasAttribute('width'),
        ).length,
        tables: document.querySelectorAll('table').length,
      };
    });
  }

  it('fits a 375 px phone with no horizontal scroll, for every template', async () => {
    for (const [name, message] of messages) {
      const result = await layout(message.html, 375, 'light');
      expect(result.scrollWidth, name).toBeLessThanOrEqual(375);
      expect(result.tables, name).toBe(0);
      expect(result.fixedWidths, name).toBe(0);
    }
  });

  it('starts the text near the left edge at 600 and 1100 px, like a note written in the mail client', async () => {
    for (const [name, message] of messages) {
      for (const width of [600, 1100]) {
        const result = await layout(message.html, width, 'light');
        expect(result.scrollWidth, `${name} at ${width}`).toBeLessThanOrEqual(width);
        expect(result.textLeft, `${name} at ${width}`).toBeLessThanOrEqual(40);
      }
    }
  });

  it("takes the reader's colours in a dark scheme and the reader's font at a readable size", async () => {
    const defaultFont = await page.evaluate(() => {
      document.body.innerHTML = '<p>x</p>';
      return getComputedStyle(document.querySelector('p')!).fontFamily;
    });
    for (const [name, message] of messages) {
      const light = await layout(message.html, 600, 'light');
      const dark = await layout(message.html, 600, 'dark');
      expect(luminance(light.colour), `${name} light`).toBeLessThan(0.3);
      expect(luminance(dark.colour), `${name} dark`).toBeGreaterThan(0.7);
      expect(dark.fontFamily, name).toBe(defaultFont);
      expect(dark.fontSize, name).toBeGreaterThanOrEqual(14);
    }
  });

  it('pastes the copied fragment into a composer as ordinary text in its own style', async () => {
    for (const [name, message] of messages) {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.emulateMedia({ colorScheme: 'light' });
      // A composer with its own font, as webmail has, on an https page (the clipboard API needs a secure origin).
      await page.goto(COMPOSER_URL);
      const fragment = htmlFragment(message.html);
      await page.evaluate(
        async ({ html, text }) => {
          const item = new ClipboardItem({
            'text/html': new Blob([html], { type: 'text/html' }),
            'text/plain': new Blob([text], { type: 'text/plain' }),
          });
          await navigator.clipboard.write([item]);
        },
        { html: fragment, text: message.text },
      );
      await page.focus('#editor');
      await page.keyboard.press('Control+V');
      await page.keyboard.press('Enter');
      await page.keyboard.type('PS typed after the paste');
      const result = await page.evaluate(() => {
        const editor = document.getElementById('editor')!;
        const elements = [...editor.querySelectorAll('*')];
        const typed = [...editor.querySelectorAll('*')].reverse().find((element) => element.textContent?.includes('PS typed after'));
        const note = editor.querySelector('p') ?? editor;
        const font = (element: Element) => {
          const style = getComputedStyle(element);
          return `${style.fontFamily} ${style.fontSize} ${style.color}`;
        };
        return {
          text: editor.innerText,
          tables: editor.querySelectorAll('table').length,
          fixedWidths: elements.filter((element) => {
            const style = element.getAttribute('style') ?? '';
            return /(^|;)\s*(min-|max-)?width\s*:/i.test(style) || element.hasAttribute('width');
          }).length,
          scrollWidth: editor.scrollWidth,
          clientWidth: editor.clientWidth,
          noteFont: font(note),
          typedFont: font(typed ?? editor),
          editorFont: font(editor),
        };
      });
      expect(result.text, name).toContain(message.text.split('\n')[0]!);
      expect(result.tables, name).toBe(0);
      expect(result.fixedWidths, name).toBe(0);
      expect(result.scrollWidth, name).toBeLessThanOrEqual(result.clientWidth);
      expect(result.noteFont, name).toBe(result.editorFont);
      expect(result.typedFont, name).toBe(result.noteFont);
    }
  });
});
