import * as z from 'zod/mini';
import { described } from '../shared/zod-schema.js';
import { AfterviewError } from '../errors.js';
import { isLoopbackHost } from '../send/smtp-config.js';
import type { Credentials } from './credentials.js';
import { isPresetName, loadPreset } from './presets.js';

/**
 * Where and how to reach the IMAP server. As with SMTP, `display` is what may
 * be shown; the password, if any, stays in `credentials`.
 */
export interface ImapSettings {
  host: string;
  port: number;
  /** TLS from the first byte (imaps://, port 993); imap:// only on this machine or with `insecure`. */
  secure: boolean;
  /** On this machine: plain IMAP is acceptable and the certificate is not checked. */
  loopback: boolean;
  user: string;
  credentials: Credentials;
  /** imaps://user@host:993, never with the password. */
  display: string;
  /**
   * Whether messages sent over SMTP should also be appended to Sent. False for
   * providers that file them there themselves (Gmail, Outlook.com, Microsoft 365).
   */
  saveSent: boolean;
}

function makeProfileImapSchema() {
  return z.union([
    z.string(),
    z.strictObject({
      url: described(z.string(), 'imaps://user@imap.example.com:993, or a preset such as gmail.'),
      password: described(z.optional(z.string()), 'Prefer passwordCommand; if set here, keep the profile readable only by you.'),
    }),
  ]);
}

// Built on first use, not at import: only a profile with mail settings needs it.
let profileImapSchema: ReturnType<typeof makeProfileImapSchema> | undefined;

export interface ImapSources {
  /** The environment: AFTERVIEW_IMAP_URL, AFTERVIEW_IMAP_PASSWORD, AFTERVIEW_SMTP_PASSWORD, AFTERVIEW_PASSWORD_COMMAND, AFTERVIEW_ACCESS_TOKEN_COMMAND. */
  env: NodeJS.ProcessEnv;
  /** The profile's `imap`. */
  imap?: unknown;
  /** The profile's `smtp`: a preset there gives IMAP too. */
  smtp?: unknown;
  passwordCommand?: string | undefined;
  accessTokenCommand?: string | undefined;
  /** The profile's `saveSent`: overrides what the preset knows. */
  saveSent?: boolean | undefined;
  /** The sender's address: the user name for a preset. */
  address?: string | undefined;
  /** Allow unencrypted IMAP to a host that is not on this machine. */
  insecure?: boolean | undefined;
  /** @default 30000 */
  commandTimeoutMs?: number | undefined;
}

function usage(message: string): AfterviewError {
  return new AfterviewError('USAGE', message, {
    hint: 'Set `imap: imaps://you@imap.example.com:993` (or a preset: gmail, outlook, office365, icloud, fastmail, yahoo) in your profile, or $AFTERVIEW_IMAP_URL.',
  });
}

function urlOf(value: unknown): { url: string; password?: string | undefined } | undefined {
  if (value === undefined) return undefined;
  const parsed = (profileImapSchema ??= makeProfileImapSchema()).safeParse(value);
  if (!parsed.success)
    throw usage("The profile's `imap` must be a URL such as imaps://you@imap.example.com:993, a preset, or { url, password }.");
  return typeof parsed.data === 'string' ? { url: parsed.data } : parsed.data;
}

/** The secret sources both protocols share, the environment first. */
export function sharedCredentials(
  sources: Pick<ImapSources, 'env' | 'passwordCommand' | 'accessTokenCommand' | 'commandTimeoutMs'>,
): Credentials {
  const passwordCommand = sources.env.AFTERVIEW_PASSWORD_COMMAND || sources.passwordCommand;
  const accessTokenCommand = sources.env.AFTERVIEW_ACCESS_TOKEN_COMMAND || sources.accessTokenCommand;
  return {
    ...(passwordCommand ? { passwordCommand } : {}),
    ...(accessTokenCommand ? { accessTokenCommand } : {}),
    ...(sources.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: sources.commandTimeoutMs }),
    env: sources.env,
  };
}

/**
 * The IMAP settings, or undefined when none are configured: $AFTERVIEW_IMAP_URL,
 * else the profile's `imap`, else the IMAP side of an SMTP preset. The
 * password: from the URL, else $AFTERVIEW_IMAP_PASSWORD, else the profile,
 * else $AFTERVIEW_SMTP_PASSWORD (one account, one password), else the token
 * or password command.
 */
export async function resolveImapSettings(sources: ImapSources): Promise<ImapSettings | undefined> {
  const profile = urlOf(sources.imap);
  let text = sources.env.AFTERVIEW_IMAP_URL || profile?.url;
  let saveSent = true;
  const smtpPreset = typeof sources.smtp === 'string' && isPresetName(sources.smtp) ? sources.smtp : undefined;
  if (!text && smtpPreset) text = smtpPreset;
  if (!text) return undefined;
  if (isPresetName(text)) {
    if (!sources.address) throw usage(`The preset ${text} needs your address: set sender.email in your profile.`);
    const preset = await loadPreset(text, sources.address);
    text = preset.imapUrl;
    saveSent = !preset.filesSentMail;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Never echo the value: it may hold a password.
    throw usage('The IMAP URL is not a URL.');
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') {
    throw usage(`The IMAP URL must start with imaps:// or imap://, not ${url.protocol}//.`);
  }
  if (!url.hostname) throw usage('The IMAP URL has no host.');
  const secure = url.protocol === 'imaps:';
  const loopback = isLoopbackHost(url.hostname);
  // imapflow uses STARTTLS when offered but cannot insist on it, and would sign in unencrypted if it were stripped.
  if (!secure && !loopback && !sources.insecure) {
    throw usage(`imap:// to ${url.hostname} could send your password unencrypted: use imaps://${url.hostname}:993.`);
  }
  const user = url.username ? decodeURIComponent(url.username) : sources.address;
  if (!user) throw usage('The IMAP URL names no user: write imaps://you@imap.example.com:993.');
  const password =
    (url.password ? decodeURIComponent(url.password) : undefined) ??
    (sources.env.AFTERVIEW_IMAP_PASSWORD || undefined) ??
    profile?.password ??
    (sources.env.AFTERVIEW_SMTP_PASSWORD || undefined);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    loopback,
    user,
    credentials: { ...sharedCredentials(sources), user, ...(password === undefined ? {} : { password }) },
    display: `${url.protocol}//${encodeURIComponent(user)}@${url.host}`,
    saveSent: sources.saveSent ?? saveSent,
  };
}
