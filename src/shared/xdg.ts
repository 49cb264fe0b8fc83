import { isAbsolute, join } from 'node:path';
import { homedir } from './builtins.js';

/** The XDG base directories afterview uses, each with its fallback under the home folder. */
const FOLDERS = {
  /** Settings: the profile and the user's templates. */
  config: ['XDG_CONFIG_HOME', '.config'],
  /** What can be rebuilt at any time: compiled MJML. */
  cache: ['XDG_CACHE_HOME', '.cache'],
  /** What must survive between runs: the outbox and the sent log. */
  state: ['XDG_STATE_HOME', '.local/state'],
} as const;

export type XdgFolder = keyof typeof FOLDERS;

/**
 * afterview's folder of that kind: `$XDG_CONFIG_HOME/afterview`, else
 * `~/.config/afterview` (and likewise for cache and state). A variable that is
 * set but empty counts as unset, and a relative path is ignored (the folder
 * would depend on the working folder), as the XDG specification says.
 */
export function xdgFolder(kind: XdgFolder, env: NodeJS.ProcessEnv = process.env): string {
  const [variable, fallback] = FOLDERS[kind];
  const value = env[variable];
  const base = value && isAbsolute(value) ? value : join(env.HOME || homedir(), fallback);
  return join(base, 'afterview');
}
