import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AfterviewError } from '../src/errors.js';
import { renderContext, type RenderedMessage } from '../src/render/render.js';
import { send, sendOutbox, type SendOptions } from '../src/send/send.js';
import { MessageStore } from '../src/send/store.js';
import { TODAY, fixture } from './helpers/fixtures.js';
import { unusedPort, useSmtpServers, type TestSmtpServer } from './helpers/smtp.js';

const PASSWORD = 'correct horse battery staple 9!';

const server = useSmtpServers();

function stateDir(): string {
  return mkdtempSync(join(tmpdir(), 'afterview-state-'));
}

async function thankYou(): Promise<RenderedMessage> {
  const [message] = await renderContext('thank-you', fixture('thank-you.yaml'), { today: TODAY });
  return message!;
}

function options(smtp: TestSmtpServer, dir: string, extra: Partial<SendOptions> = {}): SendOptions {
  return {
    transport: smtp.url('marty'),
    password: PASSWORD,
    stateDir: dir,
    now: () => new Date('2026-11-25T14:30:00Z'),
    retry: { baseDelayMs: 20 },
    ...extra,
  };
}

/** Every file under the state folder, as text: for checking what afterview wrote. */
function filesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('send over SMTP', () => {
  it('delivers one message with both parts, its own Message-ID and a Date, over STARTTLS, and logs it', async () => {
    const smtp = await server({ users: { marty: PASSWORD } });
    const dir = stateDir();
    const result = await send(await thankYou(), options(smtp, dir));
    expect(result).toMatchObject({ status: 'sent', accepted: ['ana.ruiz@acme.example'], rejected: [], attempts: 1 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.secure).toBe(true);
    expect(smtp.logins).toEqual(['marty']);
    expect(mail!.envelope).toEqual({ from: 'marty@example.com', to: ['ana.ruiz@acme.example'] });
    expect(mail!.parsed.subject).toBe('Thank you – Senior Platform Engineer interview');
    expect(mail!.parsed.from?.value).toEqual([{ name: 'Marty Hale-Evans', address: 'marty@example.com' }]);
    expect(mail!.parsed.messageId).toBe(result.messageId);
    expect(result.messageId).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
    expect(mail!.parsed.date?.toISOString()).toBe('2026-11-25T14:30:00.000Z');
    expect(mail!.parsed.text).toContain('I especially appreciated our conversation about');
    expect(mail!.parsed.html).toMatch(/<p[^>]*>Dear Ana,<\/p>/);
    expect(mail!.raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(mail!.raw).not.toMatch(/^X-Unsent:/m);

    const store = new MessageStore(dir);
    expect(await store.list()).toEqual([]);
    const log = readFileSync(store.sentLogPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(log).toEqual([
      expect.objectContaining({
        time: '2026-11-25T14:30:00.000Z',
        template: 'thank-you',
        to: 'Ana Ruiz <ana.ruiz@acme.example>',
        messageId: result.messageId,
      }),
    ]);
    expect(filesUnder(dir)).not.toContain(PASSWORD);
  });

  it('never sends the same message twice unless forced', async () => {
    const smtp = await server();
    const dir = stateDir();
    const message = await thankYou();
    await send(message, options(smtp, dir));
    const again = await send(message, options(smtp, dir));
    expect(again).toMatchObject({ status: 'skipped', reason: 'already sent on 2026-11-25T14:30:00.000Z' });
    expect(smtp.received).toHaveLength(1);
    const forced = await send(message, options(smtp, dir, { force: true }));
    expect(forced.status).toBe('sent');
    expect(smtp.received).toHaveLength(2);
  });

  it('retries a 451 and delivers exactly once', async () => {
    const smtp = await server();
    smtp.failNextData.push({ code: 451, message: '4.3.0 Temporary local problem, try again' });
    const result = await send(await thankYou(), options(smtp, stateDir()));
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received).toHaveLength(1);
  });

  it('does not retry a 550, keeps the message in the outbox and says why in plain words', async () => {
    const smtp = await server();
    smtp.failNextData.push({ code: 550, message: '5.7.1 Message rejected as spam' }, { code: 550, message: 'again' });
    const dir = stateDir();
    const error = await send(await thankYou(), options(smtp, dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfterviewError);
    expect((error as AfterviewError).code).toBe('SEND_FAILED');
    expect((error as AfterviewError).message).toMatch(
      /^127\.0\.0\.1:\d+ refused the message: 550 5\.7\.1 Message rejected as spam The message is kept in the outbox/,
    );
    expect(smtp.received).toHaveLength(0);
    expect(smtp.failNextData).toHaveLength(1);
    const [waiting] = await new MessageStore(dir).list();
    expect(waiting).toMatchObject({ attempts: 1, lastError: expect.stringContaining('550 5.7.1 Message rejected as spam') });
  });

  it('keeps a message whose connection was refused, and a later outbox run delivers it with the same Message-ID', async () => {
    const port = await unusedPort();
    const dir = stateDir();
    const error = (await send(await thankYou(), { ...options({ url: () => `smtp://127.0.0.1:${port}` } as TestSmtpServer, dir) }).catch(
      (e: unknown) => e,
    )) as AfterviewError;
    expect(error.message).toMatch(new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${port}: the connection was refused\\.`));
    const [waiting] = await new MessageStore(dir).list();
    expect(waiting).toBeDefined();

    const smtp = await server({ port });
    const results = await sendOutbox({ transport: smtp.url(), stateDir: dir, now: () => new Date('2026-11-25T15:00:00Z') });
    expect(results).toMatchObject([{ status: 'sent', messageId: waiting!.messageId }]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.parsed.messageId).toBe(waiting!.messageId);
    expect(await new MessageStore(dir).list()).toEqual([]);
  });

  it('reports a login failure without the password', async () => {
    const smtp = await server({ users: { marty: 'the real one' } });
    const dir = stateDir();
    const error = (await send(await thankYou(), options(smtp, dir)).catch((e: unknown) => e)) as AfterviewError;
    expect(error.message).toMatch(
      /^127\.0\.0\.1:\d+ did not accept the login for marty: 535 Authentication credentials invalid\. Check the user name and the password/,
    );
    expect(smtp.received).toHaveLength(0);
    expect(`${error.message}\n${String((error.cause as Error).message)}\n${JSON.stringify(error.cause)}`).not.toContain(PASSWORD);
    expect(filesUnder(dir)).not.toContain(PASSWORD);
  });

  it('sends one separate message to each person on a panel, over one connection', async () => {
    const smtp = await server();
    const messages = await renderContext('thank-you', fixture('panel.yaml'), { today: TODAY });
    const results = await send(messages, options(smtp, stateDir()));
    expect(results.map((r) => r.status)).toEqual(messages.map(() => 'sent'));
    expect(smtp.received.map((m) => m.envelope.to)).toEqual(messages.map((m) => [m.to.email]));
    const bodies = smtp.received.map((m) => m.parsed.text);
    expect(new Set(bodies).size).toBe(messages.length);
  });

  it('goes on after one failure and reports each message', async () => {
    const smtp = await server();
    const messages = await renderContext('thank-you', fixture('panel.yaml'), { today: TODAY });
    smtp.refuseRecipients.add(messages[1]!.to.email!);
    const results = await send(messages, options(smtp, stateDir()));
    expect(results.map((r) => r.status)).toEqual(['sent', 'failed', 'sent']);
    expect(results[1]!.reason).toContain('550 5.1.1');
    expect(smtp.received).toHaveLength(2);
  });

  it('attaches files with their content type, and puts Bcc in the envelope only', async () => {
    const smtp = await server();
    const dir = mkdtempSync(join(tmpdir(), 'afterview-attach-'));
    const resume = join(dir, 'Marty Hale-Evans résumé.pdf');
    writeFileSync(resume, '%PDF-1.4\n% a tiny test file\n');
    await send(
      await thankYou(),
      options(smtp, stateDir(), { attachments: [resume], cc: 'Bo Chen <bo@acme.example>', bcc: 'me@example.com' }),
    );
    const [mail] = smtp.received;
    expect(mail!.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['Marty Hale-Evans résumé.pdf', 'application/pdf', '%PDF-1.4\n% a tiny test file\n'],
    ]);
    expect(mail!.envelope.to).toEqual(['ana.ruiz@acme.example', 'bo@acme.example', 'me@example.com']);
    expect(mail!.raw).not.toMatch(/^Bcc:/im);
    expect(mail!.raw).not.toContain('me@example.com');
    expect(mail!.parsed.cc && !Array.isArray(mail!.parsed.cc) ? mail!.parsed.cc.value : []).toEqual([
      { name: 'Bo Chen', address: 'bo@acme.example' },
    ]);
  });

  it('writes a bare --cc address without repeating it as a display name', async () => {
    const smtp = await server();
    await send(await thankYou(), options(smtp, stateDir(), { cc: 'bo@acme.example' }));
    expect(smtp.received[0]!.raw).toMatch(/^Cc: bo@acme\.example\r?$/m);
  });

  it.each([
    [
      { to: 'ana@acme.example\r\nBcc: everyone@example.com' },
      'The `to` address contains a line break, which could inject a mail header; remove it.',
    ],
    [{ cc: 'Bo\nChen <bo@acme.example>' }, 'The `cc` address contains a line break, which could inject a mail header; remove it.'],
    [
      { to: 'not an address' },
      'The `to` address "not an address" is not an email address; write name@example.com or "Name <name@example.com>".',
    ],
    [{ attachments: ['/nonexistent/cv.pdf'] }, 'The attachment /nonexistent/cv.pdf does not exist; check its path.'],
  ] as Array<[Partial<SendOptions>, string]>)('refuses %j before anything is sent', async (extra, message) => {
    const smtp = await server();
    await expect(send(await thankYou(), options(smtp, stateDir(), extra))).rejects.toThrow(message);
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses a subject with a line break', async () => {
    const smtp = await server();
    const message = { ...(await thankYou()), subject: 'Thanks\r\nBcc: x@example.com' };
    await expect(send(message, options(smtp, stateDir()))).rejects.toThrow('The subject contains a line break');
  });
});
