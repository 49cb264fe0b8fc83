import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { fixturePath } from './helpers/fixtures.js';
import { followUpFiles, templateFolder } from './helpers/template-folder.js';

const today = ['--today', '2026-11-25'];

function contextFile(folder: string): string {
  const file = join(folder, '..', 'follow-up.yaml');
  writeFileSync(file, followUpFiles['follow-up/example.yaml']!);
  return file;
}

describe('afterview with a templates folder', () => {
  it('lists overrides and new templates, and where they come from', async () => {
    const folder = templateFolder({ ...followUpFiles, 'thank-you/subject.hbs': 'Thanks – {{role}}' });
    const { code, stdout } = await runCli(['list', '--templates', folder]);
    expect(code).toBe(0);
    expect(stdout).toContain(`overridden by ${folder}: thank-you/subject.hbs`);
    expect(stdout).toMatch(
      new RegExp(`follow-up\\s+Follow up after a networking call\\. Send a day after the call\\. \\(from ${folder}\\)`),
    );
    const json = JSON.parse((await runCli(['list', '--json', '--templates', folder])).stdout) as Array<{
      name: string;
      overridden: string[];
    }>;
    expect(json.find((t) => t.name === 'thank-you')!.overridden).toEqual(['thank-you/subject.hbs']);
  });

  it('renders, validates, inits and describes a new template', async () => {
    const folder = templateFolder(followUpFiles);
    const context = contextFile(folder);
    const rendered = await runCli(['render', 'follow-up', context, '--templates', folder, ...today]);
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toContain('Thank you for the 2 calls since Friday, November 20, 2026 about the platform roadmap.');
    expect((await runCli(['validate', 'follow-up', context, '--templates', folder, ...today])).stderr).toContain(
      'The context fits the follow-up template: 1 message, to Ana Ruiz <ana@acme.example>.',
    );
    expect((await runCli(['init', 'follow-up', '--templates', folder])).stdout).toBe(followUpFiles['follow-up/example.yaml']);
    const schema = JSON.parse((await runCli(['schema', 'follow-up', '--templates', folder])).stdout) as {
      anyOf: Array<{ properties: object }>;
    };
    expect(Object.keys(schema.anyOf[0]!.properties)).toEqual(expect.arrayContaining(['topic', 'calls', 'company', 'recipient']));
  });

  it('reports a bad context with file:line and did-you-mean', async () => {
    const folder = templateFolder(followUpFiles);
    const context = join(folder, '..', 'bad.yaml');
    writeFileSync(context, `${followUpFiles['follow-up/example.yaml']!.replace('topic:', 'topik:')}`);
    const { code, stderr } = await runCli(['render', 'follow-up', context, '--templates', folder, ...today]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${context}:9: topik: is not a field afterview knows; did you mean "topic"?`);
    expect(stderr).toContain('topic: is required');
  });

  it('takes the folder from the profile, and from the default place', async () => {
    const folder = templateFolder({ 'thank-you/subject.hbs': 'Thanks from the profile – {{role}}' });
    const home = mkdtempSync(join(tmpdir(), 'afterview-home-'));
    const profile = join(home, 'profile.yaml');
    writeFileSync(profile, `templates: ${folder}\n`);
    const fromProfile = await runCli([
      'render',
      'thank-you',
      fixturePath('thank-you.yaml'),
      '--profile',
      profile,
      '--format',
      'json',
      ...today,
    ]);
    expect(JSON.parse(fromProfile.stdout)[0].subject).toBe('Thanks from the profile – Senior Platform Engineer');

    const config = join(home, 'config');
    mkdirSync(join(config, 'afterview', 'templates', 'thank-you'), { recursive: true });
    writeFileSync(join(config, 'afterview', 'templates', 'thank-you', 'subject.hbs'), 'Default folder – {{role}}');
    const fromDefault = await runCli(['render', 'thank-you', fixturePath('thank-you.yaml'), '--format', 'json', ...today], {
      env: { XDG_CONFIG_HOME: config, XDG_CACHE_HOME: join(home, 'cache') },
    });
    expect(JSON.parse(fromDefault.stdout)[0].subject).toBe('Default folder – Senior Platform Engineer');
  });

  it('a broken template: a clear error naming file and position, exit 1, no stack trace', async () => {
    const folder = templateFolder({ ...followUpFiles, 'follow-up/text.hbs': 'Hi\n{{#if topic}}\n' });
    const { code, stderr } = await runCli(['render', 'follow-up', contextFile(folder), '--templates', folder, ...today]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(folder, 'follow-up', 'text.hbs')}:`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreadable folder', async () => {
    const { code, stderr } = await runCli(['list', '--templates', join(tmpdir(), 'afterview-missing-folder')]);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot be read (ENOENT)');
  });
});
