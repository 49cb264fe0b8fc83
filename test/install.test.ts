// The package as a library user gets it: packed, installed into an empty project, used from there.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { TODAY } from './helpers/fixtures.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'afterview-install-'));
const project = join(work, 'project');
const installed = join(project, 'node_modules', 'afterview');

// npm as a user runs it: none of the settings `npm test` passes down to its scripts.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_|^NODE_OPTIONS$/i.test(name)));
env.npm_config_update_notifier = 'false';
let installOutput = '';

beforeAll(async () => {
  // `npm test` has built dist/ already; --ignore-scripts keeps pack from building it again.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, env });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  mkdirSync(project);
  const tarball = join(work, filename);
  // A tarball is not a registry source, so npm 11 asks the project whether afterview's own
  // `prepare` (the build, for a clone) may run; from the registry npm never runs it or asks.
  const allowScripts = { [`file:${tarball}`]: false };
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', allowScripts }));
  // --prefer-offline: the packages come from npm's cache when it has them (as after `npm ci`).
  const result = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
    cwd: project,
    env,
  });
  installOutput = result.stdout + result.stderr;
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm install afterview, into an empty project', () => {
  it('installs without a warning, and without mjml', () => {
    expect(installOutput).toMatch(/added \d+ packages?/);
    expect(installOutput).not.toMatch(/warn|EBADENGINE|deprecated/i);
    expect(existsSync(join(project, 'node_modules', 'mjml'))).toBe(false);
  });

  it('renders every built-in template from the installed package', async () => {
    const templates = join(installed, 'templates');
    const names = readdirSync(templates).filter((name) => existsSync(join(templates, name, 'example.yaml')));
    expect(names).toContain('thank-you');
    const contexts = Object.fromEntries(
      names.map((name) => [name, parseYaml(readFileSync(join(templates, name, 'example.yaml'), 'utf8'))]),
    );
    writeFileSync(
      join(project, 'render.js'),
      `import { render } from 'afterview';
const contexts = ${JSON.stringify(contexts)};
const out = {};
for (const [name, context] of Object.entries(contexts)) {
  const message = await render(name, context, { today: '${TODAY}' });
  out[name] = { subject: message.subject, text: message.text.length, html: message.html.includes('<html'), short: message.message.length };
}
console.log(JSON.stringify(out));
`,
    );
    const { stdout, stderr } = await run(process.execPath, ['render.js'], { cwd: project, env });
    expect(stderr).toBe('');
    const rendered = JSON.parse(stdout) as Record<string, { subject: string; text: number; html: boolean; short: number }>;
    expect(Object.keys(rendered).sort()).toEqual([...names].sort());
    for (const message of Object.values(rendered)) {
      expect(message.subject.length).toBeGreaterThan(5);
      expect(message.text).toBeGreaterThan(100);
      expect(message.html).toBe(true);
      expect(message.short).toBeGreaterThan(20);
    }
    expect(rendered['thank-you']?.subject).toMatch(/^Thank you/);
  });

  it('reads a context file beyond the plain style (the yaml package, outside the library bundle), and places a syntax error', async () => {
    const example = readFileSync(join(installed, 'templates', 'thank-you', 'example.yaml'), 'utf8');
    // A folded block: the simple reader hands it to the yaml package.
    expect(example).toMatch(/^role: .*$/m);
    writeFileSync(join(project, 'styled.yaml'), example.replace(/^role: .*$/m, 'role: >-\n  Staff Platform\n  Engineer'));
    writeFileSync(join(project, 'broken.yaml'), 'company: [unclosed\n');
    writeFileSync(
      join(project, 'load.js'),
      `import { loadContext, render } from 'afterview';
const loaded = await loadContext({ template: 'thank-you', files: ['styled.yaml'], profile: false });
const message = await render('thank-you', loaded.context, { today: '${TODAY}' });
let problem;
try {
  await loadContext({ template: 'thank-you', files: ['broken.yaml'], profile: false });
} catch (error) {
  problem = error.message;
}
console.log(JSON.stringify({ role: loaded.context.role, subject: message.subject, problem }));
`,
    );
    const { stdout, stderr } = await run(process.execPath, ['load.js'], { cwd: project, env });
    expect(stderr).toBe('');
    const result = JSON.parse(stdout) as { role: string; subject: string; problem: string };
    expect(result.role).toBe('Staff Platform Engineer');
    expect(result.subject).toContain('Staff Platform Engineer');
    expect(result.problem).toMatch(/^broken\.yaml:2:1: .*\]/);
  });

  it('runs the installed command', async () => {
    const example = join(installed, 'templates', 'thank-you', 'example.yaml');
    const bin = join(project, 'node_modules', '.bin', 'afterview');
    const { stdout, stderr } = await run(bin, ['render', 'thank-you', example, '--today', TODAY, '--format', 'html'], {
      cwd: project,
      env,
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^<!doctype html>/i);
  });
});

describe('the library entry', () => {
  it('exports by name everything src/index.ts exports', async () => {
    // What package.json's "exports" gives `import 'afterview'`: the bundle, through a generated ES module.
    const entryFile = join(root, 'dist', 'lib', 'afterview.mjs');
    const entry = (await import(entryFile)) as Record<string, unknown>;
    const modules = (await import('../src/index.js')) as Record<string, unknown>;
    expect(Object.keys(entry).sort()).toEqual(Object.keys(modules).sort());
    for (const name of Object.keys(modules)) expect(typeof entry[name], name).toBe(typeof modules[name]);
  });
});
