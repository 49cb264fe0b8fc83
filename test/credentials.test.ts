import { describe, expect, it } from 'vitest';
import { AfterviewError } from '../src/errors.js';
import { runSecretCommand, signIn } from '../src/mail/credentials.js';

const SECRET = 'pa55 word-from the/manager';

async function failureOf(promise: Promise<unknown>): Promise<AfterviewError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AfterviewError);
  return error as AfterviewError;
}

describe('password and token commands', () => {
  it('takes the first line of what the command prints', async () => {
    expect(await runSecretCommand('passwordCommand', `printf '%s\\nsecond line\\n' '${SECRET}'`)).toBe(SECRET);
  });

  it('drops trailing blanks and a Windows line end, and keeps blanks inside', async () => {
    expect(await runSecretCommand('passwordCommand', `printf '%s  \\t\\r\\n' '${SECRET}'`)).toBe(SECRET);
  });

  it('passes the environment it is given to the command', async () => {
    expect(
      await runSecretCommand('accessTokenCommand', 'echo "$TOKEN_FOR_TEST"', { env: { ...process.env, TOKEN_FOR_TEST: 'ya29.token' } }),
    ).toBe('ya29.token');
  });

  it('names the command and its exit status when it fails, never what it printed', async () => {
    const command = 'echo "$SECRET_FOR_TEST"; echo "$SECRET_FOR_TEST" >&2; exit 3';
    const error = await failureOf(runSecretCommand('passwordCommand', command, { env: { ...process.env, SECRET_FOR_TEST: SECRET } }));
    expect(error.code).toBe('SEND_FAILED');
    expect(error.message).toBe(`The passwordCommand \`${command}\` exited with status 3, so there is no password to sign in with.`);
    expect(error.describe()).toContain('Run the command yourself to see its messages');
    expect(error.describe()).not.toContain(SECRET);
  });

  it('stops a command that hangs past the time limit, children included', async () => {
    const started = Date.now();
    const error = await failureOf(runSecretCommand('accessTokenCommand', 'sleep 30; echo late', { timeoutMs: 300 }));
    expect(error.message).toBe(
      'The accessTokenCommand `sleep 30; echo late` did not finish within 0.3 s and was stopped, so there is no access token to sign in with.',
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses a command that prints nothing, or only a blank first line', async () => {
    for (const command of ['true', 'printf \'\\n%s\\n\' "$SECRET_FOR_TEST"', "printf '   \\n'"]) {
      const error = await failureOf(runSecretCommand('passwordCommand', command, { env: { ...process.env, SECRET_FOR_TEST: SECRET } }));
      expect(error.message).toBe(
        `The passwordCommand \`${command}\` printed nothing on its first line, so there is no password to sign in with.`,
      );
      expect(error.message).not.toContain(SECRET);
    }
  });

  it('says when the command is killed by a signal', async () => {
    const error = await failureOf(runSecretCommand('passwordCommand', 'kill -TERM $$'));
    expect(error.message).toContain('was stopped by SIGTERM');
  });

  it('signs in with a given password first, then a token command, then a password command', async () => {
    expect(await signIn({ user: 'u', password: 'given', passwordCommand: 'echo cmd', accessTokenCommand: 'echo tok' })).toEqual({
      user: 'u',
      password: 'given',
    });
    expect(await signIn({ user: 'u', passwordCommand: 'echo cmd', accessTokenCommand: 'echo tok' })).toEqual({
      user: 'u',
      accessToken: 'tok',
    });
    expect(await signIn({ user: 'u', passwordCommand: 'echo cmd' })).toEqual({ user: 'u', password: 'cmd' });
    expect(await signIn({ user: 'u' })).toBeUndefined();
  });
});
