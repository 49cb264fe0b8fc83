import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { AfterviewError, createRenderer, defineTemplate, render, type ContextFor } from '../src/index.js';
import { TODAY, fixture } from './helpers/fixtures.js';
import { followUpFiles, templateFolder } from './helpers/template-folder.js';
import { isTemplateName } from '../src/templates/paths.js';

// Each test compiles into a cache folder of its own, so that one test's cache never hides another's error.
const env = () => ({ XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'afterview-cache-')) });

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<AfterviewError> {
  const error = await (typeof promise === 'function' ? Promise.resolve().then(promise) : promise).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AfterviewError);
  return error as AfterviewError;
}

describe('a templates folder over the built-ins', () => {
  it('replaces only the files it holds: a partial, a subject, the layout', async () => {
    const folder = templateFolder({
      'partials/signature.txt.hbs': '{{sender.name}} · {{sender.email}} · sent with care',
      'thank-you/subject.hbs': 'Thanks again, {{recipient.addressAs}} – {{role}}',
      'layouts/email.mjml':
        '<mjml><mj-head><mj-title>{{subject}}</mj-title></mj-head><mj-body background-color="#fafafa"><!-- afterview:body --><mj-section><mj-column><mj-text>Career Services, Northwind University</mj-text></mj-column></mj-section></mj-body></mjml>',
    });
    const renderer = createRenderer({ folder, env: env() });
    const context = fixture('thank-you.yaml') as ContextFor<'thank-you'>;
    const builtIn = await render('thank-you', context, { today: TODAY });
    const mine = await renderer.render('thank-you', context, { today: TODAY });
    expect(mine.subject).toBe('Thanks again, Ana – Senior Platform Engineer');
    expect(mine.text).toContain('Marty Hale-Evans · marty@example.com · sent with care');
    // The body of the text is the built-in one: only the signature changed.
    expect(mine.text.split('\n').slice(0, 6)).toEqual(builtIn.text.split('\n').slice(0, 6));
    expect(mine.html).toContain('Career Services, Northwind University');
    expect(mine.html).toContain('#fafafa');
    expect(builtIn.html).not.toContain('Career Services');
    // The short message is not overridden.
    expect(mine.message).toBe(builtIn.message);
    // Another template keeps its own subject but takes the shared signature.
    const other = await renderer.render('withdrawal', fixture('withdrawal.yaml') as ContextFor<'withdrawal'>, { today: TODAY });
    expect(other.text).toContain('sent with care');

    const listed = renderer.listTemplates().find((t) => t.name === 'thank-you')!;
    expect(listed.origin).toBe('built-in');
    expect(listed.overridden.sort()).toEqual(['layouts/email.mjml', 'partials/signature.txt.hbs', 'thank-you/subject.hbs']);
  });

  it('adds a template with its own fields from schema.json, with the helpers for authors', async () => {
    const renderer = createRenderer({ folder: templateFolder(followUpFiles), env: env() });
    const context = parse(followUpFiles['follow-up/example.yaml']!) as Record<string, unknown>;
    const [message] = await renderer.renderContext(
      'follow-up',
      { ...context, salary: 185000, extra: 'happy to share more' },
      { today: TODAY },
    );
    expect(message!.subject).toBe('Following up – Platform Engineer at Acme Corp');
    expect(message!.text).toContain(
      'Thank you for the 2 calls since Friday, November 20, 2026 about the platform roadmap. Happy to share more.',
    );
    expect(message!.text).toContain("The range of $185,000 works for me. I look forward to Acme Corp's next steps.");
    expect(message!.text).toContain('Warm regards,');
    expect(message!.html).toContain('Thank you for the 2 calls since Friday, November 20, 2026');
    expect(renderer.listTemplates().find((t) => t.name === 'follow-up')).toMatchObject({
      summary: 'Follow up after a networking call.',
      timing: 'a day after the call',
    });
    expect(renderer.example('follow-up')).toContain('topic: the platform roadmap');

    const error = await failure(renderer.renderContext('follow-up', { ...context, calls: 'two', topik: 'x' }, { today: TODAY }));
    expect(error.code).toBe('INVALID_CONTEXT');
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['calls', 'topik']);
    expect(error.describe()).toContain('did you mean "topic"');
  });

  it('says which template was meant', async () => {
    const renderer = createRenderer({ folder: templateFolder(followUpFiles), env: env() });
    const error = await failure(renderer.renderContext('folow-up', {}, { today: TODAY }));
    expect(error.message).toBe('There is no template called "folow-up". Did you mean "follow-up"?');
  });
});

describe('broken templates', () => {
  const context = parse(followUpFiles['follow-up/example.yaml']!) as Record<string, unknown>;
  const broken = (files: Record<string, string>) =>
    createRenderer({ folder: templateFolder({ ...followUpFiles, ...files }), env: env() }).renderContext('follow-up', context, {
      today: TODAY,
    });

  it.each([
    ['a Handlebars syntax error', { 'follow-up/text.hbs': 'Hello\n{{#if topic}}unclosed\n' }, /follow-up\/text\.hbs:\d+(:\d+)?: /],
    [
      'an MJML error',
      { 'follow-up/body.mjml': '<mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section>\n<mj-bogus>x</mj-bogus>\n' },
      /follow-up\/body\.mjml:2: /,
    ],
    ['an undeclared field', { 'follow-up/subject.hbs': 'About {{topicc}}' }, /follow-up\/subject\.hbs:1:9: "topicc" not defined$/],
    [
      'a helper given the wrong kind of value',
      { 'follow-up/message.hbs': 'Since {{date calls}}' },
      /follow-up\/message\.hbs:1:7: \{\{date\}\} takes a date written as YYYY-MM-DD; it was given the number 2/,
    ],
    [
      'an include leaving the folder',
      { 'follow-up/body.mjml': '<mj-include path="../../../etc/passwd" />' },
      /follow-up\/body\.mjml:1: <mj-include> cannot be used/,
    ],
    ['a partial that is not in the folders', { 'follow-up/text.hbs': '{{> footer}}' }, /follow-up\/text\.hbs.*partial/i],
  ])('%s names the file and position', async (_kind, files, expected) => {
    const error = await failure(broken(files));
    expect(error.code).toBe('TEMPLATE_ERROR');
    expect(error.message).toMatch(expected);
    expect(error.describe()).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      'a missing part',
      { 'bad/schema.json': '{"type":"object","properties":{}}', 'bad/subject.hbs': 'x' },
      /bad: the new template "bad" lacks text\.hbs, body\.mjml, message\.hbs, example\.yaml/,
    ],
    ['a misnamed file', { 'thank-you/subjet.hbs': 'x' }, /thank-you\/subjet\.hbs: not a template file\. Did you mean subject\.hbs\?/],
  ])('%s is refused when the folder is read', (_kind, files, expected) => {
    const error = (() => {
      try {
        createRenderer({ folder: templateFolder(files) });
      } catch (e) {
        return e as AfterviewError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AfterviewError);
    expect(error!.message).toMatch(expected);
  });

  it.each([
    ['invalid JSON', '{\n  "type": "object",\n  "properties": {,}\n}', /schema\.json:3:\d+: not valid JSON/],
    [
      'an invalid JSON Schema',
      '{\n  "type": "object",\n  "properties": { "topic": { "type": "strnig" } }\n}',
      /schema\.json:3:\d+: not a JSON Schema/,
    ],
    [
      'a common field redeclared',
      '{\n  "type": "object",\n  "properties": {\n    "company": { "type": "string" }\n  }\n}',
      /schema\.json:4:5: "company" is one of the common fields/,
    ],
  ])('a schema.json with %s names its line', async (_kind, schema, expected) => {
    const error = await failure(broken({ 'follow-up/schema.json': schema }));
    expect(error.message).toMatch(expected);
  });

  it('a folder that cannot be read', () => {
    expect(() => createRenderer({ folder: join(tmpdir(), 'no-such-afterview-folder') })).toThrow(/cannot be read \(ENOENT\)/);
  });
});

describe('templates defined in a program', () => {
  const followUp = defineTemplate({
    name: 'follow-up',
    fields: { topic: z.string().min(1), calls: z.number().int() },
    subject: 'About {{topic}}',
    text: '{{> greeting}}\n\nThanks for the {{plural calls "call"}} about {{phrase topic}}.\n\n{{> closing}}\n{{> signature}}',
    mjml: '<mj-section><mj-column><mj-text>{{> greeting}}<p>Thanks for the {{plural calls "call"}} about {{phrase topic}}.</p></mj-text></mj-column></mj-section>',
    message: 'Hi {{recipient.addressAs}}: {{topic}}',
  });
  const base = fixture('thank-you.yaml');
  const context = {
    sender: base.sender,
    recipient: base.recipient,
    company: 'Acme Corp',
    role: 'Engineer',
    topic: 'the <roadmap>',
    calls: 1,
  };

  it('renders, escaping values in HTML only', async () => {
    const renderer = createRenderer({ templates: [followUp], env: env() });
    const message = await renderer.render('follow-up', context, { today: TODAY });
    expect(message.text).toContain('Thanks for the 1 call about the <roadmap>.');
    expect(message.html).toContain('the &lt;roadmap&gt;');
    // Built-ins stay available, typed as before.
    const thanks = await renderer.render('thank-you', base as ContextFor<'thank-you'>, { today: TODAY });
    expect(thanks.template).toBe('thank-you');
  });

  it('type-checks the context against the fields', () => {
    const renderer = createRenderer({ templates: [followUp] });
    type Parameter = Parameters<typeof renderer.render<'follow-up'>>[1];
    expectTypeOf<Parameter['topic']>().toEqualTypeOf<string>();
    expectTypeOf<Parameter['calls']>().toEqualTypeOf<number>();
    // @ts-expect-error calls is a number
    void (() => renderer.render('follow-up', { ...context, calls: 'one' }));
    // @ts-expect-error no such template
    void (() => renderer.render('folow-up', context));
    // @ts-expect-error topic is required
    void (() => renderer.render('follow-up', { ...context, topic: undefined }));
  });

  it('refuses a name already taken', () => {
    expect(() => createRenderer({ templates: [defineTemplate({ ...followUp.sources, fields: {}, name: 'thank-you' })] })).toThrow(
      'A template called "thank-you" already exists',
    );
  });
});

describe('a template name', () => {
  it('is lower-case words of letters and digits joined by single dashes, starting with a letter', () => {
    const rule = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
    for (const name of ['thank-you', 'follow-up-2', 'a', 'x9', 'offer-review']) expect(isTemplateName(name), name).toBe(true);
    for (const name of ['', '-a', 'a-', 'a--b', '9a', 'Thank-you', 'thank_you', 'thank you', 'caf\u00e9', 'a-\u0661']) {
      expect(isTemplateName(name), name).toBe(false);
    }
    const names = fc.string({ unit: fc.constantFrom('a', 'z', 'q', '0', '9', '-', '-', 'A', '_', ' ', '.', '/', '\u00e9'), maxLength: 9 });
    fc.assert(
      fc.property(names, (name) => isTemplateName(name) === rule.test(name)),
      { numRuns: 2000 },
    );
  });
});
