import { describe, expect, it } from 'vitest';
import { classifyFailure, retryDelay } from '../src/send/retry.js';
import { describeSmtpFailure } from '../src/send/smtp-failure.js';
import { isLoopbackAddress, redactSecret, resolveSmtpSettings } from '../src/send/smtp-config.js';

describe('SMTP settings', () => {
  it('requires STARTTLS for smtp:// off this machine, uses TLS for smtps://, and allows plain SMTP on loopback', () => {
    expect(resolveSmtpSettings({ url: 'smtp://marty@smtp.example.com', env: {} })).toMatchObject({
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      requireTLS: true,
      loopback: false,
      user: 'marty',
      display: 'smtp://marty@smtp.example.com',
    });
    expect(resolveSmtpSettings({ url: 'smtps://marty@smtp.example.com', env: {} })).toMatchObject({
      port: 465,
      secure: true,
      requireTLS: false,
    });
    expect(resolveSmtpSettings({ url: 'smtp://127.0.0.1:2525', env: {} })).toMatchObject({ requireTLS: false, loopback: true });
    expect(resolveSmtpSettings({ url: 'smtp://smtp.example.com', env: {}, insecure: true })).toMatchObject({ requireTLS: false });
  });

  it('takes --smtp, then $AFTERVIEW_SMTP_URL, then the profile; the password from the URL, then the environment, then the profile', () => {
    const env = { AFTERVIEW_SMTP_URL: 'smtp://env@env.example.com', AFTERVIEW_SMTP_PASSWORD: 'from-env' };
    const profile = { url: 'smtp://profile@profile.example.com', password: 'from-profile' };
    expect(resolveSmtpSettings({ url: 'smtp://flag:from%20url@flag.example.com', env, profile })).toMatchObject({
      host: 'flag.example.com',
      password: 'from url',
      display: 'smtp://flag@flag.example.com',
    });
    expect(resolveSmtpSettings({ env, profile })).toMatchObject({ host: 'env.example.com', password: 'from-env' });
    expect(resolveSmtpSettings({ env: {}, profile })).toMatchObject({ host: 'profile.example.com', password: 'from-profile' });
    expect(resolveSmtpSettings({ env: {}, profile: 'smtp://p@p.example.com' })).toMatchObject({ host: 'p.example.com' });
  });

  it('never echoes a URL that may hold a password in its errors', () => {
    expect(() => resolveSmtpSettings({ url: 'smtp://marty:hunter2@', urlLabel: '--smtp', env: {} })).toThrow(
      /^The SMTP URL from --smtp (is not a URL|has no host)\.$/,
    );
    expect(() => resolveSmtpSettings({ env: {} })).toThrow('No SMTP server is set, so there is nowhere to send from.');
  });

  it.each([
    // A name proves nothing until it is resolved: the transport judges names by every address they resolve to.
    ['localhost', false],
    ['mail.localhost', false],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['smtp.example.com', false],
    ['127.0.0.1.example.com', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackAddress(host)).toBe(loopback);
  });

  it('redacts a secret in every form it may appear', () => {
    expect(redactSecret('pass a b/c and a%20b%2Fc and YSBiL2M=', 'a b/c')).toBe('pass *** and *** and ***');
  });
});

describe('retries', () => {
  it.each([
    [{ responseCode: 451, message: '' }, 'transient'],
    [{ responseCode: 421, message: '' }, 'transient'],
    [{ responseCode: 503, message: '' }, 'transient'],
    [{ responseCode: 550, message: '' }, 'permanent'],
    [{ responseCode: 535, code: 'EAUTH', message: '' }, 'permanent'],
    [{ code: 'EENVELOPE', message: '' }, 'permanent'],
    [{ code: 'ECONNECTION', message: '' }, 'transient'],
    [{ code: 'ETIMEDOUT', message: '' }, 'transient'],
    [{ code: 'EDNS', message: '' }, 'transient'],
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: '' }, 'refused'],
    // A certificate that cannot be verified will not verify on the next attempt either.
    [{ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, 'permanent'],
    [{ code: 'ETLS', message: 'Error initiating TLS - unable to verify the first certificate' }, 'permanent'],
    [
      { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" },
      'permanent',
    ],
    [{ code: 'ENOTFOUND', message: '' }, 'permanent'],
  ])('classifies %j as %s', (error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });

  it('says a certificate could not be verified, and how to trust a local relay deliberately', () => {
    const settings = resolveSmtpSettings({ url: 'smtps://marty@smtp.example.com', env: {} });
    const text = describeSmtpFailure(
      { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
      settings,
      1,
    );
    expect(text).toBe(
      "The certificate of smtp.example.com:465 could not be verified (DEPTH_ZERO_SELF_SIGNED_CERT), so afterview did not send: it could be another server posing as yours. For a relay on this machine, connect by a loopback address (such as 127.0.0.1), where a self-signed certificate is accepted; to trust a server's own certificate authority deliberately, name its file in $NODE_EXTRA_CA_CERTS.",
    );
  });

  it('backs off exponentially with jitter, starting around half a second', () => {
    expect(retryDelay(0, 500, () => 0)).toBe(250);
    expect(retryDelay(0, 500, () => 1)).toBe(500);
    expect(retryDelay(2, 500, () => 0.5)).toBe(1500);
  });
});
