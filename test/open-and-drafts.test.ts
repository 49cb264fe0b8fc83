import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { htmlFragment, MAILTO_MAX_LENGTH, render, toMailto } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { fixture, fixturePath, TODAY } from './helpers/fixtures.js';
import { runBin } from './helpers/spawn.js';

/** A folder with stand-ins for xdg-open and xclip that record what they were given. */
function standIns(): { bin: string; record: string } {
  const bin = mkdtempSync(join(tmpdir(), 'afterview-open-'));
  const record = join(bin, 'record');
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > "${record}.url"\n`, { mode: 0o755 });
  writeFileSync(join(bin, 'xclip'), `#!/bin/sh\ncat > "${record}.clipboard"\n`, { mode: 0o755 });
  return { bin, record };
}

/** The detached xdg-open may finish after the CLI has exited. */
async function waitForFile(path: string): Promise<string> {
  for (let i = 0; i < 100 && !existsSync(path); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  return readFileSync(path, 'utf8');
}

/** The parts of a mailto: link, decoded as RFC 6068 says. */
function parseMailto(url: string): { to: string; subject: string | null; body: string | null } {
  const parsed = new URL(url);
  expect(parsed.protocol).toBe('mailto:');
  // Only unreserved characters and percent-escapes: a mail program gets exactly one URL.
  expect(url).toMatch(/^mailto:[A-Za-z0-9._~%@-]*\?[A-Za-z0-9._~%&=-]*$/);
  return {
    to: decodeURIComponent(parsed.pathname),
    subject: parsed.searchParams.get('subject'),
    body: parsed.searchParams.get('body'),
  };
}

describe('render --open', () => {
  it('opens a new message through the default mail program, addressed, with subject and body', async () => {
    const { bin, record } = standIns();
    const result = await runBin(['render', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--open'], {
      env: { PATH: `${bin}:/usr/bin:/bin`, DISPLAY: ':999999' },
    });
    expect(result.stderr).toContain('Opened a new message to Ana Ruiz <ana.ruiz@acme.example> in your mail program.');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const message = await render('thank-you', fixture('thank-you.yaml') as never, { today: TODAY });
    const mailto = parseMailto(await waitForFile(`${record}.url`));
    expect(mailto).toEqual({ to: 'ana.ruiz@acme.example', subject: message.subject, body: message.text.replace(/\n/g, '\r\n') });
  });

  it('leaves a body too long for mailto: out, says so, and copies it to the clipboard instead', async () => {
    const { bin, record } = standIns();
    const fit = `${'I rebuilt the runner fleet, cut queue times and kept every deploy green. '.repeat(8).trim()}`;
    const result = await runBin(['render', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--set', `fit=${fit}`, '--open'], {
      env: { PATH: `${bin}:/usr/bin:/bin`, DISPLAY: ':999999' },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`The body makes a mailto: link of \\d+ characters, more than the ${MAILTO_MAX_LENGTH} mail programs reliably accept`),
    );
    expect(result.stderr).toContain('Copying the body instead; paste it into the new message.');
    const mailto = parseMailto(await waitForFile(`${record}.url`));
    expect(mailto.subject).toBe('Thank you – Senior Platform Engineer interview');
    expect(mailto.body).toBeNull();
    expect(readFileSync(`${record}.clipboard`, 'utf8')).toContain(fit);
  });
});

describe('toMailto', () => {
  const message = {
    to: { name: 'Ana', email: 'ana+jobs@acme.example' },
    subject: 'Q&A: 50% = "yes"?',
    text: 'Line one,\nline two & more #1',
  };

  it('percent-encodes every reserved character and writes line breaks as CRLF (RFC 6068)', () => {
    const { url, includesBody } = toMailto(message);
    expect(includesBody).toBe(true);
    expect(url).toBe(
      'mailto:ana%2Bjobs@acme.example?subject=Q%26A%3A%2050%25%20%3D%20%22yes%22%3F&body=Line%20one%2C%0D%0Aline%20two%20%26%20more%20%231',
    );
    expect(parseMailto(url)).toEqual({ to: 'ana+jobs@acme.example', subject: message.subject, body: 'Line one,\r\nline two & more #1' });
  });

  it('leaves the body out past the length limit, and says how long it would have been', () => {
    const { url, includesBody, lengthWithBody } = toMailto(message, { maxLength: 60 });
    expect(includesBody).toBe(false);
    expect(url).not.toContain('body=');
    expect(lengthWithBody).toBeGreaterThan(60);
  });
});

describe('htmlFragment', () => {
  it('keeps paragraphs, lists, links and spacing, and drops the document, wrappers and presentation', () => {
    const html =
      '<!doctype html><html lang="en"><head><title>Hi &amp; bye</title><style>p{color:red}</style></head><body style="background:#fff">' +
      '<div role="article" aria-label="Subject"><table width="600" style="width:600px"><tr><td style="font-family:Arial;color:#333">' +
      '<p style="margin: 0 0 1em 0; color: #333; font-size: 15px">Dear &lt;Ana&gt;,</p><ul style="padding-left: 1.5em; width: 500px"><li>One &amp; two</li></ul>' +
      '<p><a href="https://linkedin.com/in/x" style="color:blue">profile</a> <a href="javascript:alert(1)">bad</a></p></td></tr></table></div></body></html>';
    expect(htmlFragment(html)).toBe(
      '<p style="margin: 0 0 1em 0;">Dear &lt;Ana&gt;,</p><ul style="padding-left: 1.5em;"><li>One &amp; two</li></ul>' +
        '<p><a href="https://linkedin.com/in/x">profile</a> <a>bad</a></p>\n',
    );
  });
});

describe('render --format eml as a draft', () => {
  it('has no Date or Message-ID, keeps X-Unsent, and says how to send the file from each mail client', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'afterview-eml-')), 'thanks.eml');
    const result = await runCli(['render', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--format', 'eml', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `Wrote ${out}.\nTo send it: open the file in Outlook (it opens as a draft), in Thunderbird with Message > Edit as New Message, or in Apple Mail with Message > Send Again.\n`,
    );
    const source = readFileSync(out, 'utf8');
    const mail = await simpleParser(source);
    expect(mail.headers.get('x-unsent')).toBe('1');
    expect(mail.headers.has('date')).toBe(false);
    expect(mail.headers.has('message-id')).toBe(false);
    expect(mail.subject).toBe('Thank you – Senior Platform Engineer interview');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([{ name: 'Ana Ruiz', address: 'ana.ruiz@acme.example' }]);
    // The MIME parts keep their own headers.
    expect(mail.text).toContain('Dear Ana,');
    expect(mail.html).toContain('<a href="mailto:marty@example.com">');
  });
});

describe('the signature links', () => {
  it('links the email with mailto:, the phone with tel: and LinkedIn with https://, in HTML and text', async () => {
    const context = fixture('thank-you.yaml');
    context.sender.linkedin = 'www.linkedin.com/in/marty-he';
    const message = await render('thank-you', context as never, { today: TODAY });
    expect(message.html).toContain('<a href="mailto:marty@example.com">marty@example.com</a>');
    expect(message.html).toContain('<a href="tel:+15550100">+1 555 0100</a>');
    expect(message.html).toContain('<a href="https://www.linkedin.com/in/marty-he">https://www.linkedin.com/in/marty-he</a>');
    expect(message.text).toMatch(/\nhttps:\/\/www\.linkedin\.com\/in\/marty-he$/);
  });

  it('writes the locale into the document language', async () => {
    const context = fixture('thank-you.yaml');
    context.locale = 'en-GB';
    const message = await render('thank-you', context as never, { today: TODAY });
    expect(message.html).toMatch(/<html lang="en-GB"/);
  });
});

describe('render --copy FILE', () => {
  it('reads a file after a bare --copy as a context, not as what to copy', async () => {
    const result = await runCli(['render', 'thank-you', '--today', TODAY, '--copy', fixturePath('thank-you.yaml')], {
      env: { PATH: mkdtempSync(join(tmpdir(), 'afterview-nothing-')) },
    });
    // The context was read and rendered: only the clipboard, absent here, is missing.
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Could not copy to the clipboard');
  });
});
