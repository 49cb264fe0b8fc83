import { describe, expect, it } from 'vitest';
import { AfterviewError } from '../src/errors.js';
import { resolveImapSettings } from '../src/mail/imap-config.js';
import { loadPreset, presetNames } from '../src/mail/presets.js';

describe('provider presets', () => {
  it.each([
    ['gmail', 'smtps://me%40gmail.com@smtp.gmail.com:465', 'imaps://me%40gmail.com@imap.gmail.com:993', true],
    ['outlook', 'smtp://me%40gmail.com@smtp-mail.outlook.com:587', 'imaps://me%40gmail.com@outlook.office365.com:993', true],
    ['office365', 'smtp://me%40gmail.com@smtp.office365.com:587', 'imaps://me%40gmail.com@outlook.office365.com:993', true],
    ['icloud', 'smtp://me%40gmail.com@smtp.mail.me.com:587', 'imaps://me%40gmail.com@imap.mail.me.com:993', false],
    ['fastmail', 'smtps://me%40gmail.com@smtp.fastmail.com:465', 'imaps://me%40gmail.com@imap.fastmail.com:993', false],
    ['yahoo', 'smtps://me%40gmail.com@smtp.mail.yahoo.com:465', 'imaps://me%40gmail.com@imap.mail.yahoo.com:993', false],
  ] as const)(
    '%s: SMTP from nodemailer, IMAP over TLS, and whether the provider files sent mail itself',
    async (name, smtp, imap, files) => {
      expect(presetNames).toContain(name);
      expect(await loadPreset(name, 'me@gmail.com')).toEqual({ name, smtpUrl: smtp, imapUrl: imap, filesSentMail: files });
    },
  );

  it('gives IMAP from an SMTP preset, with the sender as the user, and no Sent copy for Gmail', async () => {
    const settings = await resolveImapSettings({
      env: {},
      smtp: 'gmail',
      address: 'marty@gmail.com',
      passwordCommand: 'pass show mail/gmail',
    });
    expect(settings).toMatchObject({ host: 'imap.gmail.com', port: 993, secure: true, user: 'marty@gmail.com', saveSent: false });
    expect(settings!.credentials).toMatchObject({ user: 'marty@gmail.com', passwordCommand: 'pass show mail/gmail' });
    expect(settings!.display).toBe('imaps://marty%40gmail.com@imap.gmail.com:993');
  });

  it('keeps a Sent copy for other providers unless the profile says otherwise', async () => {
    expect((await resolveImapSettings({ env: {}, imap: 'fastmail', address: 'a@fastmail.com' }))!.saveSent).toBe(true);
    expect((await resolveImapSettings({ env: {}, imap: 'fastmail', address: 'a@fastmail.com', saveSent: false }))!.saveSent).toBe(false);
    expect((await resolveImapSettings({ env: {}, imap: 'imaps://a@mail.example.com' }))!.saveSent).toBe(true);
  });

  it('takes the environment before the profile for the URL and the commands', async () => {
    const settings = await resolveImapSettings({
      env: { AFTERVIEW_IMAP_URL: 'imaps://env@imap.env.example:1993', AFTERVIEW_ACCESS_TOKEN_COMMAND: 'oama access env@x' },
      imap: 'imaps://profile@imap.profile.example',
      accessTokenCommand: 'from profile',
    });
    expect(settings).toMatchObject({ host: 'imap.env.example', port: 1993, user: 'env' });
    expect(settings!.credentials.accessTokenCommand).toBe('oama access env@x');
  });

  it('refuses plain imap:// off this machine, which could send the password unencrypted', async () => {
    const error = await resolveImapSettings({ env: {}, imap: 'imap://me:pw@imap.example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfterviewError);
    expect((error as AfterviewError).message).toBe(
      'imap:// to imap.example.com could send your password unencrypted: use imaps://imap.example.com:993.',
    );
    expect((error as AfterviewError).message).not.toContain('pw');
  });

  it('has no IMAP settings when nothing names a mailbox', async () => {
    expect(await resolveImapSettings({ env: {}, smtp: 'smtp://me@smtp.example.com' })).toBeUndefined();
  });
});
