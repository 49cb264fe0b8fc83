import { mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecipient, resolveSmtpSettings, send } from '../src/index.js';
import { renderContext } from '../src/render/render.js';
import { runCli, type CliOptions } from './helpers/cli.js';
import { fixture, fixturePath, TODAY } from './helpers/fixtures.js';
import { unusedPort, useSmtpServers } from './helpers/smtp.js';

const server = useSmtpServers();
const thankYou = fixturePath('thank-you.yaml');
const ANA = 'ana.ruiz@acme.example';

function newState(): string {
  return mkdtempSync(join(tmpdir(), 'afterview-edges-'));
}

function cli(args: string[], state: string, options: CliOptions = {}) {
  // Times in the user's zone and locale: UTC, British English.
  return runCli(args, { stdin: '', ...options, env: { XDG_STATE_HOME: state, TZ: 'UTC', LANG: 'en_GB.UTF-8', ...options.env } });
}

const sendArgs = (url: string, ...rest: string[]) => ['send', 'thank-you', thankYou, '--today', TODAY, '--smtp', url, '--yes', ...rest];
const outboxDir = (state: string) => join(state, 'afterview', 'outbox');
const sentLog = (state: string) =>
  readFileSync(join(state, 'afterview', 'sent.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { recipients: string[]; time: string });

/** A TCP server that greets and then answers nothing, or (tarpit) answers EHLO one byte at a time, forever. */
async function stallingServer(kind: 'hang' | 'tarpit'): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.write('220 slow.example ESMTP\r\n');
    if (kind === 'tarpit') {
      socket.once('data', () => {
        const reply = Buffer.from('250-slow.example at your service, very slowly\r\n');
        let i = 0;
        const timer = setInterval(() => socket.write(reply.subarray(i, i + 1), () => (i = (i + 1) % reply.length)), 20);
        timers.add(timer);
        socket.on('close', () => clearInterval(timer));
      });
    }
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  return {
    url: `smtp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

describe('every recipient counted', () => {
  it('retries a greylisting 451 for the addressee alone, and does not send the blind copy twice', async () => {
    const smtp = await server();
    smtp.deferRecipients.set(ANA, 1);
    const state = newState();
    const { code, stderr } = await cli(sendArgs(smtp.url(), '--bcc', 'me@example.com'), state);
    expect(code).toBe(0);
    expect(stderr).toContain('Sent to Ana Ruiz <ana.ruiz@acme.example>');
    expect(smtp.received.map((m) => m.envelope.to)).toEqual([['me@example.com'], [ANA]]);
    // One line for the delivery, naming each recipient it reached.
    expect(sentLog(state).map((r) => r.recipients)).toEqual([['me@example.com', ANA]]);
  });

  it('a 451 that outlasts the retries: exit 3, the message stays owed to that recipient only, and a later run sends it to them alone', async () => {
    const smtp = await server();
    smtp.deferRecipients.set(ANA, 10);
    const state = newState();
    const first = await cli(sendArgs(smtp.url(), '--bcc', 'me@example.com'), state, { env: { AFTERVIEW_SEND_TIMEOUT: '20' } });
    expect(first.code).toBe(3);
    expect(first.stderr).toContain(`Not sent to Ana Ruiz <ana.ruiz@acme.example>: the server deferred ${ANA}: 451 4.7.1`);
    expect(first.stderr).toContain('It did reach me@example.com.');
    const listed = await cli(['outbox'], state);
    expect(listed.stdout).toContain(`delivered to me@example.com; still owed to ${ANA}`);
    smtp.deferRecipients.clear();
    const later = await cli(['outbox', '--send', '--smtp', smtp.url()], state);
    expect(later.code).toBe(0);
    expect(smtp.received.map((m) => m.envelope.to)).toEqual([['me@example.com'], [ANA]]);
  }, 30_000);

  it('a 550 for one recipient is reported for that recipient, exit 3, while the other gets it', async () => {
    const smtp = await server();
    smtp.refuseRecipients.add('bo@acme.example');
    const { code, stderr } = await cli(sendArgs(smtp.url(), '--cc', 'bo@acme.example'), newState());
    expect(code).toBe(3);
    expect(stderr).toContain('the server refused bo@acme.example: 550 5.1.1 <bo@acme.example>: Recipient address rejected');
    expect(smtp.received.map((m) => m.envelope.to)).toEqual([[ANA]]);
  });
});

describe('the same message tomorrow', () => {
  it('a message queued on one day is the one sent by the same command the next day: one copy, as first rendered', async () => {
    const port = await unusedPort();
    const state = newState();
    expect((await cli(sendArgs(`smtp://127.0.0.1:${port}`), state)).code).toBe(3);
    const smtp = await server({ port });
    const tomorrow = sendArgs(smtp.url()).map((arg) => (arg === TODAY ? '2026-11-26' : arg));
    const next = await cli(tomorrow, state, { now: new Date('2026-11-26T09:00:00Z') });
    expect(next.code).toBe(0);
    expect(next.stderr).toContain('the message queued on 2026-11-25 was sent as it was first rendered');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.parsed.date?.toISOString()).toBe('2026-11-25T14:30:00.000Z');
    const dayAfter = await cli(
      tomorrow.map((arg) => (arg === '2026-11-26' ? '2026-11-27' : arg)),
      state,
      { now: new Date('2026-11-27T09:00:00Z') },
    );
    expect(dayAfter.code).toBe(0);
    expect(dayAfter.stderr).toContain(
      'Skipped Ana Ruiz <ana.ruiz@acme.example>: already sent on Thu, 26 Nov 2026, 09:00; --force sends it again.',
    );
    expect(smtp.received).toHaveLength(1);
  });

  it('a message perhaps delivered yesterday is not sent by today`s run, which exits 3', async () => {
    const smtp = await server();
    const state = newState();
    expect((await cli(sendArgs(`smtp://127.0.0.1:${await unusedPort()}`), state)).code).toBe(3);
    // As a crash during the hand-over leaves it: marked on disk, with nobody holding the lock.
    const [name] = readdirSync(outboxDir(state)).filter((n) => n.endsWith('.json'));
    const entry = JSON.parse(readFileSync(join(outboxDir(state), name!), 'utf8'));
    writeFileSync(
      join(outboxDir(state), name!),
      JSON.stringify({ ...entry, state: 'handing-over', handover: { recipients: [ANA], at: '2026-11-25T14:30:00.000Z' } }),
    );
    const tomorrow = sendArgs(smtp.url()).map((arg) => (arg === TODAY ? '2026-11-26' : arg));
    const next = await cli(tomorrow, state, { now: new Date('2026-11-26T09:00:00Z') });
    expect(next.code).toBe(3);
    expect(next.stderr).toContain('Perhaps delivered to Ana Ruiz <ana.ruiz@acme.example>: an earlier attempt may have reached the server');
    expect(smtp.received).toHaveLength(0);
    expect((await cli(['outbox'], state)).code).toBe(3);
    const plan = await cli([...tomorrow, '--force', '--dry-run'], state, { now: new Date('2026-11-26T09:00:00Z') });
    expect(plan.stderr).toContain('Perhaps delivered by an earlier attempt (queued on Wed, 25 Nov 2026, 14:30): --force sends it again.\n');
    const forced = await cli(['outbox', '--send', '--force', '--smtp', smtp.url()], state);
    expect(forced.code).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('another message for the same template and addressee waiting in the outbox blocks a new one, and says so', async () => {
    const port = await unusedPort();
    const state = newState();
    expect((await cli(sendArgs(`smtp://127.0.0.1:${port}`), state)).code).toBe(3);
    const smtp = await server({ port });
    const { code, stderr } = await cli(sendArgs(smtp.url(), '--set', 'role=Staff Platform Engineer'), state);
    expect(code).toBe(3);
    expect(stderr).toContain('Blocked by another message waiting in the outbox (thank-you to Ana Ruiz <ana.ruiz@acme.example>');
    expect(stderr).toContain(
      '("Thank you – Senior Platform Engineer interview", queued Wed, 25 Nov 2026, 14:30) is waiting in the outbox, not yet sent; this one is not sent, so that they do not get two',
    );
    expect(smtp.received).toHaveLength(0);
    // --force sends this one as well, and the plan says so.
    const forced = await cli(sendArgs(smtp.url(), '--set', 'role=Staff Platform Engineer', '--force'), state);
    expect(forced.stderr).toContain(
      'Another message to the same person is waiting in the outbox (thank-you to Ana Ruiz <ana.ruiz@acme.example>, queued Wed, 25 Nov 2026, 14:30): --force sends this one as well.\n',
    );
    expect(forced.code).toBe(0);
    expect(smtp.received.map((m) => m.parsed.subject)).toEqual(['Thank you – Staff Platform Engineer interview']);
  });
});

describe('locks that cannot go stale', () => {
  it.each([
    ['this very process', () => JSON.stringify({ pid: process.pid, start: '1', token: 'an-earlier-run' })],
    ['PID 1, reused', () => JSON.stringify({ pid: 1, start: '0', boot: 'another-boot', token: 'a-container-run' })],
    ['PID 1, written by an older afterview', () => '1'],
  ])('a lock left by %s does not block the message', async (_, holder) => {
    const port = await unusedPort();
    const state = newState();
    expect((await cli(sendArgs(`smtp://127.0.0.1:${port}`), state)).code).toBe(3);
    const [name] = readdirSync(outboxDir(state)).filter((n) => n.endsWith('.json'));
    writeFileSync(join(outboxDir(state), name!.replace(/\.json$/, '.lock')), holder());
    const smtp = await server({ port });
    const { code, stderr } = await cli(['outbox', '--send', '--smtp', smtp.url()], state);
    expect(stderr).not.toContain('another afterview process');
    expect(code).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });
});

describe('deadlines', () => {
  it.each(['hang', 'tarpit'] as const)(
    'a server that %ss costs the time allowed, then the rest stays queued',
    async (kind) => {
      const slow = await stallingServer(kind);
      const state = newState();
      try {
        const { code, stderr } = await cli(
          ['send', 'thank-you', fixturePath('panel.yaml'), '--today', TODAY, '--smtp', slow.url, '--yes'],
          state,
          { env: { AFTERVIEW_SEND_TIMEOUT: '1', AFTERVIEW_RUN_TIMEOUT: '60' } },
        );
        expect(code).toBe(3);
        expect(stderr).toContain('did not finish within the time allowed for one message');
        expect(stderr).toMatch(/Sent 0, skipped 0 \(already sent\), failed 3\./);
        expect(readdirSync(outboxDir(state)).filter((n) => n.endsWith('.json'))).toHaveLength(3);
      } finally {
        await slow.close();
      }
    },
    30_000,
  );

  it('stops at once when nothing listens, leaving the rest of a panel queued', async () => {
    const port = await unusedPort();
    const state = newState();
    const { code, stderr } = await cli(
      ['send', 'thank-you', fixturePath('panel.yaml'), '--today', TODAY, '--smtp', `smtp://127.0.0.1:${port}`, '--yes'],
      state,
    );
    expect(code).toBe(3);
    expect(stderr).toContain('Stopped early, not tried: the server failed in a way every message would: Could not connect to 127.0.0.1:');
    expect(stderr).toContain('Sent 0, skipped 0 (already sent), failed 1, left in the outbox 2.');
    expect(readdirSync(outboxDir(state)).filter((n) => n.endsWith('.json'))).toHaveLength(3);
  });

  it('stops a batch when the run`s time is up, leaving the rest in the outbox', async () => {
    const slow = await stallingServer('hang');
    const state = newState();
    try {
      const { code, stderr } = await cli(
        ['send', 'thank-you', fixturePath('panel.yaml'), '--today', TODAY, '--smtp', slow.url, '--yes'],
        state,
        { env: { AFTERVIEW_SEND_TIMEOUT: '30', AFTERVIEW_RUN_TIMEOUT: '1' } },
      );
      expect(code).toBe(3);
      expect(stderr).toContain(
        'Stopped early, not tried: the time allowed for the whole run was up. 2 messages left in the outbox untried',
      );
    } finally {
      await slow.close();
    }
  }, 30_000);
});

describe('smaller holes', () => {
  it('parses a hostile 3,000-character address value at once, and refuses it for its length', () => {
    const hostile = `${'"'.repeat(1000)}${'<'.repeat(1000)}${' a'.repeat(500)}`;
    const started = performance.now();
    expect(() => parseRecipient(hostile, 'to')).toThrow('to is 3000 characters long; an email address with its name fits in 998.');
    expect(() => parseRecipient(hostile.slice(0, 998), 'to')).toThrow('is not an email address');
    expect(() => parseRecipient(`${'a<'.repeat(499)}`, 'to')).toThrow();
    // A generous bound: the old regular expression took seconds on this input.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('sends to an IPv6 literal', async () => {
    const smtp = await server({ host: '::1' });
    const { code } = await cli(sendArgs(`smtp://[::1]:${smtp.port}`), newState());
    expect(code).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('takes a % in a URL password as it is written', () => {
    expect(resolveSmtpSettings({ url: 'smtp://marty:50%off@smtp.example.com', env: {} }).password).toBe('50%off');
    expect(resolveSmtpSettings({ url: 'smtp://marty:a%20b@smtp.example.com', env: {} }).password).toBe('a b');
  });

  it('keeps the AUTH blob a server echoes out of errors and the outbox', async () => {
    const password = 'echoed p4ss';
    const smtp = await server({
      users: { marty: 'another' },
      authFailure: (auth) => `Authentication failed for ${Buffer.from(`\0${auth.username}\0${auth.password}`).toString('base64')}`,
    });
    const state = newState();
    const { code, stderr } = await cli(sendArgs(smtp.url('marty')), state, { env: { AFTERVIEW_SMTP_PASSWORD: password } });
    expect(code).toBe(3);
    const blob = Buffer.from(`\0marty\0${password}`).toString('base64');
    expect(stderr).toContain('535 Authentication failed for ***');
    expect(stderr).not.toContain(blob);
    for (const name of readdirSync(outboxDir(state))) expect(readFileSync(join(outboxDir(state), name), 'utf8')).not.toContain(blob);
  });

  it('warns about a password on the command line, and about one inside a profile URL others can read', async () => {
    const smtp = await server();
    const onCommandLine = await cli(sendArgs(`smtp://marty:hunter2@127.0.0.1:${smtp.port}`, '--dry-run'), newState());
    expect(onCommandLine.stderr).toContain('warning: the password in --smtp can be read by every user of this machine');
    const dir = mkdtempSync(join(tmpdir(), 'afterview-profile-'));
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, `smtp: smtp://marty:hunter2@127.0.0.1:${smtp.port}\n`, { mode: 0o644 });
    const { stderr } = await cli(['send', 'thank-you', thankYou, '--today', TODAY, '--profile', profile, '--dry-run'], newState());
    expect(stderr).toContain(`warning: ${profile} holds your SMTP password and other users can read it`);
  });

  it('refuses attachments over the limit before reading them or sending anything', async () => {
    const smtp = await server();
    const big = join(mkdtempSync(join(tmpdir(), 'afterview-big-')), 'portfolio.zip');
    writeFileSync(big, '');
    truncateSync(big, 600 * 1024 * 1024);
    const { code, stderr } = await cli(sendArgs(smtp.url(), '--attach', big), newState());
    expect(code).toBe(1);
    expect(stderr).toContain('The attachments weigh 600.0 MB together; the limit is 18.0 MB');
    expect(smtp.received).toHaveLength(0);
  });

  it.each([
    [
      'sent.log is a folder',
      (home: string) => mkdirSync(join(home, 'sent.log'), { recursive: true }),
      'sent.log: it is a folder, where a file belongs (EISDIR).',
    ],
    ['outbox is a file', (home: string) => writeFileSync(join(home, 'outbox'), ''), 'is a file, where afterview keeps a folder'],
  ])('refuses a state folder where %s, clearly', async (_, spoil, message) => {
    const smtp = await server();
    const state = newState();
    mkdirSync(join(state, 'afterview'), { recursive: true });
    spoil(join(state, 'afterview'));
    const { code, stderr } = await cli(sendArgs(smtp.url()), state);
    expect(code).toBe(3);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    expect(smtp.received).toHaveLength(0);
  });

  it('cleans up temporary files and locks that crashed runs left behind', async () => {
    const state = newState();
    const outbox = outboxDir(state);
    mkdirSync(outbox, { recursive: true });
    const old = new Date(Date.now() - 3_600_000);
    for (const name of ['k.json.123.1.tmp', 'k.lock.token.tmp', 'gone.lock', 'gone.eml']) {
      writeFileSync(join(outbox, name), name === 'gone.lock' ? JSON.stringify({ pid: 1, start: '0', token: 'x' }) : 'x');
      utimesSync(join(outbox, name), old, old);
    }
    expect((await cli(['outbox'], state)).stderr).toContain('The outbox is empty');
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('ignores a relative XDG_STATE_HOME, as the XDG spec says', async () => {
    const smtp = await server();
    const home = newState();
    const { code } = await cli(sendArgs(smtp.url()), home, { env: { XDG_STATE_HOME: 'relative/state', HOME: home } });
    expect(code).toBe(0);
    expect(readdirSync(join(home, '.local', 'state', 'afterview'))).toContain('sent.log');
  });

  it('judges a host by where its name leads: a *.localhost name that resolves nowhere is not loopback', async () => {
    const { code, stderr } = await cli(sendArgs('smtp://mail.localhost:2525'), newState());
    expect(code).toBe(3);
    expect(stderr).toContain('Could not find the SMTP server mail.localhost: no such host.');
  });

  it('a library caller gets the same guarantees', async () => {
    const smtp = await server();
    const [message] = await renderContext('thank-you', fixture('thank-you.yaml'), { today: TODAY });
    const stateDir = newState();
    const first = await send(message!, { transport: smtp.url(), stateDir });
    const again = await send(message!, { transport: smtp.url(), stateDir });
    expect([first.status, again.status]).toEqual(['sent', 'skipped']);
  });
});
