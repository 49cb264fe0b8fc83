import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import type { Settlement } from '../src/mail/settle.js';
import { resolveImapSettings } from '../src/mail/imap-config.js';
import { toEml } from '../src/render/eml.js';
import { renderContext } from '../src/render/render.js';
import type { OutboxEntry } from '../src/send/outbox-entry.js';
import { send, sendOutbox } from '../src/send/send.js';
import { MessageStore } from '../src/send/store.js';
import { dovecotFolders, useDovecot } from './helpers/dovecot.js';
import { runCli } from './helpers/cli.js';
import { TODAY, fixture, fixturePath } from './helpers/fixtures.js';
import { useSmtpServers } from './helpers/smtp.js';

const PASSWORD = 'sent folder p4ss';
const dovecot = useDovecot([
  { user: 'copies', password: PASSWORD, folders: [dovecotFolders.specialSent] },
  { user: 'provider', password: PASSWORD, folders: ['Sent'] },
  { user: 'early', password: PASSWORD, folders: ['Sent'] },
  { user: 'twice', password: PASSWORD, folders: ['Sent'] },
  { user: 'cli', password: PASSWORD, folders: ['Sent'] },
]);
const smtpServer = useSmtpServers();

const HANDED_OVER = new Date('2026-11-25T14:30:00Z');
const state = () => mkdtempSync(join(tmpdir(), 'afterview-sent-'));

/** The mailbox; `saveSent: false` says the provider files sent mail itself (as Gmail does), which the test then does by hand. */
async function imap(user: string, saveSent: boolean) {
  return (await resolveImapSettings({
    env: { AFTERVIEW_IMAP_PASSWORD: PASSWORD },
    imap: `imaps://${user}@127.0.0.1:${dovecot().port}`,
    saveSent,
  }))!;
}

async function appendAs(user: string, folder: string, raw: string): Promise<void> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot().port,
    secure: true,
    tls: { rejectUnauthorized: false },
    auth: { user, pass: PASSWORD },
    logger: false,
  });
  await client.connect();
  await client.append(folder, raw, ['\\Seen']);
  await client.logout();
}

/**
 * Messages left *perhaps delivered*, as a dropped connection after the last
 * byte leaves them: one outbox entry each, handed over at HANDED_OVER.
 */
async function perhapsDelivered(
  dir: string,
  count: number,
  extra: Partial<OutboxEntry> = {},
): Promise<Array<{ entry: OutboxEntry; eml: string }>> {
  const store = new MessageStore(dir);
  const made: Array<{ entry: OutboxEntry; eml: string }> = [];
  for (let i = 0; i < count; i++) {
    const context = fixture('thank-you.yaml');
    context.recipient.email = `person${i}@acme.example`;
    const [message] = await renderContext('thank-you', context, { today: TODAY });
    const messageId = `<perhaps.${i}.${Date.now()}@example.com>`;
    const eml = await toEml(message!, { messageId, date: HANDED_OVER });
    const recipients = [`person${i}@acme.example`];
    const entry: OutboxEntry = {
      key: `${'0'.repeat(60)}${String(i).padStart(4, '0')}`,
      contentHash: `hash${i}`,
      template: 'thank-you',
      from: 'Marty Hale-Evans <marty@example.com>',
      sender: 'marty@example.com',
      recipients,
      delivered: [],
      to: `Ana Ruiz <person${i}@acme.example>`,
      subject: message!.subject,
      messageId,
      queuedAt: HANDED_OVER.toISOString(),
      attempts: 1,
      state: 'perhaps-delivered',
      handover: { recipients, at: HANDED_OVER.toISOString() },
      ...extra,
    };
    await store.put(entry, eml);
    made.push({ entry, eml });
  }
  return made;
}

describe('the Sent folder', () => {
  it('keeps a copy of each sent message for a provider that does not, over one IMAP connection for the run', async () => {
    const smtp = await smtpServer();
    const before = dovecot().logins('copies');
    const messages = await renderContext('thank-you', fixture('panel.yaml'), { today: TODAY });
    const results = await send(messages, { transport: smtp.url(), stateDir: state(), imap: await imap('copies', true) });
    expect(results.map((r) => [r.status, r.sentCopy])).toEqual([
      ['sent', dovecotFolders.specialSent],
      ['sent', dovecotFolders.specialSent],
      ['sent', dovecotFolders.specialSent],
    ]);
    const copies = dovecot().messages('copies', dovecotFolders.specialSent);
    expect(copies.map((c) => c.flags)).toEqual(['S', 'S', 'S']);
    expect(copies.map((c) => /^Message-ID: (.*)$/m.exec(c.raw)?.[1]?.trim())).toEqual(results.map((r) => r.messageId));
    expect(dovecot().logins('copies') - before).toBe(1);
    expect(smtp.received).toHaveLength(3);
  });

  it('afterview send says where the copy went; the password comes from a command for both servers', async () => {
    const smtp = await smtpServer({ users: { marty: PASSWORD } });
    const dir = state();
    const profile = join(dir, 'profile.yaml');
    writeFileSync(
      profile,
      `smtp: ${smtp.url('marty')}\nimap: imaps://cli@127.0.0.1:${dovecot().port}\npasswordCommand: echo "$MAIL_SECRET"\n`,
      { mode: 0o600 },
    );
    const result = await runCli(['send', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--profile', profile, '--yes'], {
      env: { XDG_STATE_HOME: dir, MAIL_SECRET: PASSWORD, PATH: process.env.PATH },
    });
    expect(result.stderr).toContain(
      'Sent to Ana Ruiz <ana.ruiz@acme.example>: Thank you – Senior Platform Engineer interview (a copy is in "Sent")',
    );
    expect(result.code).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toContain(PASSWORD);
    expect(dovecot().messages('cli', 'Sent')).toHaveLength(1);
  });

  it('makes no copy where the provider files sent mail itself', async () => {
    const smtp = await smtpServer();
    const [message] = await renderContext('thank-you', fixture('thank-you.yaml'), { today: TODAY });
    const before = dovecot().logins('provider');
    const result = await send(message!, { transport: smtp.url(), stateDir: state(), imap: await imap('provider', false) });
    expect(result.status).toBe('sent');
    expect(result.sentCopy).toBeUndefined();
    expect(dovecot().logins('provider')).toBe(before);
  });
});

describe('"perhaps delivered", settled in the Sent folder', () => {
  it('records what Sent holds as sent, sends the rest again once, and says so, over one IMAP connection', async () => {
    const smtp = await smtpServer();
    const dir = state();
    const waiting = await perhapsDelivered(dir, 10);
    // The provider filed five of them; a sixth ID appears only inside a longer one, which is not a match.
    for (const { eml } of waiting.slice(0, 5)) await appendAs('provider', 'Sent', eml);
    await appendAs(
      'provider',
      'Sent',
      `Message-ID: <x${waiting[5]!.entry.messageId.slice(1)}\r\nSubject: another\r\n\r\nnot the same message\r\n`,
    );
    const settled: Settlement[] = [];
    let connections = 0;
    const results = await sendOutbox({
      transport: smtp.url(),
      stateDir: dir,
      imap: await imap('provider', false),
      now: () => new Date(HANDED_OVER.getTime() + 3 * 60_000),
      onSettled: (s) => settled.push(s),
      onImapConnect: () => connections++,
    });
    expect(settled.map((s) => [s.to, s.outcome])).toEqual(waiting.map(({ entry }, i) => [entry.to, i < 5 ? 'delivered' : 'resend']));
    expect(settled[0]!.note).toBe('found in "Sent": it was delivered, and is now recorded as sent');
    expect(settled[9]!.note).toBe(
      'not in "Sent" although the provider has had time to file it: it was not delivered, and is sent again (once)',
    );
    expect(connections).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(smtp.received.map((m) => m.envelope.to[0])).toEqual(waiting.slice(5).map(({ entry }) => entry.recipients[0]));
    const log = await new MessageStore(dir).sent();
    expect([...log.keys()].sort()).toEqual(waiting.map(({ entry }) => entry.key).sort());
    expect(await new MessageStore(dir).list()).toEqual([]);
  });

  it('leaves a message that is not in Sent yet, while the provider may still be filing it', async () => {
    const smtp = await smtpServer();
    const dir = state();
    await perhapsDelivered(dir, 1);
    const settled: Settlement[] = [];
    const results = await sendOutbox({
      transport: smtp.url(),
      stateDir: dir,
      imap: await imap('early', false),
      now: () => new Date(HANDED_OVER.getTime() + 30_000),
      onSettled: (s) => settled.push(s),
    });
    expect(settled.map((s) => s.outcome)).toEqual(['wait']);
    expect(settled[0]!.note).toBe('not in "Sent" yet; the provider may still be filing it: look again in 90 s');
    expect(results.map((r) => r.status)).toEqual(['uncertain']);
    expect(smtp.received).toHaveLength(0);
  });

  it('sends again only once: a message already sent again after a check stays perhaps delivered', async () => {
    const smtp = await smtpServer();
    const dir = state();
    await perhapsDelivered(dir, 1, { resentAfterCheck: true });
    const settled: Settlement[] = [];
    const results = await sendOutbox({
      transport: smtp.url(),
      stateDir: dir,
      imap: await imap('twice', false),
      now: () => new Date(HANDED_OVER.getTime() + 60 * 60_000),
      onSettled: (s) => settled.push(s),
    });
    expect(settled.map((s) => s.outcome)).toEqual(['unsettled']);
    expect(results.map((r) => r.status)).toEqual(['uncertain']);
    expect(smtp.received).toHaveLength(0);
  });
});
