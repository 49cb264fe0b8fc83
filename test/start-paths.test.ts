import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { parse } from '../src/cli/parser.js';
import { type Replies, recordedForms, savedReply } from '../src/cli/shell.js';
import { formats } from '../src/cli/format-choices.js';
import { simpleRenderArgs } from '../src/cli/simple-render.js';
import { formats as libraryFormats } from '../src/index.js';
import { capture } from './helpers/cli.js';
import { fixturePath, TODAY } from './helpers/fixtures.js';

/**
 * The two ways the command starts without the whole of yargs: saved replies for help,
 * version, completion and list (src/cli/shell.ts), and the everyday render read without
 * the parser (src/cli/simple-render.ts). Each must answer exactly as the full CLI does.
 */

const RENDER_KEYS = ['template', 'context', 'set', 'format', 'today', 'force', 'open', 'long', 'out', 'copy', 'person'] as const;
const OTHER_KEYS = ['profile', 'replyTo', 'templates'] as const;

describe('the everyday render without the parser', () => {
  it('reads each plain form as yargs does, and leaves every other to yargs', async () => {
    const tokens = [
      'render',
      'thank-you',
      'withdrawal',
      fixturePath('thank-you.yaml'),
      'other.yaml',
      '-',
      '--format',
      'html',
      'eml',
      'bogus',
      '--today',
      TODAY,
      '--set',
      'company=Acme',
      '--format=html',
      '--long',
      '--out',
      '-x',
      '--',
      '--help',
      'THANK',
    ];
    let simple = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...tokens), { maxLength: 7 }), async (rest) => {
        const args = ['render', ...rest];
        const ours = simpleRenderArgs(args);
        if (ours === undefined) return;
        simple += 1;
        const { argv, error } = await parse(args);
        expect(error, args.join(' ')).toBeUndefined();
        for (const key of RENDER_KEYS) expect(ours[key], `${key} in ${args.join(' ')}`).toEqual(argv[key]);
        for (const key of OTHER_KEYS) expect(argv[key], `${key} in ${args.join(' ')}`).toBeUndefined();
        expect(argv._).toEqual(['render']);
      }),
      // A fixed seed keeps the suite deterministic; 400 runs of yargs take seconds on a loaded machine.
      { numRuns: 400, seed: 20261129 },
    );
    expect(simple).toBeGreaterThan(10);
  }, 60_000);

  it("offers --format exactly the library's formats", () => {
    expect([...formats]).toEqual([...libraryFormats]);
  });

  it('takes the forms the README and the bench use', () => {
    const file = fixturePath('thank-you.yaml');
    expect(simpleRenderArgs(['render', 'thank-you', file, '--today', TODAY, '--format', 'html'])).toMatchObject({
      template: 'thank-you',
      context: [file],
      format: 'html',
      today: TODAY,
    });
    expect(simpleRenderArgs(['render', 'withdrawal', '-'])).toMatchObject({ context: ['-'], format: 'text' });
    expect(simpleRenderArgs(['render', 'thank-you', file, '--format', 'pdf'])).toBeUndefined();
    expect(simpleRenderArgs(['render', 'thank-you'])).toBeUndefined();
  });
});

const replies = fileURLToPath(new URL('../dist/generated/replies.json', import.meta.url));
const bin = fileURLToPath(new URL('../bin/afterview.js', import.meta.url));

describe.skipIf(!existsSync(replies))('saved replies (dist/generated/replies.json; `npm run build` makes them)', () => {
  const saved = JSON.parse(readFileSync(replies, 'utf8')) as Replies;
  const home = mkdtempSync(join(tmpdir(), 'afterview-replies-'));
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), NO_COLOR: '1', SHELL: '/bin/bash' };

  it('are what the CLI prints, for help, version, completion and list', async () => {
    const commands = ['list', 'init', 'schema', 'validate', 'render', 'send', 'draft', 'outbox', 'due', 'lint', 'preview'];
    const forms = recordedForms(commands).map((args) => args.join(' '));
    // Recorded for both widths, and for each command the help forms.
    expect(Object.keys(saved.widths['80']!).sort()).toEqual(expect.arrayContaining(forms.sort()));
    expect(Object.keys(saved.widths['100']!).sort()).toEqual(Object.keys(saved.widths['80']!).sort());
    for (const key of Object.keys(saved.widths['80']!)) {
      const { code, out, err } = (await capture(run, key.split(' '), env))!;
      expect({ key, code, err, out }).toEqual({ key, code: 0, err: '', out: saved.widths['80']![key] });
    }
  });

  it('are not used where the CLI may answer otherwise', () => {
    expect(savedReply(saved, ['list'], env, undefined)).toBeDefined();
    expect(savedReply(saved, ['--help'], env, 120)).toBe(saved.widths['100']!['--help']);
    expect(savedReply(saved, ['--help'], env, 90)).toBeUndefined();
    expect(savedReply(saved, ['render', 'thank-you'], env, undefined)).toBeUndefined();
    expect(savedReply(saved, ['completion'], { ...env, SHELL: '/usr/bin/zsh' }, undefined)).toBeUndefined();
    expect(savedReply(saved, ['list'], { ...env, AFTERVIEW_PROFILE: '' }, undefined)).toBeUndefined();
    expect(savedReply(saved, ['--help'], { ...env, AFTERVIEW_PROFILE: '' }, undefined)).toBeDefined();
  });

  it('send list to the CLI when the user has templates of their own, which it lists', () => {
    const withTemplates = mkdtempSync(join(tmpdir(), 'afterview-replies-'));
    const folder = join(withTemplates, 'config', 'afterview', 'templates', 'thank-you');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'subject.hbs'), 'Thanks, {{recipient.name}}');
    const userEnv = { ...env, HOME: withTemplates, XDG_CONFIG_HOME: join(withTemplates, 'config') };
    expect(savedReply(saved, ['list'], userEnv, undefined)).toBeUndefined();
    const listed = spawnSync(process.execPath, [bin, 'list'], { env: { ...process.env, ...userEnv }, encoding: 'utf8' });
    expect(listed.status).toBe(0);
    expect(listed.stdout).not.toBe(saved.widths['80']!.list);
  });
});

describe.skipIf(!existsSync(replies))('the everyday render ends the process as soon as nothing is under way', () => {
  const home = () => mkdtempSync(join(tmpdir(), 'afterview-exit-'));

  it('still finishes what it started: the holiday cache written after the message is on disk', () => {
    const dir = home();
    const context = join(dir, 'offer.yaml');
    writeFileSync(context, `${readFileSync(fixturePath('offer-review.yaml'), 'utf8')}\nholidays: US\n`);
    const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), NO_COLOR: '1' };
    const result = spawnSync(process.execPath, [bin, 'render', 'offer-review', context, '--today', TODAY], { env, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const cache = JSON.parse(readFileSync(join(dir, 'cache', 'afterview', 'holidays.json'), 'utf8')) as { problems: object };
    expect(Object.keys(cache.problems)).toContain('US');
  });

  it('says on standard error what the whole CLI says, and exits with its error code', () => {
    const dir = home();
    const context = join(dir, 'note.yaml');
    // Several problems at once.
    writeFileSync(context, 'sender:\n  name: ""\nrecipient:\n  name: ""\ncompany: ""\nrole: ""\n');
    const env = { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' };
    const result = spawnSync(process.execPath, [bin, 'render', 'thank-you', context, '--today', TODAY], { env, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const whole = spawnSync(process.execPath, [bin, 'render', 'thank-you', context, '--today', TODAY, '--set', 'tone=warm'], {
      env,
      encoding: 'utf8',
    });
    // The whole CLI (which ends the usual way) says the same, problem for problem.
    expect(result.stderr).toBe(whole.stderr);
    expect(result.stderr.trimEnd().split('\n').length).toBeGreaterThan(4);
    expect(result.stderr).toMatch(/Run `afterview init thank-you`/);
  });
});

const project = fileURLToPath(new URL('..', import.meta.url));

/**
 * A copy of this package in `root` to change: bin/, dist/ and package.json copied, templates/
 * and node_modules/ linked (`without`: one package left out of its node_modules). Returns the
 * copy's command.
 */
function packageCopy(root: string, { without }: { without?: string } = {}): string {
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(project, part), join(root, part), { recursive: true });
  symlinkSync(join(project, 'templates'), join(root, 'templates'), 'dir');
  if (without === undefined) {
    symlinkSync(join(project, 'node_modules'), join(root, 'node_modules'), 'dir');
  } else {
    mkdirSync(join(root, 'node_modules'));
    for (const name of readdirSync(join(project, 'node_modules'))) {
      if (name !== without) symlinkSync(join(project, 'node_modules', name), join(root, 'node_modules', name));
    }
  }
  return join(root, 'bin', 'afterview.js');
}

describe.skipIf(!existsSync(replies))('the everyday render, in a dist/ built without its bundle', () => {
  it('is rendered by the whole CLI instead', () => {
    // A copy of the package whose dist/ predates the everyday render's bundle (a pull without a rebuild).
    const root = mkdtempSync(join(tmpdir(), 'afterview-old-dist-'));
    const oldBin = packageCopy(root);
    rmSync(join(root, 'dist', 'cli-render'), { recursive: true });
    const args = ['render', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY];
    const env = { PATH: process.env.PATH, HOME: root, NO_COLOR: '1' };
    const old = spawnSync(process.execPath, [oldBin, ...args], { env, encoding: 'utf8' });
    const current = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
    expect(old.stderr).toBe('');
    expect(old.status).toBe(0);
    expect(old.stdout).toBe(current.stdout);
    expect(old.stdout).toMatch(/^Thank you/);
  });
});

describe.skipIf(!existsSync(replies))('the yaml package, a script of its own in the command', () => {
  // Beyond the plain style (src/context/simple-yaml.ts): a folded block, an escape in quotes, an
  // anchor; and an unclosed quote, placed by the full parser.
  const beyondPlain = [
    'sender: {name: Marty Hale-Evans, email: marty@example.com}',
    'recipient:',
    '  name: &who "Ana Ru\\u00edz"',
    'company: Acme Corp',
    'role: Senior Platform Engineer',
    'interview:',
    '  date: 2026-11-24',
    '  topic: >-',
    '    how the platform team plans',
    '    to move CI to ephemeral runners',
    'fit: My four years building self-service CI match what your team needs next.',
    '',
  ].join('\n');
  const broken = 'sender:\n  name: "Marty Hale-Evans\n';

  it('reads files beyond the plain style and places their mistakes as the whole CLI does, from the script alone, and without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterview-vendor-yaml-'));
    writeFileSync(join(dir, 'beyond.yaml'), beyondPlain);
    writeFileSync(join(dir, 'broken.yaml'), broken);
    // A copy of the package whose dist/ has no yaml script (built before it existed): yaml comes from node_modules.
    const root = join(dir, 'package');
    const oldBin = packageCopy(root);
    rmSync(join(root, 'dist', 'generated', 'vendor'), { recursive: true });
    // And a copy with the script whose node_modules has no yaml package: the script alone serves.
    const loneBin = packageCopy(join(dir, 'lone'), { without: 'yaml' });
    const env = { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' };
    const afterview = (binary: string, ...args: string[]) => spawnSync(process.execPath, [binary, ...args], { env, encoding: 'utf8' });

    const rendered = afterview(bin, 'render', 'thank-you', join(dir, 'beyond.yaml'), '--today', TODAY);
    expect(rendered.stderr).toBe('');
    expect(rendered.status).toBe(0);
    expect(rendered.stdout).toMatch(/^Dear Ana,$/m);
    expect(rendered.stdout).toMatch(/how the platform team plans to move CI to ephemeral runners/);
    // The whole CLI (an option the everyday render leaves to it) and the package without the script.
    expect(afterview(bin, 'render', 'thank-you', join(dir, 'beyond.yaml'), '--today', TODAY, '--set', 'tone=warm').stdout).toBe(
      rendered.stdout,
    );
    expect(afterview(oldBin, 'render', 'thank-you', join(dir, 'beyond.yaml'), '--today', TODAY).stdout).toBe(rendered.stdout);
    expect(afterview(loneBin, 'render', 'thank-you', join(dir, 'beyond.yaml'), '--today', TODAY).stdout).toBe(rendered.stdout);
    expect(afterview(loneBin, 'render', 'thank-you', join(dir, 'beyond.yaml'), '--today', TODAY, '--set', 'tone=warm').stdout).toBe(
      rendered.stdout,
    );

    const refused = afterview(bin, 'render', 'thank-you', join(dir, 'broken.yaml'), '--today', TODAY);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${join(dir, 'broken.yaml')}:2:9: this " quote is never closed`);
    expect(afterview(bin, 'validate', 'thank-you', join(dir, 'broken.yaml'), '--today', TODAY).stderr).toBe(refused.stderr);
    expect(afterview(oldBin, 'render', 'thank-you', join(dir, 'broken.yaml'), '--today', TODAY).stderr).toBe(refused.stderr);
    expect(afterview(loneBin, 'render', 'thank-you', join(dir, 'broken.yaml'), '--today', TODAY).stderr).toBe(refused.stderr);
  });
});

// The test below needs python3 (a pipe made non-blocking, read late); CI always has it (.ci/apt-packages).
const hasPython3 = spawnSync('python3', ['-c', ''], { stdio: 'ignore' }).status === 0;
const runningInCI = Boolean(process.env.CI) && process.env.CI !== 'false';

describe.skipIf(!existsSync(replies) || !(hasPython3 || runningInCI))('the everyday render, on a pipe that refuses to wait', () => {
  it('sends every byte through a standard output made non-blocking before it ends', () => {
    // More than a pipe holds (64 KiB), as JSON: a panel of forty.
    const dir = mkdtempSync(join(tmpdir(), 'afterview-nonblock-'));
    const people = Array.from({ length: 40 }, (_, i) => [
      `  - name: Person ${i + 1} Example`,
      `    email: person${i + 1}@example.com`,
      '    interview:',
      `      topic: question number ${i + 1} about the platform`,
      `    fit: I have run a platform like yours for ${i + 2} years, and question ${i + 1} is one I have answered in production.`,
    ]);
    const panel = join(dir, 'panel.yaml');
    writeFileSync(
      panel,
      [
        'sender:\n  name: Noor Haddad\n  email: noor@example.com',
        'company: Quillon & Marsh\nrole: Lead Backend Engineer\ninterview:\n  date: 2026-11-24',
        'recipients:',
        ...people.flat(),
        '',
      ].join('\n'),
    );
    const args = [bin, 'render', 'thank-you', panel, '--today', TODAY, '--format', 'json'];
    const env = { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' };
    const expected = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(expected.status).toBe(0);
    expect(expected.stdout.length).toBeGreaterThan(2 * 65536);
    // python3 makes a pipe (which holds 64 KiB), sets O_NONBLOCK on the end the command writes to,
    // and starts reading only after 0.4 s: the command's writes that do not fit refuse with EAGAIN,
    // and the rest must go through a stream that the process waits for before it ends.
    const slowReader = [
      'import fcntl, os, sys, time',
      'r, w = os.pipe()',
      'pid = os.fork()',
      'if pid == 0:',
      '    os.close(r); os.dup2(w, 1); os.close(w)',
      '    fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK)',
      '    os.execvp(sys.argv[1], sys.argv[1:])',
      'os.close(w)',
      'time.sleep(0.4)',
      'data = os.fdopen(r, "rb").read()',
      'status = os.waitpid(pid, 0)[1]',
      'sys.stdout.buffer.write(data)',
      'sys.exit(os.waitstatus_to_exitcode(status))',
    ].join('\n');
    const result = spawnSync('python3', ['-c', slowReader, process.execPath, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(expected.stdout);
  }, 30_000);
});
