import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parse } from 'yaml';
import {
  AfterviewError,
  applicationJsonSchema,
  applicationSchema,
  applicationsFolder,
  checkContext,
  createRenderer,
  defaultStateDir,
  exampleApplication,
  exampleContext,
  findProfile,
  resolveToday,
  formatMessages,
  listTemplates,
  loadContext,
  planSend,
  registerTemplate,
  renderContext,
  type TemplateDefinition,
  templateNames,
  writeMessages,
} from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { fixture, fixturePath, TODAY } from './helpers/fixtures.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'afterview-api-'));
const noProfile = { env: { HOME: scratch() } };

async function failure(promise: Promise<unknown>): Promise<AfterviewError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AfterviewError);
  return error as AfterviewError;
}

describe('loadContext', () => {
  it('merges the profile, the files and the set assignments, and says where each field came from', async () => {
    const home = scratch();
    const profile = join(home, 'profile.yaml');
    writeFileSync(profile, 'sender:\n  name: Robin Profile\n  email: robin@example.com\nlocale: en-GB\n');
    const loaded = await loadContext({
      template: 'thank-you',
      files: [fixturePath('thank-you.yaml')],
      set: ['recipient.name=Bo Li', 'interview.topic=the on-call rotation'],
      profile,
      env: { HOME: home },
    });
    // The file names its own sender, which wins over the profile's; the profile's locale stays.
    expect(loaded.context.sender).toMatchObject({ name: 'Marty Hale-Evans' });
    expect(loaded.context.locale).toBe('en-GB');
    expect(loaded.context.recipient).toMatchObject({ name: 'Bo Li', email: 'ana.ruiz@acme.example' });
    expect(loaded.locate(['recipient', 'email'])).toBe(`${fixturePath('thank-you.yaml')}:9`);
    expect(loaded.locate(['recipient', 'name'])).toBe('set recipient.name');
    expect(loaded.locate(['locale'])).toBe(`${profile}:4`);
    expect(loaded.layers.map((layer) => layer.kind)).toEqual(['profile', 'file', 'set', 'set']);
    expect(loaded.files).toEqual([fixturePath('thank-you.yaml')]);
  });

  it('types set values by the template: a number where it takes a number', async () => {
    const loaded = await loadContext({
      template: 'offer-review',
      files: [fixturePath('offer-review.yaml')],
      set: ['offer.base=165000'],
      ...noProfile,
    });
    expect((loaded.context.offer as { base: unknown }).base).toBe(165000);
  });

  it('lets render and checkContext locate each problem in the file or assignment that wrote it', async () => {
    const { context, locate } = await loadContext({
      template: 'thank-you',
      files: [fixturePath('thank-you.yaml')],
      set: ['recipient.email=ana.ruiz@'],
      ...noProfile,
    });
    const error = await failure(renderContext('thank-you', context, { today: TODAY, locate }));
    expect(error.issues).toEqual([
      { path: 'recipient.email', source: 'set recipient.email', message: '"ana.ruiz@" must be an email address such as name@example.com' },
    ]);
  });
});

describe('errors from the library', () => {
  it('name the option a program passes, where the CLI names its flag', async () => {
    const context = fixture('thank-you.yaml');
    delete context.recipient.email;
    const [message] = await renderContext('thank-you', context, { today: TODAY });
    const error = await failure(planSend([message!], { stateDir: false }));
    expect(error.summary).toBe('There is no address to send to.');
    expect(error.advice).toEqual({ kind: 'recipient-address' });
    expect(error.hint).toBe('Add recipient.email to the context, or give a `to` address.');
    expect(error.hint).not.toContain('--');
    const file = join(scratch(), 'no-email.yaml');
    writeFileSync(file, JSON.stringify(context));
    const cli = await runCli(['send', 'thank-you', file, '--today', TODAY, '--dry-run'], {
      env: { AFTERVIEW_SMTP_URL: 'smtp://marty@127.0.0.1:2525' },
    });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('afterview: There is no address to send to.\nAdd recipient.email to the context, or pass --to ADDRESS.\n');
  });

  it('list their problems in their own message, so that a logged error says what is wrong', async () => {
    const error = await failure(renderContext('thank-you', { company: 'Acme' }, { today: TODAY }));
    expect(String(error)).toContain('AfterviewError: The context does not fit the thank-you template');
    expect(error.message).toContain('\n  - recipient: is required');
    expect(error.summary).toBe(error.message.split('\n')[0]);
  });

  it('speak in library terms and carry the next step as data', async () => {
    const unknown = await failure(renderContext('thnak-you', {}, { today: TODAY }));
    expect(unknown.advice).toEqual({ kind: 'list-templates', templates: templateNames });
    expect(unknown.hint).toContain('listTemplates()');
    const lateDate = await failure(
      loadContext({ template: 'thank-you', files: [fixturePath('thank-you.yaml')], ...noProfile }).then(({ context }) =>
        renderContext('thank-you', context, { today: '2026-11-20' }),
      ),
    );
    expect(lateDate.issues[0]).toMatchObject({ path: 'interview.date', advice: { kind: 'today' } });
    const set = await failure(loadContext({ template: 'offer-review', set: ['offer.base=lots'], ...noProfile }));
    expect(set.message).toBe('set offer.base: "lots" is not a number; write digits only, such as 165000.');
    for (const error of [unknown, lateDate, set])
      expect(error.describe()).not.toMatch(/--[a-z]|afterview (list|init|schema|validate|render|send|draft|outbox)\b/);
  });

  it('about a date after today, from any built-in, offer the `today` option as data and name no CLI flag', async () => {
    // Every built-in's example dates lie before its own today; a today years earlier puts them after it.
    const errors = await Promise.all(
      templateNames.map((name) =>
        exampleContext(name).then((example) =>
          renderContext(name, parse(example), { today: '2020-01-01' }).then(
            () => undefined,
            (e: AfterviewError) => e,
          ),
        ),
      ),
    );
    const dated = errors.flatMap((error) => error?.issues.filter((issue) => /check the date/i.test(issue.message)) ?? []);
    expect(dated.length).toBeGreaterThanOrEqual(6);
    for (const issue of dated) expect(issue.advice, issue.path).toEqual({ kind: 'today' });
    for (const error of errors) if (error) expect(error.describe()).not.toMatch(/--[a-z]/);
  });

  it('about a templates folder that cannot be read, name the option, where the CLI names its flag', async () => {
    const error = await failure(Promise.resolve().then(() => createRenderer({ folder: join(scratch(), 'missing') })));
    expect(error.advice).toEqual({ kind: 'templates-path' });
    expect(error.describe()).not.toMatch(/--[a-z]/);
    const cli = await runCli(['list', '--templates', join(scratch(), 'missing')]);
    expect(cli.stderr).toContain('Check the path given with --templates');
  });
});

describe('formatting messages', () => {
  it('formats one message as text, and a panel of HTML only as one file per person', async () => {
    const { context } = await loadContext({ template: 'thank-you', files: [fixturePath('panel.yaml')], ...noProfile });
    const messages = await renderContext('thank-you', context, { today: TODAY });
    expect(await formatMessages(messages.slice(0, 1), 'text')).toBe(`${messages[0]!.subject}\n\n${messages[0]!.text}\n`);
    expect(JSON.parse(await formatMessages(messages, 'json'))).toHaveLength(messages.length);
    const refused = await failure(formatMessages(messages, 'html'));
    expect(refused.advice).toEqual({ kind: 'one-document-each', format: 'html' });

    const dir = scratch();
    const written = await writeMessages(messages, 'eml', join(dir, 'notes.eml'));
    expect(written.map((file) => file.to.name)).toEqual(messages.map((message) => message.to.name));
    expect(readdirSync(dir).sort()).toEqual(written.map((file) => file.path.slice(dir.length + 1)).sort());
    expect(readFileSync(written[0]!.path, 'utf8')).toContain('X-Unsent: 1');
  });

  it('never writes over a protected file', async () => {
    const { context, files } = await loadContext({ template: 'thank-you', files: [fixturePath('thank-you.yaml')], ...noProfile });
    const messages = await renderContext('thank-you', context, { today: TODAY });
    const error = await failure(writeMessages(messages, 'text', files[0]!, { protect: files }));
    expect(error.message).toBe(
      `The output file ${files[0]} is one of the context files; writing there would destroy it. Choose another file.`,
    );
  });
});

describe('the template registry', () => {
  it('gives each built-in template its example context', async () => {
    expect(await exampleContext('withdrawal')).toBe(readFileSync(new URL('../templates/withdrawal/example.yaml', import.meta.url), 'utf8'));
  });

  it('takes templates added at run time, whose fields validation then knows in every template', async () => {
    const base = await loadContext({ template: 'thank-you', files: [fixturePath('thank-you.yaml')], ...noProfile });
    const withNote = { ...base.context, followUpNote: 'Thanks again.' };
    const before = await failure(Promise.resolve().then(() => checkContext('thank-you', withNote, { today: TODAY })));
    expect(before.issues.map((issue) => issue.path)).toEqual(['followUpNote']);

    const followUp: TemplateDefinition = {
      name: 'follow-up',
      summary: 'Follow up after a week of silence.',
      timing: 'a week after the interview',
      closing: 'Best regards',
      fields: { followUpNote: z.string().min(1) },
      view: (parsed) => ({ view: { note: String((parsed as { followUpNote: string }).followUpNote) }, warnings: [] }),
    };
    registerTemplate(followUp);
    expect(templateNames.at(-1)).toBe('follow-up');
    expect(listTemplates().at(-1)).toEqual({ name: 'follow-up', summary: followUp.summary, timing: followUp.timing });
    // One file per application: a field another template knows is no longer an error for thank-you.
    expect(checkContext('thank-you', withNote, { today: TODAY }).recipients).toHaveLength(1);
    expect(checkContext('follow-up', withNote, { today: TODAY }).recipients).toHaveLength(1);
    expect(() => registerTemplate(followUp)).toThrow('A template called "follow-up" is already registered');
  });
});

describe('what the CLI takes from the library for the journal', () => {
  it('gives an example application file that the application schema accepts, and its JSON Schema', async () => {
    const example = parse(await exampleApplication()) as unknown;
    expect(applicationSchema().safeParse(example).success).toBe(true);
    expect(applicationJsonSchema()).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'afterview application file',
    });
  });

  it("finds the profile's applications folder beside the profile, and the state folder by XDG_STATE_HOME", async () => {
    const dir = scratch();
    const path = join(dir, 'profile.yaml');
    writeFileSync(path, 'applications: jobs\n');
    const profile = await findProfile(path, { HOME: dir });
    expect(applicationsFolder(profile!, { HOME: dir })).toBe(join(dir, 'jobs'));
    expect(defaultStateDir({ HOME: dir, XDG_STATE_HOME: join(dir, 'state') })).toBe(join(dir, 'state', 'afterview'));
    expect(defaultStateDir({ HOME: dir })).toBe(join(dir, '.local', 'state', 'afterview'));
  });

  it('reads today as render does, and refuses a date that does not exist', () => {
    expect(resolveToday('2026-11-25')).toBe('2026-11-25');
    expect(() => resolveToday('2026-02-30')).toThrow(/"2026-02-30" is not a date/);
  });
});
