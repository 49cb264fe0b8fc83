import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AfterviewError,
  listTemplates,
  render,
  renderPanel,
  schemas,
  templateNames,
  toEml,
  type ContextFor,
  type PanelContextFor,
  type RenderedMessage,
} from '../src/index.js';
import { TODAY, fixture } from './helpers/fixtures.js';

const exec = promisify(execFile);

describe('the library', () => {
  it('renders a typed context and throws AfterviewError with every issue path', async () => {
    const context = fixture('thank-you.yaml') as ContextFor<'thank-you'>;
    const message = await render('thank-you', context, { today: TODAY });
    expect(message.to).toEqual({ name: 'Ana Ruiz', email: 'ana.ruiz@acme.example' });
    expect(message.from).toEqual({ name: 'Marty Hale-Evans', email: 'marty@example.com' });

    const broken = { ...context, company: '', recipient: { name: 'Ana', email: 'nope' } };
    const error = await render('thank-you', broken, { today: TODAY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfterviewError);
    expect((error as AfterviewError).code).toBe('INVALID_CONTEXT');
    expect((error as AfterviewError).issues.map((issue) => issue.path)).toEqual(['company', 'recipient.email']);
  });

  it('renders one message per person with renderPanel, and refuses a panel in render', async () => {
    const panel = fixture('panel.yaml') as PanelContextFor<'thank-you'>;
    const messages = await renderPanel('thank-you', panel, { today: TODAY });
    expect(messages.map((m) => m.to.name)).toEqual(panel.recipients.map((r) => r.name));
    const error = await render('thank-you', panel as unknown as ContextFor<'thank-you'>, { today: TODAY }).catch((e: unknown) => e);
    expect((error as AfterviewError).message).toBe(
      'This context has `recipients` (a panel); use renderPanel(), which returns one message per person.',
    );
  });

  it('takes today from the injected clock, as a string or a Date', async () => {
    const context = fixture('offer-review.yaml') as ContextFor<'offer-review'>;
    const fromString = await render('offer-review', context, { today: TODAY });
    const fromDate = await render('offer-review', context, { today: new Date(2026, 10, 25, 9) });
    expect(fromDate.text).toBe(fromString.text);
  });

  it('exposes each template schema and its list', () => {
    expect(listTemplates().map((t) => t.name)).toEqual(templateNames);
    expect(schemas['thank-you'].safeParse(fixture('thank-you.yaml')).success).toBe(true);
    expect(schemas.counteroffer.safeParse(fixture('thank-you.yaml')).success).toBe(false);
  });

  it('does no I/O and loads no heavy module on import', async () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const probe = `
      import fs from 'node:fs';
      import { createRequire } from 'node:module';
      const calls = [];
      for (const name of ['readFile', 'readFileSync', 'open', 'openSync', 'stat', 'statSync', 'readdir', 'readdirSync', 'writeFile', 'writeFileSync']) {
        const original = fs[name];
        fs[name] = function (...args) { calls.push(name + ' ' + String(args[0])); return original.apply(this, args); };
      }
      for (const name of ['readFile', 'open', 'stat', 'readdir', 'writeFile']) {
        const original = fs.promises[name];
        fs.promises[name] = function (...args) { calls.push('promises.' + name + ' ' + String(args[0])); return original.apply(this, args); };
      }
      await import(${JSON.stringify(entry)});
      // Node's module loaders read code with fs too; loading code is not the I/O in question (templates, profiles are).
      const io = calls.filter((call) => !/[.](c?js|mjs|json)$/.test(call));
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => /node_modules\\/(mjml|nodemailer|clipboardy|execa)/.test(p));
      console.log(JSON.stringify({ calls: io, loaded }));
    `;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', probe]);
    expect(JSON.parse(stdout)).toEqual({ calls: [], loaded: [] });
  });

  it('renders a built-in message without loading Handlebars or mjml (the build compiled it to JavaScript)', async () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const probe = `
      import { createRequire } from 'node:module';
      const { render } = await import(${JSON.stringify(entry)});
      const message = await render('thank-you', ${JSON.stringify(fixture('thank-you.yaml'))}, { today: '${TODAY}' });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => /node_modules\\/(handlebars|mjml)\\//.test(p));
      console.log(JSON.stringify({ subject: message.subject, loaded }));
    `;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', probe]);
    const rendered = await render('thank-you', fixture('thank-you.yaml') as ContextFor<'thank-you'>, { today: TODAY });
    expect(JSON.parse(stdout)).toEqual({ subject: rendered.subject, loaded: [] });
  });

  it('turns a message into .eml with a Message-ID at the sender domain', async () => {
    const message = await render('thank-you', fixture('thank-you.yaml') as ContextFor<'thank-you'>, { today: TODAY });
    const eml = await toEml(message, { date: new Date('2026-11-25T09:00:00Z'), messageId: 'fixed@example.com' });
    expect(eml).toMatch(/^Message-ID: <fixed@example\.com>$/m);
    expect(eml).toMatch(/^Date: Wed, 25 Nov 2026 09:00:00 \+0000$/m);
    expect(eml).not.toMatch(/^X-Unsent:/m);
  });
});

describe('the types a library user sees', () => {
  it('types each context per template, so a wrong context does not compile', () => {
    expectTypeOf<ContextFor<'thank-you'>>().toHaveProperty('interview');
    expectTypeOf<ContextFor<'thank-you'>['interview']['date']>().toEqualTypeOf<string>();
    expectTypeOf<ContextFor<'thank-you'>['interview']['alsoDiscussed']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<ContextFor<'counteroffer'>['offer']['base']>().toEqualTypeOf<number>();
    expectTypeOf<ContextFor<'counteroffer'>['counter']['currency']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ContextFor<'resignation'>['notice']>().toEqualTypeOf<
      { date?: string | undefined; length?: string | undefined; agreed?: boolean | undefined } | undefined
    >();
    expectTypeOf<ContextFor<'offer-review'>['questions']>().toEqualTypeOf<string[]>();
    expectTypeOf<ContextFor<'thank-you'>['locale']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ContextFor<'withdrawal'>>().not.toHaveProperty('interview', { topic: '' } as never);
    expectTypeOf(render<'thank-you'>)
      .parameter(1)
      .toEqualTypeOf<ContextFor<'thank-you'>>();
    expectTypeOf(render).returns.resolves.toEqualTypeOf<RenderedMessage>();
    expectTypeOf(renderPanel).returns.resolves.toEqualTypeOf<RenderedMessage[]>();
    expectTypeOf<RenderedMessage['template']>().toEqualTypeOf<string>();
    expectTypeOf<PanelContextFor<'thank-you'>['recipients'][number]['interview']>().toEqualTypeOf<
      { date?: string; topic?: string; takeaway?: string | undefined; alsoDiscussed?: string[] | undefined } | undefined
    >();

    const valid = fixture('counteroffer.yaml') as ContextFor<'counteroffer'>;
    // @ts-expect-error: a thank-you note needs an interview, which a counteroffer context does not have
    void (() => render('thank-you', valid));
    // @ts-expect-error: offer.base is a number, not text
    void (() => render('counteroffer', { ...valid, offer: { base: '165000', currency: 'USD' } }));
    // @ts-expect-error: there is no such template
    void (() => render('thanks', valid));
    // @ts-expect-error: a panel goes to renderPanel
    void (() => render('thank-you', { ...valid, recipients: [{ name: 'Ana' }] }));
  });
});
