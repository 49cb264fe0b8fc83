import type { SmtpSettings } from '../send/smtp-config.js';
import { runSecretCommand } from './credentials.js';

/**
 * What an SMTP session signs in with: the password given, else an OAuth2
 * token (XOAUTH2) from the token command, else the password command's output.
 * A refused token is renewed once: nodemailer asks again with `renew`, and
 * the command runs again for a fresh token.
 */
export type SmtpLogin = { user: string; pass: string } | { user: string; oauth2: unknown };

export async function smtpLogin(settings: SmtpSettings): Promise<SmtpLogin | undefined> {
  const user = settings.user;
  if (user === undefined) return undefined;
  if (settings.password !== undefined) return { user, pass: settings.password };
  const credentials = settings.credentials ?? {};
  const limits = {
    env: credentials.env ?? process.env,
    ...(credentials.commandTimeoutMs === undefined ? {} : { timeoutMs: credentials.commandTimeoutMs }),
  };
  if (credentials.accessTokenCommand) {
    const command = credentials.accessTokenCommand;
    const { default: XOAuth2 } = await import('nodemailer/lib/xoauth2');
    const oauth2 = new XOAuth2({
      user,
      provisionCallback: (_user: string, _renew: boolean, callback: (error: Error | null, token?: string) => void) => {
        runSecretCommand('accessTokenCommand', command, limits).then(
          (token) => callback(null, token),
          (error: Error) => callback(error),
        );
      },
    });
    return { user, oauth2 };
  }
  if (credentials.passwordCommand) {
    // Kept on the settings for this run, so that every error message is redacted of it too.
    settings.password = await runSecretCommand('passwordCommand', credentials.passwordCommand, limits);
    return { user, pass: settings.password };
  }
  return { user, pass: '' };
}
