import { isIP } from 'node:net';
import * as z from 'zod/mini';
import { described } from '../shared/zod-schema.js';
import { AfterviewError } from '../errors.js';
import type { Credentials } from '../mail/credentials.js';

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
  /**
   * The host is a loopback address (127.0.0.1, [::1]). A name is judged when
   * connecting, by every address it resolves to: plain SMTP is acceptable, and
   * a self-signed certificate accepted, only when all of them are loopback.
   */
  loopback: boolean;
  /** Allow unencrypted SMTP to a host that is not on this machine. */
  insecure?: boolean;
  /** Where the password came from: a password inside a URL given on a command line is visible to other users in `ps`. */
  passwordFrom?: 'url' | 'environment' | 'profile';
  user?: string;
  password?: string;
  /** Commands that give the password or an OAuth2 token when no password is given (run when a session opens). */
  credentials?: Credentials;
  /** The URL as it may be shown: never with the password. */
  display: string;
  /** Advice for the user, such as sending without encryption. */
  warnings: string[];
}

export interface SmtpSources {
  /** The URL given by the caller: it wins over the environment and the profile. */
  url?: string | undefined;
  /** What to call `url` in messages (the CLI says "--smtp"). @default "the `transport` option" */
  urlLabel?: string | undefined;
  /** The environment: AFTERVIEW_SMTP_URL and AFTERVIEW_SMTP_PASSWORD. */
  env: NodeJS.ProcessEnv;
  /** The profile's `smtp` section. */
  profile?: unknown;
  /** Allow unencrypted SMTP to a host that is not on this machine. */
  insecure?: boolean | undefined;
  /** The profile's `passwordCommand` ($AFTERVIEW_PASSWORD_COMMAND comes first). */
  passwordCommand?: string | undefined;
  /** The profile's `accessTokenCommand` ($AFTERVIEW_ACCESS_TOKEN_COMMAND comes first). */
  accessTokenCommand?: string | undefined;
}

function makeProfileSmtpSchema() {
  return z.union([
    z.string(),
    z.strictObject({
      url: described(z.string(), 'smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (TLS).'),
      password: described(z.optional(z.string()), 'Prefer $AFTERVIEW_SMTP_PASSWORD; if set here, keep the profile readable only by you.'),
    }),
  ]);
}

// Built on first use, not at import: only a profile with mail settings needs it.
let profileSmtpSchema: ReturnType<typeof makeProfileSmtpSchema> | undefined;

/** Loopback is the only network where plain SMTP cannot be read by anyone else. Addresses only: a name proves nothing until resolved. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare) || /^(0+:){7}0*1$/.test(bare);
  return false;
}

/** A host written as an address (brackets allowed) that is loopback; a name is not trusted until resolved. */
export const isLoopbackHost = isLoopbackAddress;

/** Undoes %-escapes, keeping a lone "%" (not an escape) as it was written. */
function decodePart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Whether an SMTP URL carries a password (for the warnings about who can read it). */
export function urlHasPassword(text: string): boolean {
  try {
    return new URL(text).password !== '';
  } catch {
    return false;
  }
}

/** "smtp.example.com:587", "[::1]:2525": the server as messages name it. */
export function serverLabel(settings: Pick<SmtpSettings, 'host' | 'port'>): string {
  return `${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}`;
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
    hint: 'Give the server as smtp://user@smtp.example.com:587 (STARTTLS) or smtps://user@smtp.example.com:465, in $AFTERVIEW_SMTP_URL or as `smtp` in your profile.',
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
    origin = sources.urlLabel ?? 'the `transport` option';
  } else if (sources.env.AFTERVIEW_SMTP_URL) {
    urlText = sources.env.AFTERVIEW_SMTP_URL;
    origin = '$AFTERVIEW_SMTP_URL';
  } else {
    origin = 'the profile';
  }
  if (sources.profile !== undefined) {
    const parsed = (profileSmtpSchema ??= makeProfileSmtpSchema()).safeParse(sources.profile);
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
  // An IPv6 literal keeps its brackets in a URL's hostname; the network wants it bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const user = url.username ? decodePart(url.username) : undefined;
  const fromUrl = url.password ? decodePart(url.password) : undefined;
  const fromEnv = sources.env.AFTERVIEW_SMTP_PASSWORD || undefined;
  const password = fromUrl ?? fromEnv ?? profilePassword;
  const passwordFrom =
    fromUrl !== undefined ? 'url' : fromEnv !== undefined ? 'environment' : profilePassword !== undefined ? 'profile' : undefined;
  const loopback = isLoopbackAddress(host);
  const warnings: string[] = [];
  if (!secure && !loopback && sources.insecure) {
    warnings.push(
      `insecure: the message${user ? ' and your password' : ''} may cross the network to ${host} unencrypted if the server does not offer STARTTLS.`,
    );
  }
  const display = `${url.protocol}//${user ? `${encodeURIComponent(user)}@` : ''}${url.host}`;
  const passwordCommand = sources.env.AFTERVIEW_PASSWORD_COMMAND || sources.passwordCommand;
  const accessTokenCommand = sources.env.AFTERVIEW_ACCESS_TOKEN_COMMAND || sources.accessTokenCommand;
  const credentials: Credentials | undefined =
    password === undefined && user !== undefined && (passwordCommand || accessTokenCommand)
      ? { user, env: sources.env, ...(passwordCommand ? { passwordCommand } : {}), ...(accessTokenCommand ? { accessTokenCommand } : {}) }
      : undefined;
  return {
    host,
    port,
    secure,
    requireTLS: !secure && !loopback && !sources.insecure,
    loopback,
    insecure: sources.insecure === true,
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password }),
    ...(passwordFrom === undefined ? {} : { passwordFrom }),
    ...(credentials ? { credentials } : {}),
    display,
    warnings,
  };
}
