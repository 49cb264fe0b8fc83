import { statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as z from 'zod/mini';
import { described } from '../shared/zod-schema.js';
import { AfterviewError } from '../errors.js';
import { xdgFolder } from '../shared/xdg.js';
import { toContextIssues } from './issues.js';
import { readContext, type ContextSource } from './load.js';
import { locale, sender } from '../templates/fields.js';
import { homedir } from '../shared/builtins.js';

/**
 * The profile holds what stays the same across applications (you, your SMTP
 * settings) so it is not retyped. Only `sender` and `locale` flow into a
 * context; `smtp` is for sending.
 */
function makeProfileSchema() {
  return z.strictObject({
    sender: z.optional(z.partial(sender)),
    locale: z.optional(locale),
    smtp: described(z.optional(z.unknown()), 'SMTP settings for `afterview send`: a URL, or a preset such as gmail.'),
    imap: described(z.optional(z.unknown()), 'IMAP settings for `afterview draft` and the Sent folder: a URL, or a preset such as gmail.'),
    passwordCommand: described(z.optional(z.string().check(z.minLength(1))), 'A command whose first line of output is the mail password.'),
    accessTokenCommand: described(z.optional(z.string().check(z.minLength(1))), 'A command that prints an OAuth2 access token (XOAUTH2).'),
    saveSent: described(z.optional(z.boolean()), 'Append sent messages to the Sent folder (default: unless the provider does it itself).'),
    applications: described(
      z.optional(z.string().check(z.minLength(1))),
      'The folder of your application files, for `afterview due` (relative to the profile, or starting with ~/).',
    ),
    templates: described(
      z.optional(z.string().check(z.minLength(1))),
      'Your templates folder (relative to this file), overriding built-in files and adding templates.',
    ),
  });
}

// Built on first use, not at import: most runs read no profile, and building the schema cost a
// cold render a millisecond.
let profileSchema: ReturnType<typeof makeProfileSchema> | undefined;

export type Profile = z.output<ReturnType<typeof makeProfileSchema>>;

/** `$AFTERVIEW_PROFILE`, else `$XDG_CONFIG_HOME/afterview/profile.yaml`, else `~/.config/afterview/profile.yaml`. */
export function defaultProfilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AFTERVIEW_PROFILE) return env.AFTERVIEW_PROFILE;
  return join(xdgFolder('config', env), 'profile.yaml');
}

export interface LoadedProfile {
  path: string;
  profile: Profile;
  source: ContextSource;
  /** Other users on this machine can read the file (it matters when it holds a password). */
  readableByOthers: boolean;
}

/**
 * Reads the profile. A profile named explicitly (`--profile`, `$AFTERVIEW_PROFILE`)
 * must exist; the default location may be absent.
 */
export async function loadProfile(path: string, options: { required: boolean }): Promise<LoadedProfile | undefined> {
  let info: Stats | undefined;
  try {
    // Synchronous: see readContext. Most runs have no profile: asked not to throw for a missing
    // file, statSync spares a cold start building an error it would drop.
    info = statSync(path, { throwIfNoEntry: false });
  } catch {
    info = undefined;
  }
  if (!options.required && !info?.isFile()) return undefined;
  const source = await readContext(path, undefined, 'profile');
  profileSchema ??= makeProfileSchema();
  const parsed = profileSchema.safeParse(source.data);
  if (!parsed.success) {
    throw new AfterviewError('INVALID_CONTEXT', `The profile ${path} is not valid:`, {
      issues: toContextIssues(parsed.error.issues, profileSchema, source.data, source.locate),
      hint: 'A profile holds `sender` (name, email, phone), `locale`, `applications` (the folder `afterview due` reads), `templates` (your templates folder), and the mail settings `smtp`, `imap`, `passwordCommand`, `accessTokenCommand` and `saveSent`.',
    });
  }
  return { path, profile: parsed.data, source, readableByOthers: info !== undefined && (info.mode & 0o077) !== 0 };
}

/** The profile's applications folder, resolved: `~/` is the home folder, a relative path is read from the profile's folder. */
export function applicationsFolder(loaded: LoadedProfile, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const folder = loaded.profile.applications;
  if (folder === undefined) return undefined;
  if (folder === '~' || folder.startsWith('~/')) return join(env.HOME || homedir(), folder.slice(1));
  return resolve(dirname(loaded.path), folder);
}

/**
 * The profile at `path`, which must exist; without a path, the one named by
 * $AFTERVIEW_PROFILE (which must exist), else the default one if present.
 */
export async function findProfile(path: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<LoadedProfile | undefined> {
  const named = path ?? env.AFTERVIEW_PROFILE;
  return loadProfile(named ?? defaultProfilePath(env), { required: named !== undefined });
}

/**
 * Puts the profile under a context built from files and --set options. The
 * profile's `sender` fills in only when the context names no different
 * sender: a context whose sender has another name or email is someone else
 * (a coach writing for a client), and gets none of the profile's details, so
 * that a message is never signed by one person with another's phone number.
 */
export function withProfile(profile: Profile | undefined, context: Record<string, unknown>): Record<string, unknown> {
  if (!profile) return context;
  const result: Record<string, unknown> = { ...context };
  if (profile.locale !== undefined && !Object.hasOwn(context, 'locale')) result.locale = profile.locale;
  if (profile.sender) {
    const own = context.sender;
    if (own === undefined) result.sender = profile.sender;
    else if (own !== null && typeof own === 'object' && !Array.isArray(own) && !namesAnotherPerson(profile.sender, own)) {
      result.sender = { ...profile.sender, ...own };
    }
  }
  return result;
}

function namesAnotherPerson(profileSender: NonNullable<Profile['sender']>, sender: object): boolean {
  const { name, email } = sender as { name?: unknown; email?: unknown };
  return (name !== undefined && name !== profileSender.name) || (email !== undefined && email !== profileSender.email);
}
