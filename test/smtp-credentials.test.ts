import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { renderContext } from '../src/render/render.js';
import { send } from '../src/send/send.js';
import { resolveSmtpSettings } from '../src/send/smtp-config.js';
import { TODAY, fixture } from './helpers/fixtures.js';

const PASSWORD = 'from the p4ssword manager';
const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A real SMTP server that accepts one password, and XOAUTH2 with the tokens in `tokens`. */
async function server(tokens: Set<string>) {
  const logins: Array<{ method: string; ok: boolean }> = [];
  let received = 0;
  const smtp = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    onAuth(auth, _session, callback) {
      const ok = auth.method === 'XOAUTH2' ? tokens.has(auth.accessToken ?? '') : auth.password === PASSWORD;
      logins.push({ method: auth.method, ok });
      if (ok) callback(null, { user: auth.username });
      else if (auth.method === 'XOAUTH2') callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.example/' } });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  servers.push(smtp);
  const port = await new Promise<number>((resolve) =>
    smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as { port: number }).port)),
  );
  return { port, logins, received: () => received };
}

const state = () => mkdtempSync(join(tmpdir(), 'afterview-smtp-credentials-'));
const message = async () => (await renderContext('thank-you', fixture('thank-you.yaml'), { today: TODAY }))[0]!;

function filesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('SMTP sign-in from commands', () => {
  it("signs in with the password command's first line, trailing blanks dropped", async () => {
    const smtp = await server(new Set());
    const dir = state();
    const settings = resolveSmtpSettings({
      url: `smtp://marty@127.0.0.1:${smtp.port}`,
      env: { ...process.env, SECRET_FOR_TEST: PASSWORD, AFTERVIEW_SMTP_PASSWORD: '' },
      passwordCommand: 'printf "%s \\t\\n" "$SECRET_FOR_TEST"',
    });
    const result = await send(await message(), { transport: settings, stateDir: dir });
    expect(result.status).toBe('sent');
    expect(smtp.logins).toEqual([{ method: 'PLAIN', ok: true }]);
    expect(filesUnder(dir)).not.toContain(PASSWORD);
  });

  it('signs in with XOAUTH2, and runs the token command once more when the first token is refused', async () => {
    const tokens = new Set(['token-1']);
    const smtp = await server(tokens);
    const dir = state();
    const counter = join(dir, 'count');
    const settings = resolveSmtpSettings({
      url: `smtp://marty@127.0.0.1:${smtp.port}`,
      env: { ...process.env, AFTERVIEW_SMTP_PASSWORD: '' },
      accessTokenCommand: `n=$(cat "${counter}" 2>/dev/null || echo 0); echo $((n+1)) > "${counter}"; echo "token-$n"`,
    });
    const result = await send(await message(), { transport: settings, stateDir: dir });
    expect(result.status).toBe('sent');
    expect(smtp.logins).toEqual([
      { method: 'XOAUTH2', ok: false },
      { method: 'XOAUTH2', ok: true },
    ]);
    expect(readFileSync(counter, 'utf8').trim()).toBe('2');
    expect(filesUnder(dir).replace(/"count"/, '')).not.toContain('token-1');
  });

  it('gives up after one fresh token, saying the login was refused, without the token', async () => {
    const smtp = await server(new Set());
    const dir = state();
    const settings = resolveSmtpSettings({
      url: `smtp://marty@127.0.0.1:${smtp.port}`,
      env: { ...process.env, AFTERVIEW_SMTP_PASSWORD: '' },
      accessTokenCommand: 'echo expired-token-value',
    });
    const error = await send(await message(), { transport: settings, stateDir: dir, retry: { baseDelayMs: 10 } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('did not accept the login for marty');
    expect((error as Error).message).not.toContain('expired-token-value');
    expect(smtp.logins.filter((l) => l.method === 'XOAUTH2')).toHaveLength(2);
    expect(smtp.received()).toBe(0);
  });

  it('names the password command and its status when it fails, and sends nothing', async () => {
    const smtp = await server(new Set());
    const settings = resolveSmtpSettings({
      url: `smtp://marty@127.0.0.1:${smtp.port}`,
      env: { ...process.env, AFTERVIEW_SMTP_PASSWORD: '' },
      passwordCommand: 'exit 5',
    });
    const error = await send(await message(), { transport: settings, stateDir: state(), retry: { baseDelayMs: 10 } }).catch(
      (e: Error) => e,
    );
    expect((error as Error).message).toContain('The passwordCommand `exit 5` exited with status 5');
    expect(smtp.logins).toEqual([]);
  });
});
