import { isIP } from 'node:net';
import { z } from 'zod';
import { AfterviewError } from '../errors.js';

/**
 * Where and how to reach the SMTP server. The password never leaves this
 * object except into the transport: everything shown to people uses
 * `display`, which is the URL without it.
 */
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (smtps://). */
  secure: boolean;
  /** Refuse to send unless the server upgrades with STARTTLS. */
  requireTLS: boolean;
  /** The server is on this machine: plain SMTP is acceptable and its certificate is not checked. */
  loopback: boolean;
  user?: string;
  password?: string;
  /** The URL as it may be shown: never with the password. */
  display: string;
  /** Advice for the user, such as sending without encryption. */
  warnings: string[];
}

export interface SmtpSources {
  /** --smtp URL */
  url?: string | undefined;
  /** The environment: AFTERVIEW_SMTP_URL and AFTERVIEW_SMTP_PASSWORD. */
  env: NodeJS.ProcessEnv;
  /** The profile's `smtp` section. */
  profile?: unknown;
  /** Allow unencrypted SMTP to a host that is not on this machine. */
  insecure?: boolean | undefined;
}

export const profileSmtpSchema = z.union([
  z.string(),
  z.strictObject({
    url: z.string().describe('smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (TLS).'),
    password: z.string().optional().describe('Prefer $AFTERVIEW_SMTP_PASSWORD; if set here, keep the profile readable only by you.'),
  }),
]);

/** Loopback is the only network where plain SMTP cannot be read by anyone else. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

/** Replaces the password in any text with asterisks: a last line of defence for messages from libraries. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
  let result = text;
  for (const form of forms) if (form.length > 0) result = result.split(form).join('***');
  return result;
}

function usage(message: string): AfterviewError {
  return new AfterviewError('USAGE', message, {
    hint: 'Give the server as --smtp smtp://user@smtp.example.com:587 (STARTTLS) or smtps://user@smtp.example.com:465, or set $AFTERVIEW_SMTP_URL or `smtp` in your profile.',
  });
}

function parseSmtpUrl(text: string, origin: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Never echo the value: it may hold a password.
    throw usage(`The SMTP URL from ${origin} is not a URL.`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw usage(`The SMTP URL from ${origin} must start with smtp:// or smtps://, not ${url.protocol}//.`);
  }
  if (!url.hostname) throw usage(`The SMTP URL from ${origin} has no host.`);
  return url;
}

/**
 * Resolves the SMTP settings: --smtp, else $AFTERVIEW_SMTP_URL, else the
 * profile; the password from the URL, else $AFTERVIEW_SMTP_PASSWORD, else the
 * profile. smtp:// uses STARTTLS and requires it off this machine; smtps:// is
 * TLS from the start; unencrypted SMTP only to loopback or with `insecure`.
 */
export function resolveSmtpSettings(sources: SmtpSources): SmtpSettings {
  let urlText: string | undefined;
  let origin: string;
  let profilePassword: string | undefined;
  if (sources.url) {
    urlText = sources.url;
    origin = '--smtp';
  } else if (sources.env.AFTERVIEW_SMTP_URL) {
    urlText = sources.env.AFTERVIEW_SMTP_URL;
    origin = '$AFTERVIEW_SMTP_URL';
  } else {
    origin = 'the profile';
  }
  if (sources.profile !== undefined) {
    const parsed = profileSmtpSchema.safeParse(sources.profile);
    if (!parsed.success) {
      throw new AfterviewError(
        'INVALID_CONTEXT',
        "The profile's `smtp` must be a URL such as smtp://you@smtp.example.com:587, or { url, password }.",
      );
    }
    const profileUrl = typeof parsed.data === 'string' ? parsed.data : parsed.data.url;
    profilePassword = typeof parsed.data === 'string' ? undefined : parsed.data.password;
    urlText ??= profileUrl;
  }
  if (!urlText) {
    throw usage('No SMTP server is set, so there is nowhere to send from.');
  }
  const url = parseSmtpUrl(urlText, origin);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname;
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const password =
    (url.password ? decodeURIComponent(url.password) : undefined) ?? (sources.env.AFTERVIEW_SMTP_PASSWORD || undefined) ?? profilePassword;
  const loopback = isLoopbackHost(host);
  const warnings: string[] = [];
  if (!secure && !loopback && sources.insecure) {
    warnings.push(
      `--insecure: the message${user ? ' and your password' : ''} may cross the network to ${host} unencrypted if the server does not offer STARTTLS.`,
    );
  }
  const display = `${url.protocol}//${user ? `${encodeURIComponent(user)}@` : ''}${url.host}`;
  return {
    host,
    port,
    secure,
    requireTLS: !secure && !loopback && !sources.insecure,
    loopback,
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password }),
    display,
    warnings,
  };
}
