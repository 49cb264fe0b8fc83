import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTemplates } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { followUpFiles, templateFolder } from './helpers/template-folder.js';

const env = () => ({ XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'afterview-cache-')) });
const today = '2026-11-25';

describe('afterview lint', () => {
  it('passes the built-in templates', async () => {
    expect(await lintTemplates({ today, env: env() })).toEqual([]);
  });

  it('passes a good folder, and says so', async () => {
    const folder = templateFolder({ ...followUpFiles, 'thank-you/subject.hbs': 'Thanks – {{role}}' });
    const { code, stderr, stdout } = await runCli(['lint', folder, '--today', today]);
    expect(stdout).toBe('');
    expect(stderr).toBe(`No problems in ${folder}.\n`);
    expect(code).toBe(0);
  });

  it('finds each kind of problem, with file:line:col and a fix, and exits 1', async () => {
    const folder = templateFolder({
      ...followUpFiles,
      'follow-up/subject.hbs': 'Following up on everything we said about {{topic}} at {{company}} and more',
      'follow-up/text.hbs': '{{> greeting}}\n\nAbout {{phrase topic}} and {{nickname}}.\n\n{{> closing}}\n{{> signature}}\n',
      'follow-up/body.mjml':
        '<mj-section><mj-column>\n<mj-image src="https://tracker.example/p.gif" width="1px" height="1px" />\n<mj-text><p>{{topic}}</p></mj-text>\n</mj-column>{{company}}</mj-section>\n',
      'partials/closing.html.hbs': '<p class="closing">{{closing}},</p><script>alert(1)</script>',
    });
    const { code, stdout, stderr } = await runCli(['lint', folder, '--today', today]);
    expect(code).toBe(1);
    const body = join(folder, 'follow-up', 'body.mjml');
    expect(stdout).toContain(
      `${join(folder, 'follow-up', 'text.hbs')}:3:30: "nickname" is not a field of this template.\n  fix: Declare it in schema.json`,
    );
    expect(stdout).toContain(`${body}:2:1: a tracking pixel (a 1×1 image)`);
    expect(stdout).toContain(`${body}:4:13: {{company}} does not survive MJML`);
    expect(stdout).toContain(`${join(folder, 'partials', 'closing.html.hbs')}:1:36: a script`);
    expect(stderr).toMatch(/afterview: \d+ problems in /);
  });

  it('holds the example to the subject budget', async () => {
    const folder = templateFolder({
      ...followUpFiles,
      'follow-up/subject.hbs': 'Following up on everything we said about {{topic}} at {{company}}',
    });
    const problems = await lintTemplates({ folder, today, env: env() });
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)).toEqual([
      `${join(folder, 'follow-up', 'subject.hbs')}:1:1: the example's subject is 74 characters, over the budget of 60.`,
    ]);
  });

  it('reports a template that does not compile', async () => {
    const folder = templateFolder({ ...followUpFiles, 'follow-up/message.hbs': 'Hi {{#if topic}}' });
    const problems = await lintTemplates({ folder, today, env: env() });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: join(folder, 'follow-up', 'message.hbs'), line: 1, template: 'follow-up' });
  });
});
