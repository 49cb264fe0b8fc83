import type { Readable } from 'node:stream';
import {
  findProfile as findLibraryProfile,
  type LoadedContext,
  type LoadedProfile,
  loadContext,
  type ReplyThread,
  type TemplateSet,
} from '../index.js';

export interface ContextInput {
  template: string;
  /** Context files in order, "-" for standard input. */
  contexts: readonly string[];
  /** `path=value` assignments, applied last. */
  set: readonly string[];
  /** An explicit profile file (--profile). */
  profile?: string | undefined;
  /** Today (YYYY-MM-DD): which interview round of an application's journal is the latest. */
  today?: string | undefined;
  /** The email being answered (--reply-to): its author becomes the recipient. */
  reply?: ReplyThread | undefined;
  /** The templates to choose from, when a templates folder is in use. */
  templates?: TemplateSet | undefined;
}

export type GatheredContext = LoadedContext;

/** The profile named by --profile or $AFTERVIEW_PROFILE (which must exist), else the default one if present. */
export async function findProfile(explicit: string | undefined, env: NodeJS.ProcessEnv): Promise<LoadedProfile | undefined> {
  return findLibraryProfile(explicit, env);
}

/** The library's loadContext, with the CLI's inputs: its problems name the --set option the user typed. */
export async function gatherContext(input: ContextInput, env: NodeJS.ProcessEnv, stdin?: Readable): Promise<GatheredContext> {
  return loadContext({
    template: input.template,
    files: input.contexts,
    set: input.set,
    ...(input.profile === undefined ? {} : { profile: input.profile }),
    env,
    ...(stdin ? { stdin } : {}),
    ...(input.today === undefined ? {} : { today: input.today }),
    ...(input.reply ? { reply: input.reply } : {}),
    setLabel: '--set',
    ...(input.templates ? { templates: input.templates } : {}),
  });
}
