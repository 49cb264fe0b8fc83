// Every afterview command in the README's ```sh blocks, run in order as a reader would, so that
// an example can no longer rot. In a scratch folder holding the fixtures, with a temporary home
// and a fixed --today. A block whose info string says `no-test` is skipped (a command that needs
// a server, a terminal or a mail program); so are the lines listed in SKIPPED, each with why.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { render } from '../src/index.js';
import { TODAY } from './helpers/fixtures.js';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Lines a reader can run but a test cannot, and where each is tested instead. */
const SKIPPED: Array<[RegExp, string]> = [
  [/--copy\b/, 'needs a clipboard (test/clipboard.test.ts)'],
  [/--open\b/, 'opens a mail program (test/render.test.ts covers the link)'],
  [/^afterview send (?!.*--dry-run)/, 'needs an SMTP server and an answer (test/send-cli.test.ts)'],
  [/^afterview draft\b/, 'needs an IMAP server (test/draft tests)'],
  [/^afterview outbox --send\b/, 'needs an SMTP server (test/send-cli.test.ts)'],
];
const TAKES_TODAY = /^afterview (render|validate|send|draft|due)\b/;

interface Example {
  line: number;
  command: string;
  /** An example whose printed output starts with "afterview:" shows an error. */
  fails: boolean;
}

function examples(): Example[] {
  const found: Example[] = [];
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const info = /^```(\S*)(.*)$/.exec(lines[i]!);
    if (!info || info[1] !== 'sh') continue;
    const skipBlock = /\bno-test\b/.test(info[2]!);
    const start = i + 1;
    while (i + 1 < lines.length && !lines[i + 1]!.startsWith('```')) i++;
    const block = lines.slice(start, i + 1);
    const prompted = block.some((l) => l.startsWith('$ '));
    block.forEach((text, j) => {
      if (skipBlock || (prompted && !text.startsWith('$ '))) return;
      const command = text
        .replace(/^\$ /, '')
        .replace(/\s+#.*$/, '')
        .trim();
      const next = block[j + 1] ?? '';
      found.push({ line: start + j + 1, command, fails: prompted && next.startsWith('afterview:') });
    });
    i++;
  }
  return found;
}

const work = mkdtempSync(join(tmpdir(), 'afterview-readme-'));
const home = join(work, 'home');
const folder = join(work, 'folder');
const bin = join(work, 'bin');
afterAll(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(home);
mkdirSync(bin);
// The reader's folder: the fixtures, as the README's examples name them, and the clone's fixtures/.
cpSync(join(root, 'fixtures'), folder, { recursive: true });
cpSync(join(root, 'fixtures'), join(folder, 'fixtures'), { recursive: true });
writeFileSync(join(folder, 'market-research.pdf'), '%PDF-1.4\n% a stand-in\n');
symlinkSync(join(root, 'bin', 'afterview.js'), join(bin, 'afterview'));
const env: NodeJS.ProcessEnv = {
  PATH: `${bin}:${process.env.PATH}`,
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  XDG_CACHE_HOME: join(home, '.cache'),
  XDG_STATE_HOME: join(home, '.local', 'state'),
  NO_COLOR: '1',
  LANG: 'C.UTF-8',
};

describe('the README', () => {
  it('quotes the dates and money a locale gives as afterview writes them', async () => {
    const sentence = /`en-US` writes "([^"]+)"\s+and "([^"]+)", `en-GB` "([^"]+)"/.exec(readme.replace(/\n/g, ' '));
    expect(sentence).not.toBeNull();
    const [, usDate, usMoney, gbDate] = sentence!;
    const example = parseYaml(readFileSync(join(root, 'fixtures', 'offer-review.yaml'), 'utf8'));
    const text = async (locale: string) =>
      (
        await render(
          'offer-review',
          { ...example, locale, offer: { ...example.offer, base: 165000, currency: 'USD' }, replyBy: '2026-12-01' },
          { today: '2026-11-27' },
        )
      ).text;
    const us = await text('en-US');
    expect(us).toContain(`by ${usDate}.`);
    expect(us).toContain(usMoney);
    expect(await text('en-GB')).toContain(`by ${gbDate}.`);
  });

  it('runs afterview as installed, never through npx', () => {
    expect(readme).not.toMatch(/npx afterview/);
  });

  const runnable = examples().filter((example) => /^(afterview |export )/.test(example.command));
  it('has examples to run', () => {
    expect(runnable.length).toBeGreaterThan(10);
  });

  // In order, one after another: `init --out acme.yaml` makes the file later examples use.
  for (const example of runnable) {
    const skip = SKIPPED.find(([pattern]) => pattern.test(example.command));
    const name = `line ${example.line}: ${example.command}`;
    if (skip) continue;
    it(name, () => {
      const exported = /^export (\w+)=(.*)$/.exec(example.command);
      if (exported) {
        env[exported[1]!] = exported[2]!;
        return;
      }
      let command = example.command;
      // The last command of a pipe, or the only one, gets the fixed date.
      const last = command.split(' | ').at(-1)!;
      if (TAKES_TODAY.test(last) && !last.includes('--today')) command = command.replace(/(\s>.*)?$/, (rest) => ` --today ${TODAY}${rest}`);
      const result = spawnSync('sh', ['-c', command], { cwd: folder, env, encoding: 'utf8', input: '', timeout: 60_000 });
      const said = `${result.stdout}\n${result.stderr}`;
      if (example.fails) {
        expect(result.status, said).not.toBe(0);
        expect(result.stderr).toMatch(/^afterview: /m);
      } else {
        expect(result.status, said).toBe(0);
      }
      expect(result.stderr).not.toMatch(/^\s+at /m);
    });
  }
});
