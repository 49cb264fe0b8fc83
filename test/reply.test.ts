import { closeSync, mkdtempSync, openSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from './helpers/cli.js';
import { fixture, fixturePath } from './helpers/fixtures.js';
import { useSmtpServers } from './helpers/smtp.js';

const TODAY = '2026-11-25';
const server = useSmtpServers();

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'afterview-reply-'));
}

/** The recruiter's email, as their mail client would have sent it. */
async function recruiterEmail(headers: Record<string, unknown> = {}): Promise<string> {
  const composer = new MailComposer({
    from: { name: 'Dana Whitfield', address: 'dana.whitfield@globex.example' },
    replyTo: { name: 'Globex Talent', address: 'talent@globex.example' },
    to: 'marty@example.com',
    subject: 'Your offer from Globex',
    text: 'Dear Marty, we are delighted to offer you the role. The letter is attached.',
    date: new Date('2026-11-24T16:05:00Z'),
    messageId: '<offer-1234@mail.globex.example>',
    references: ['<intro-1@mail.globex.example>', '<schedule-2@mail.globex.example>'],
    attachments: [{ filename: 'offer.pdf', content: Buffer.alloc(400 * 1024, 7) }],
    ...headers,
  });
  return (await composer.compile().build()).toString('utf8');
}

function offerReviewContext(): string {
  const context = fixture('offer-review.yaml');
  delete context.offer.receivedOn;
  delete context.replyBy;
  const file = join(scratch(), 'globex.yaml');
  writeFileSync(file, stringify(context));
  return file;
}

async function writeEml(content: string | Buffer): Promise<string> {
  const file = join(scratch(), 'offer.eml');
  writeFileSync(file, content);
  return file;
}

describe('--reply-to', () => {
  it('answers the email in its thread: headers, "Re:" subject, its author, its date as the offer date', async () => {
    const eml = await writeEml(await recruiterEmail());
    const result = await runCli(['render', 'offer-review', offerReviewContext(), '--reply-to', eml, '--format', 'eml', '--today', TODAY]);
    expect(result.code, result.stderr).toBe(0);
    const reply = await simpleParser(result.stdout);
    expect(reply.inReplyTo).toBe('<offer-1234@mail.globex.example>');
    expect(reply.references).toEqual([
      '<intro-1@mail.globex.example>',
      '<schedule-2@mail.globex.example>',
      '<offer-1234@mail.globex.example>',
    ]);
    expect(reply.subject).toBe('Re: Your offer from Globex');
    expect(reply.to && !Array.isArray(reply.to) ? reply.to.value : []).toEqual([
      { name: 'Globex Talent', address: 'talent@globex.example' },
    ]);
    // The context gives no offer date: the email's, the 24th. Two business days later is Thursday the 26th (en-IE).
    expect(reply.text).toContain('Thursday 26 November 2026');
  });

  it('keeps a subject already marked as a reply to one "Re:", and keeps the person in the file when it is their email', async () => {
    const eml = await writeEml(await recruiterEmail({ subject: 'RE: Re: Your offer from Globex', replyTo: undefined }));
    const context = fixture('offer-review.yaml');
    context.recipient = { name: 'Dana Whitfield', addressAs: 'Dana', email: 'Dana.Whitfield@globex.example' };
    const file = join(scratch(), 'globex.yaml');
    writeFileSync(file, stringify(context));
    const result = await runCli(['render', 'offer-review', file, '--reply-to', eml, '--format', 'eml', '--today', TODAY]);
    expect(result.code, result.stderr).toBe(0);
    const reply = await simpleParser(result.stdout);
    expect(reply.subject).toBe('Re: Your offer from Globex');
    expect(reply.text).toMatch(/^Dear Dana,/);
  });

  it('sends the reply in the thread through SMTP', async () => {
    const smtp = await server();
    const eml = await writeEml(await recruiterEmail());
    const state = scratch();
    const result = await runCli(
      ['send', 'offer-review', offerReviewContext(), '--reply-to', eml, '--today', TODAY, '--smtp', smtp.url(), '--yes'],
      { env: { XDG_STATE_HOME: state } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(smtp.received).toHaveLength(1);
    const [received] = smtp.received;
    expect(received!.envelope.to).toEqual(['talent@globex.example']);
    expect(received!.parsed.inReplyTo).toBe('<offer-1234@mail.globex.example>');
    expect(received!.parsed.subject).toBe('Re: Your offer from Globex');
  });

  const hostile: Array<[string, () => Promise<string | Buffer>, RegExp]> = [
    [
      'a Message-ID folded into a second header',
      async () =>
        (await recruiterEmail()).replace(
          'Message-ID: <offer-1234@mail.globex.example>',
          'Message-ID: <a@b.example>\r\n Bcc: x@evil.example',
        ),
      /Message-ID that is not a valid message identifier/,
    ],
    [
      'a subject that decodes to a line break',
      async () =>
        (await recruiterEmail()).replace(
          'Subject: Your offer from Globex',
          `Subject: =?UTF-8?B?${Buffer.from('Offer\r\nBcc: x@evil.example').toString('base64')}?=`,
        ),
      /Subject with a line break or control character/,
    ],
    ['no Message-ID', async () => (await recruiterEmail()).replace(/^Message-ID: .*\r\n/m, ''), /no Message-ID header/],
    ['binary data', async () => Buffer.concat([Buffer.from('From: a@b.example\r\n'), Buffer.from([0, 1, 2, 0])]), /is binary/],
    ['a YAML file instead of an email', async () => stringify(fixture('offer-review.yaml')), /not an email message \(\.eml\)/],
    ['a header that never ends', async () => `X-Filler: ${'a'.repeat(300 * 1024)}\r\n`, /no end to its header within 256 KiB/],
  ];
  it.each(hostile)('refuses an .eml with %s, clearly, exit 1', async (_name, make, message) => {
    const eml = await writeEml(await make());
    const result = await runCli(['render', 'offer-review', fixturePath('offer-review.yaml'), '--reply-to', eml, '--today', TODAY]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/evil\.example|at .*\.ts:\d+/);
  });

  it('refuses an .eml larger than any mail service sends, without reading it', async () => {
    const eml = join(scratch(), 'huge.eml');
    const fd = openSync(eml, 'w');
    ftruncateSync(fd, 26 * 1024 * 1024);
    closeSync(fd);
    const result = await runCli(['render', 'offer-review', fixturePath('offer-review.yaml'), '--reply-to', eml, '--today', TODAY]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is larger than 25 MiB');
  });

  it('refuses to answer a panel, and a missing file', async () => {
    const eml = await writeEml(await recruiterEmail());
    const panel = await runCli(['render', 'thank-you', fixturePath('panel.yaml'), '--reply-to', eml, '--today', TODAY]);
    expect(panel.code).toBe(2);
    expect(panel.stderr).toContain('A reply goes to one person');
    const missing = await runCli(['render', 'offer-review', fixturePath('offer-review.yaml'), '--reply-to', '/nonexistent/x.eml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The email /nonexistent/x.eml does not exist.');
  });
});
