import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessageStore } from '../src/send/store.js';
import { runCli, type CliOptions, type CliResult } from './helpers/cli.js';
import { TODAY, fixturePath } from './helpers/fixtures.js';
import { unusedPort, useSmtpServers, type TestSmtpServer } from './helpers/smtp.js';

const PASSWORD = 's3cret pass-word/with:odd@chars';
const thankYou = fixturePath('thank-you.yaml');
const panel = fixturePath('panel.yaml');
const outputs: CliResult[] = [];
const stateDirs: string[] = [];

const server = useSmtpServers();

function newState(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afterview-send-state-'));
  stateDirs.push(dir);
  return dir;
}

/** Runs the CLI with the password in the environment, as users are told to, and keeps every output for the secrets check. */
async function cli(args: string[], state: string, options: CliOptions = {}): Promise<CliResult> {
  const result = await runCli(args, {
    stdin: '',
    ...options,
    // Times are shown in the user's zone and locale: Tokyo is nine hours ahead of the clock's 14:30 UTC.
    env: { XDG_STATE_HOME: state, AFTERVIEW_SMTP_PASSWORD: PASSWORD, TZ: 'Asia/Tokyo', LANG: 'en_GB.UTF-8', ...options.env },
  });
  outputs.push(result);
  return result;
}

function sendArgs(smtp: TestSmtpServer | string, ...rest: string[]): string[] {
  const url = typeof smtp === 'string' ? smtp : smtp.url('marty');
  return ['send', 'thank-you', thankYou, '--today', TODAY, '--smtp', url, ...rest];
}

describe('afterview send', () => {
  it('shows what it will send, sends it with --yes, and says so', async () => {
    const smtp = await server({ users: { marty: PASSWORD } });
    const { code, stdout, stderr } = await cli(sendArgs(smtp, '--yes'), newState());
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('From:    Marty Hale-Evans <marty@example.com>\n');
    expect(stderr).toContain(`Via:     smtp://marty@127.0.0.1:${smtp.port}\n`);
    expect(stderr).toContain('To:      Ana Ruiz <ana.ruiz@acme.example>\nSubject: Thank you – Senior Platform Engineer interview\n');
    expect(stderr).toContain('Sent to Ana Ruiz <ana.ruiz@acme.example>: Thank you – Senior Platform Engineer interview\n');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.parsed.to && !Array.isArray(smtp.received[0]!.parsed.to) ? smtp.received[0]!.parsed.to.text : '').toContain(
      'ana.ruiz@acme.example',
    );
  });

  it('asks on a terminal, showing the first lines of the body, and sends on "y"', async () => {
    const smtp = await server();
    const { code, stderr } = await cli(sendArgs(smtp), newState(), { stdin: 'y\n', tty: true });
    expect(stderr).toContain(
      [
        'To:      Ana Ruiz <ana.ruiz@acme.example>',
        'Subject: Thank you – Senior Platform Engineer interview',
        '',
        '  | Dear Ana,',
        '  |',
        '  | Thank you for taking the time to speak with me yesterday about the',
        '  | Senior Platform Engineer role at Acme Corp. I enjoyed learning more',
        '  | about the team and the work ahead.',
        '  |',
        '  | I especially appreciated our conversation about how the platform team',
        '  | plans to move CI to ephemeral runners. It reminded me of the runner',
        '  | fleet I rebuilt at Northwind, where we cut queue times from twelve',
        '  | minutes to under one. It was also good to hear about the on-call',
        '  | … 13 more lines (--dry-run prints the whole message)',
        '',
        '',
      ].join('\n'),
    );
    expect(stderr).toContain('Send to Ana Ruiz <ana.ruiz@acme.example>? [y/N] ');
    expect(code).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('sends nothing when the answer is not yes', async () => {
    const smtp = await server();
    const { code, stderr } = await cli(sendArgs(smtp), newState(), { stdin: '\n', tty: true });
    expect(code).toBe(0);
    expect(stderr).toContain('Nothing was sent.');
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses with exit 2, rather than wait, when there is no terminal and no --yes', async () => {
    const smtp = await server();
    const { code, stderr } = await cli(sendArgs(smtp), newState());
    expect(code).toBe(2);
    expect(stderr).toContain(
      'afterview: afterview send asks before sending, and there is no terminal to ask on. Check the message with --dry-run, then add --yes to send it.',
    );
    expect(smtp.received).toHaveLength(0);
  });

  it('--dry-run shows everything and sends nothing', async () => {
    const smtp = await server();
    const state = newState();
    const { code, stdout, stderr } = await cli(sendArgs(smtp, '--dry-run'), state);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Thank you – Senior Platform Engineer interview\n\nDear Ana,/);
    expect(stderr).toContain('Dry run: nothing was sent, and nothing was written to the outbox (1 message checked).');
    expect(smtp.received).toHaveLength(0);
    expect(readdirSync(state)).toEqual([]);
  });

  it('--dry-run counts blind copies even when an address is also in To or Cc', async () => {
    const smtp = await server();
    const { code, stderr } = await cli(sendArgs(smtp, '--dry-run', '--cc', 'ana.ruiz@acme.example', '--bcc', 'me@example.com'), newState());
    expect(code).toBe(0);
    expect(stderr).toContain('Cc:      ana.ruiz@acme.example\nBcc:     1 blind copy\n');
  });

  it('does not send the same message twice: a repeated command is skipped with a notice, exit 0', async () => {
    const smtp = await server();
    const state = newState();
    expect((await cli(sendArgs(smtp, '--yes'), state)).code).toBe(0);
    const again = await cli(sendArgs(smtp, '--yes'), state);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Already sent on Wed, 25 Nov 2026, 23:30: it will be skipped unless you pass --force.');
    expect(again.stderr).toContain(
      'Skipped Ana Ruiz <ana.ruiz@acme.example>: already sent on Wed, 25 Nov 2026, 23:30; --force sends it again.',
    );
    expect(smtp.received).toHaveLength(1);
    // On a terminal, nothing would go out: nothing to ask.
    const asked = await cli(sendArgs(smtp), state, { stdin: '', tty: true });
    expect(asked.code).toBe(0);
    expect(asked.stderr).not.toContain('[y/N]');
    expect(asked.stderr).toContain(
      'Skipped Ana Ruiz <ana.ruiz@acme.example>: already sent on Wed, 25 Nov 2026, 23:30; --force sends it again.',
    );
    // With --force, the plan says what --force does.
    const forced = await cli(sendArgs(smtp, '--force'), state, { stdin: 'y\n', tty: true });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('Already sent on Wed, 25 Nov 2026, 23:30: --force sends it again.\n');
    expect(forced.stderr).not.toContain('unless you pass --force');
    expect(forced.stderr).toContain('Send to Ana Ruiz <ana.ruiz@acme.example>? [y/N] ');
    expect(smtp.received).toHaveLength(2);
  });

  it('sends a panel as one message per person, with a summary', async () => {
    const smtp = await server();
    const { code, stderr } = await cli(['send', 'thank-you', panel, '--today', TODAY, '--smtp', smtp.url(), '--yes'], newState());
    expect(code).toBe(0);
    expect(smtp.received.map((m) => m.envelope.to)).toEqual([
      ['f.osei@quillonmarsh.example'],
      ['mateus.araujo@quillonmarsh.example'],
      ['grace.whitfield@quillonmarsh.example'],
    ]);
    expect(stderr).toContain('\nSent 3, skipped 0 (already sent), failed 0.\n');
  });

  it('shows a progress bar for a panel on a terminal', async () => {
    const smtp = await server();
    const { code, stderr } = await cli(['send', 'thank-you', panel, '--today', TODAY, '--smtp', smtp.url(), '--yes'], newState(), {
      tty: true,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/Sending .* 3\/3/);
  });

  it('retries a 451 and delivers once', async () => {
    const smtp = await server();
    smtp.failNextData.push({ code: 451, message: '4.7.1 Greylisted, please try again' });
    const { code } = await cli(sendArgs(smtp, '--yes'), newState());
    expect(code).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('exits 3 with the server reply for a 550, without retrying', async () => {
    const smtp = await server();
    smtp.failNextData.push({ code: 550, message: '5.7.1 Message rejected as spam' }, { code: 550, message: 'second' });
    const { code, stderr } = await cli(sendArgs(smtp, '--yes'), newState());
    expect(code).toBe(3);
    expect(stderr).toContain(
      `afterview: Not sent to Ana Ruiz <ana.ruiz@acme.example>: 127.0.0.1:${smtp.port} refused the message: 550 5.7.1 Message rejected as spam`,
    );
    expect(smtp.failNextData).toHaveLength(1);
  });

  it('exits 3 naming host and port when the connection is refused, keeps the message, and `outbox --send` delivers it later', async () => {
    const port = await unusedPort();
    const state = newState();
    const failed = await cli(sendArgs(`smtp://127.0.0.1:${port}`, '--yes'), state);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain(`Could not connect to 127.0.0.1:${port}: the connection was refused.`);
    expect(failed.stderr).toContain('The message is kept in the outbox');

    const listed = await cli(['outbox'], state);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^Wed, 25 Nov 2026, 23:30 {2}thank-you {2}to Ana Ruiz <ana\.ruiz@acme\.example> {2}"Thank you – Senior Platform Engineer interview"\n {4}last attempt: Could not connect/,
    );

    const smtp = await server({ port });
    const sent = await cli(['outbox', '--send', '--smtp', smtp.url()], state);
    expect(sent.code).toBe(0);
    expect(smtp.received).toHaveLength(1);
    expect((await cli(['outbox'], state)).stderr).toContain('The outbox is empty');
    // And the original command, run again, does not send it a second time.
    expect((await cli(sendArgs(smtp, '--yes'), state)).code).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('sends a kept message when the same command is run again, with the same Message-ID', async () => {
    const port = await unusedPort();
    const state = newState();
    expect((await cli(sendArgs(`smtp://127.0.0.1:${port}`, '--yes'), state)).code).toBe(3);
    const [waiting] = await new MessageStore(join(state, 'afterview')).list();
    const smtp = await server({ port });
    const again = await cli(sendArgs(`smtp://127.0.0.1:${port}`, '--yes'), state);
    expect(again.stderr).toContain(
      'Waiting in the outbox from an earlier attempt (queued on Wed, 25 Nov 2026, 23:30): it will be sent as it was then, with the same Message-ID.',
    );
    expect(again.code).toBe(0);
    expect(smtp.received.map((m) => m.parsed.messageId)).toEqual([waiting!.messageId]);
  });

  it('exits 3 when the login is refused', async () => {
    const smtp = await server({ users: { marty: 'something else' } });
    const { code, stderr } = await cli(sendArgs(smtp, '--yes'), newState());
    expect(code).toBe(3);
    expect(stderr).toContain('did not accept the login for marty: 535 Authentication credentials invalid');
  });

  it.each([
    [['--to', 'ana@acme.example\r\nBcc: all@example.com'], 1, '--to contains a line break, which could inject a mail header; remove it.'],
    [
      ['--set', 'recipient.name=Ana\r\nBcc: all@example.com'],
      1,
      'recipient.name: "Ana\\r\\nBcc: all@example.com" must be a single line (no line breaks)',
    ],
    [['--to', 'nobody'], 1, '--to "nobody" is not an email address'],
    [['--attach', '/nonexistent/cv.pdf'], 1, 'The attachment /nonexistent/cv.pdf does not exist; check its path.'],
    [
      ['--set', 'recipient.email=ana@acme.example', '--smtp', 'http://example.com'],
      2,
      'The SMTP URL from --smtp must start with smtp:// or smtps://, not http://.',
    ],
  ])('refuses %j with exit %i before anything is sent', async (extra, exitCode, message) => {
    const smtp = await server();
    const args = extra.includes('--smtp')
      ? ['send', 'thank-you', thankYou, '--today', TODAY, ...extra, '--yes']
      : sendArgs(smtp, ...extra, '--yes');
    const { code, stderr } = await cli(args, newState());
    expect(stderr).toContain(message);
    expect(code).toBe(exitCode);
    expect(smtp.received).toHaveLength(0);
  });

  it('names the server without the password, and warns when --insecure allows plain SMTP off this machine', async () => {
    const { code, stderr } = await cli(sendArgs('smtp://marty@smtp.example.com:587', '--dry-run'), newState());
    expect(code).toBe(0);
    expect(stderr).toContain('Via:     smtp://marty@smtp.example.com:587');
    const insecure = await cli(sendArgs('smtp://marty@smtp.example.com:587', '--dry-run', '--insecure'), newState());
    expect(insecure.stderr).toContain(
      'warning: insecure: the message and your password may cross the network to smtp.example.com unencrypted',
    );
  });

  it('warns when a profile that holds the password can be read by others', async () => {
    const smtp = await server();
    const dir = mkdtempSync(join(tmpdir(), 'afterview-profile-'));
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, `smtp:\n  url: ${smtp.url('marty')}\n  password: "${PASSWORD}"\n`, { mode: 0o644 });
    const { code, stderr } = await cli(['send', 'thank-you', thankYou, '--today', TODAY, '--profile', profile, '--yes'], newState(), {
      env: { AFTERVIEW_SMTP_PASSWORD: '' },
    });
    expect(code).toBe(0);
    expect(stderr).toContain(`warning: ${profile} holds your SMTP password and other users can read it: run \`chmod 600 ${profile}\``);
    expect(smtp.received).toHaveLength(1);
  });

  it('never shows the password: not in any output above, nor in any file afterview wrote', () => {
    expect(outputs.length).toBeGreaterThan(15);
    for (const { stdout, stderr } of outputs) {
      expect(stdout).not.toContain(PASSWORD);
      expect(stderr).not.toContain(PASSWORD);
      expect(stderr).not.toContain(encodeURIComponent(PASSWORD));
    }
    for (const dir of stateDirs) {
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) expect(readFileSync(join(entry.parentPath, entry.name), 'utf8')).not.toContain(PASSWORD);
      }
    }
  });
});
