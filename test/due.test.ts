import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli, type CliOptions } from './helpers/cli.js';
import { dovecotFolders, useDovecot } from './helpers/dovecot.js';
import { fixturePath } from './helpers/fixtures.js';
import { useSmtpServers } from './helpers/smtp.js';

const TODAY = '2026-11-25';
const server = useSmtpServers();
const MAIL_SECRET = 'due dr4ft/secret';
const dovecot = useDovecot([{ user: 'marty', password: MAIL_SECRET, folders: [dovecotFolders.specialDrafts] }]);

interface Item {
  date: string;
  status: string;
  kind: string;
  file: string;
  person?: { name: string };
  command?: string;
  id: string;
  drafted?: string;
}

/** A copy of the journey fixtures, a profile naming them, and an empty state folder. */
function journey(): { folder: string; env: NodeJS.ProcessEnv } {
  const root = mkdtempSync(join(tmpdir(), 'afterview-due-'));
  const folder = join(root, 'applications');
  cpSync(fixturePath('journey'), folder, { recursive: true });
  const profile = join(root, 'profile.yaml');
  writeFileSync(profile, stringify({ sender: { name: 'Marty Hale-Evans', email: 'marty@example.com' }, applications: 'applications' }));
  return { folder, env: { AFTERVIEW_PROFILE: profile, XDG_STATE_HOME: join(root, 'state') } };
}

function edit(file: string, change: (data: Record<string, any>) => void): void {
  const data = parse(readFileSync(file, 'utf8')) as Record<string, any>;
  change(data);
  writeFileSync(file, stringify(data));
}

async function due(
  args: string[],
  options: CliOptions = {},
): Promise<{ items: Item[]; problems: Array<{ file: string; message: string }> }> {
  const result = await runCli(['due', ...args, '--today', TODAY, '--json'], options);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

function summary(items: readonly Item[]): string[] {
  return items.map((item) => [item.date, item.status, item.kind, item.file.split('/').at(-1), item.person?.name ?? ''].join(' ').trim());
}

const BEFORE_ACCEPTING = [
  '2026-11-24 overdue offer-review globex.yaml',
  '2026-11-25 today thank-you acme.yaml Ana Ruiz',
  '2026-11-25 today thank-you acme.yaml Ben Okafor',
  '2026-11-25 today answer-offer globex.yaml',
  '2026-11-25 today counteroffer-check-in hooli.yaml',
  '2026-11-25 today check-in umbrella.yaml',
  '2026-11-27 upcoming feedback-request initech.yaml',
  // A week of business days after the interview, skipping Thanksgiving and the day after (US-CA), then three more.
  '2026-12-08 upcoming check-in acme.yaml',
];

describe('afterview due', () => {
  it('lists what is due across a folder of applications at different stages, by date', async () => {
    const { items, problems } = await due([fixturePath('journey')]);
    expect(summary(items)).toEqual(BEFORE_ACCEPTING);
    expect(items.find((item) => item.kind === 'thank-you')?.command).toBe(`afterview send thank-you ${fixturePath('journey/acme.yaml')}`);
    expect(problems).toEqual([
      {
        file: fixturePath('journey/broken.yaml'),
        message: expect.stringMatching(/rounds\.0\.date: "2026-13-01" must be a real calendar date[\s\S]*outcome: must be one of/),
      },
    ]);
  });

  it('prints each item with the command that writes it, and names a skipped file with its problem', async () => {
    const result = await runCli(['due', fixturePath('journey'), '--today', TODAY]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '2026-11-25  today     Acme Corp, Senior Platform Engineer\n                      Thank Ana Ruiz for the system design interview on 2026-11-24\n                      afterview send thank-you',
    );
    expect(result.stderr).toContain(`skipped ${fixturePath('journey/broken.yaml')}: not a valid application file`);
    expect(result.stderr).toContain('broken.yaml:3: outcome: must be one of');
  });

  it("reads the profile's applications folder by default", async () => {
    const { folder, env } = journey();
    const { items } = await due([], { env });
    expect(summary(items)).toEqual(BEFORE_ACCEPTING);
    expect(items[0]!.file).toBe(join(folder, 'globex.yaml'));
  });

  it('drops the thank-you notes once they are sent through SMTP', async () => {
    const { folder, env } = journey();
    const smtp = await server();
    const sent = await runCli(['send', 'thank-you', join(folder, 'acme.yaml'), '--today', TODAY, '--smtp', smtp.url(), '--yes'], { env });
    expect(sent.code, sent.stderr).toBe(0);
    // The journal wrote the notes: one to each person of the latest round, with their own topic.
    expect(smtp.received.map((message) => message.envelope.to)).toEqual([['ana.ruiz@acme.example'], ['ben.okafor@acme.example']]);
    expect(smtp.received[1]!.parsed.text).toContain('the on-call rotation and how incidents are reviewed');
    // The sent log records the application file each note was written from, and to whom it went.
    const log = readFileSync(join(env.XDG_STATE_HOME!, 'afterview', 'sent.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(log.map((line) => [line.template, line.to, line.applications])).toEqual([
      ['thank-you', 'Ana Ruiz <ana.ruiz@acme.example>', [join(folder, 'acme.yaml')]],
      ['thank-you', 'Ben Okafor <ben.okafor@acme.example>', [join(folder, 'acme.yaml')]],
    ]);
    const { items } = await due([], { env });
    expect(summary(items)).toEqual(BEFORE_ACCEPTING.filter((line) => !line.includes('thank-you')));
  });

  it('shows a thank-you saved as a draft in the mailbox as drafted, the other still to write, and drops it once sent', async () => {
    const { folder, env } = journey();
    // The same profile, with the mailbox: the password from a command, as a careful user keeps it.
    const profile = env.AFTERVIEW_PROFILE!;
    const imap = `imap: imaps://marty@127.0.0.1:${dovecot().port}\npasswordCommand: printf '%s' "$MAIL_SECRET"\n`;
    writeFileSync(profile, `${readFileSync(profile, 'utf8')}${imap}`, { mode: 0o600 });
    const mailEnv = { ...env, MAIL_SECRET, PATH: process.env.PATH };
    const file = join(folder, 'acme.yaml');
    const drafted = await runCli(['draft', 'thank-you', file, '--person', 'Ana Ruiz', '--today', TODAY], { env: mailEnv });
    expect(drafted.code, drafted.stderr).toBe(0);
    expect(drafted.stderr).toContain('Saved a draft to Ana Ruiz <ana.ruiz@acme.example>');
    expect(dovecot().messages('marty', dovecotFolders.specialDrafts)).toHaveLength(1);

    const { items } = await due([], { env });
    expect(summary(items)).toEqual(BEFORE_ACCEPTING);
    const thanks = items.filter((item) => item.kind === 'thank-you');
    expect(thanks.map((item) => [item.person?.name, typeof item.drafted])).toEqual([
      ['Ana Ruiz', 'string'],
      ['Ben Okafor', 'undefined'],
    ]);
    expect(items.filter((item) => item.drafted).map((item) => item.person?.name)).toEqual(['Ana Ruiz']);

    const text = await runCli(['due', '--today', TODAY], { env });
    expect(text.stdout).toContain(
      '2026-11-25  drafted   Acme Corp, Senior Platform Engineer\n                      Thank Ana Ruiz for the system design interview on 2026-11-24\n                      drafted — review and send it from your mailbox',
    );
    expect(text.stdout).toMatch(/today {5}Acme Corp, Senior Platform Engineer\n {22}Thank Ben Okafor[^\n]*\n {22}afterview send thank-you/);

    // The calendar keeps it, and says it is drafted.
    const ics = join(folder, '..', 'due.ics');
    expect((await runCli(['due', '--today', TODAY, '--ics', ics], { env })).code).toBe(0);
    const events = new ICAL.Component(ICAL.parse(readFileSync(ics, 'utf8'))).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events).toHaveLength(BEFORE_ACCEPTING.length);
    const ana = events.find((event) => event.summary.includes('Thank Ana Ruiz'))!;
    expect(ana.summary).toBe('(drafted) Acme Corp: Thank Ana Ruiz for the system design interview on 2026-11-24');
    expect(ana.description).toContain('review and send it from your mailbox');
    expect(ana.description).not.toContain('afterview send');

    // Drafting it again finds it unchanged, and it stays drafted.
    const again = await runCli(['draft', 'thank-you', file, '--person', '1', '--today', TODAY], { env: mailEnv });
    expect(again.stderr).toContain('is already in');
    expect((await due([], { env })).items.filter((item) => item.drafted).map((item) => item.person?.name)).toEqual(['Ana Ruiz']);

    // Sent through SMTP: a sent record removes the item, drafted or not.
    const smtp = await server();
    const sent = await runCli(['send', 'thank-you', file, '--today', TODAY, '--smtp', smtp.url(), '--yes'], { env });
    expect(sent.code, sent.stderr).toBe(0);
    const after = await due([], { env });
    expect(summary(after.items)).toEqual(BEFORE_ACCEPTING.filter((line) => !line.includes('thank-you')));
    expect(after.items.some((item) => item.drafted)).toBe(false);
  });

  it('knows a message was sent for an application by its file, whatever address it went to', async () => {
    const { folder, env } = journey();
    const smtp = await server();
    const args = ['send', 'offer-review', join(folder, 'globex.yaml'), '--today', TODAY, '--smtp', smtp.url(), '--yes'];
    const sent = await runCli([...args, '--to', 'talent@globex.example'], { env });
    expect(sent.code, sent.stderr).toBe(0);
    const { items } = await due([], { env });
    expect(summary(items)).toEqual(BEFORE_ACCEPTING.filter((line) => !line.includes('offer-review')));
  });

  it('after an offer is accepted: confirm it, leave the other processes, resign, and mark the last day', async () => {
    const { folder, env } = journey();
    edit(join(folder, 'globex.yaml'), (data) => {
      data.outcome = 'accepted';
      data.outcomeDate = TODAY;
    });
    const { items } = await due([], { env });
    expect(summary(items)).toEqual([
      '2026-11-25 today withdrawal acme.yaml',
      '2026-11-25 today accept-offer globex.yaml',
      '2026-11-25 today decline-offer hooli.yaml',
      '2026-11-25 today resignation northwind.yaml',
      '2026-11-25 today withdrawal umbrella.yaml',
      '2026-11-27 upcoming feedback-request initech.yaml',
      // Two weeks from Wednesday is Wednesday, December 9.
      '2026-12-09 upcoming last-day northwind.yaml',
    ]);
  });

  it('writes an iCalendar file with one all-day event and alarm per item, and the same UIDs on every run', async () => {
    const { folder, env } = journey();
    const ics = join(folder, '..', 'due.ics');
    const result = await runCli(['due', '--today', TODAY, '--ics', ics], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Wrote 8 reminders to ${ics}`);
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(ics, 'utf8')));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(8);
    const first = new ICAL.Event(events[0]!);
    expect(first.startDate.isDate).toBe(true);
    expect(first.startDate.toString()).toBe('2026-11-24');
    expect(first.endDate.toString()).toBe('2026-11-25');
    expect(first.summary).toBe('Globex: Thank them for the offer of 2026-11-23 and ask for time to review it');
    expect(first.description).toContain('afterview send offer-review');
    const alarm = events[0]!.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('PT9H');
    const { items } = await due([], { env });
    expect(events.map((event) => String(event.getFirstPropertyValue('uid')))).toEqual(items.map((item) => `${item.id}@afterview`));
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);

    // A day later, the items that remain keep their UIDs: importing again updates them.
    const later = await runCli(['due', '--today', '2026-11-26', '--json'], { env });
    const laterIds = (JSON.parse(later.stdout) as { items: Item[] }).items.map((item) => item.id);
    expect(laterIds).toEqual(items.map((item) => item.id));
  });

  it('says when nothing is due, and refuses a bad --today', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'afterview-due-empty-'));
    const result = await runCli(['due', empty, '--today', TODAY]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain('Nothing is due in 0 applications');
    const bad = await runCli(['due', empty, '--today', 'tomorrow']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"tomorrow" is not a date');
  });

  it('init application prints a complete example that due reads, and schema application describes it', async () => {
    const init = await runCli(['init', 'application']);
    expect(init.code).toBe(0);
    const folder = mkdtempSync(join(tmpdir(), 'afterview-due-init-'));
    const file = join(folder, 'acme.yaml');
    writeFileSync(file, init.stdout);
    const { items, problems } = await due([file]);
    expect(problems).toEqual([]);
    expect(summary(items)).toEqual([
      '2026-11-25 today thank-you acme.yaml Ana Ruiz',
      '2026-11-25 today thank-you acme.yaml Ben Okafor',
      // They said December 1; three business days later.
      '2026-12-04 upcoming check-in acme.yaml',
    ]);
    const schema = await runCli(['schema', 'application']);
    expect(schema.code).toBe(0);
    const ajv = new Ajv.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(schema.stdout));
    expect(validate(parse(init.stdout)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...parse(init.stdout), outcome: 'ghosted' })).toBe(false);
    expect(validate({ ...parse(init.stdout), roundz: [] })).toBe(false);
    // The same file renders every message to the employer: here, the thank-you notes of the latest round.
    const render = await runCli([
      'render',
      'thank-you',
      file,
      '--today',
      TODAY,
      '--set',
      'sender.name=Marty',
      '--set',
      'sender.email=m@example.com',
    ]);
    expect(render.code, render.stderr).toBe(0);
    expect(render.stdout).toContain('Dear Ana,');
    expect(render.stdout).toContain('how the platform team plans to move CI to ephemeral runners');
  });

  it('keeps unchanged files as last checked, and reads a changed one again', async () => {
    const { folder, env } = journey();
    const cacheHome = mkdtempSync(join(tmpdir(), 'afterview-due-cache-'));
    const withCache = { env: { ...env, XDG_CACHE_HOME: cacheHome } };
    expect(summary((await due([], withCache)).items)).toEqual(BEFORE_ACCEPTING);
    const cacheFile = join(cacheHome, 'afterview', 'applications.json');
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    // Only valid files are kept: the broken one is read, and reported, every time.
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(cached.files).sort()).toEqual(
      ['acme', 'globex', 'hooli', 'initech', 'northwind', 'umbrella', 'wayne'].map((name) => join(folder, `${name}.yaml`)),
    );
    expect((await due([], withCache)).problems).toHaveLength(1);
    edit(join(folder, 'initech.yaml'), (data) => {
      data.outcome = 'withdrawn';
    });
    const again = await due([], withCache);
    expect(summary(again.items)).toEqual(BEFORE_ACCEPTING.filter((line) => !line.includes('initech')));
    // A cache that cannot be read is started afresh.
    writeFileSync(cacheFile, '{ not json');
    expect(summary((await due([], withCache)).items)).toEqual(summary(again.items));
  });
});
