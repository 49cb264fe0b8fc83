import type { Readable } from 'node:stream';
import type { Locate } from '../context/issues.js';
import { readContext, type ContextSource } from '../context/load.js';
import { defaultProfilePath, loadProfile, profileContext, type LoadedProfile } from '../context/profile.js';
import { applySets, parseSetPath } from '../context/set.js';
import { contextSchemas, deepMerge } from '../context/validate.js';
import { AfterviewError } from '../errors.js';
import { contextFromJournal } from '../journal/expand.js';
import type { ReplyThread } from '../journal/reply.js';
import { replyContext } from '../journal/reply-context.js';
import { templateDefinition } from '../render/render.js';

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
}

export interface GatheredContext {
  context: Record<string, unknown>;
  /** Where a field was last written: a file and line, or the --set option. */
  locate: Locate;
  /** The files read, so that --out never overwrites one of them. */
  files: string[];
  /** The profile, when there is one: `send` takes its SMTP settings from it. */
  profile?: LoadedProfile | undefined;
}

/** The profile named by --profile or $AFTERVIEW_PROFILE (which must exist), else the default one if present. */
export async function findProfile(explicit: string | undefined, env: NodeJS.ProcessEnv): Promise<LoadedProfile | undefined> {
  const named = explicit ?? env.AFTERVIEW_PROFILE;
  return loadProfile(named ?? defaultProfilePath(env), { required: named !== undefined });
}

/**
 * Builds the context from its layers, lowest first: the profile, the context
 * files in the order given, then the --set options.
 */
export async function gatherContext(input: ContextInput, env: NodeJS.ProcessEnv, stdin?: Readable): Promise<GatheredContext> {
  const definition = templateDefinition(input.template);
  if (input.contexts.filter((path) => path === '-').length > 1) {
    throw new AfterviewError('USAGE', 'Standard input ("-") can be read only once; give it as one of the contexts.');
  }
  const profile = await findProfile(input.profile, env);

  const sources: ContextSource[] = [];
  for (const path of input.contexts) sources.push(await readContext(path, stdin));

  let merged: Record<string, unknown> = profile ? profileContext(profile.profile) : {};
  for (const source of sources) merged = deepMerge(merged, source.data) as Record<string, unknown>;

  const setPaths = input.set.map((assignment) => parseSetPath(assignment.slice(0, Math.max(0, assignment.indexOf('=')))));
  const layers = [...(profile ? [profile.source] : []), ...sources].reverse();
  const locate: Locate = (path) => {
    const set = setPaths.findLast((setPath) => setPath.every((segment, i) => String(path[i]) === String(segment)));
    if (set) return `--set ${set.join('.')}`;
    for (const layer of layers) {
      const found = layer.locate(path);
      if (found) return found;
    }
    return undefined;
  };
  if (input.today !== undefined) merged = contextFromJournal(definition.name, merged, input.today, locate);
  if (input.reply) merged = replyContext(definition, merged, input.reply, input.today ?? '9999-12-31');

  const schemas = contextSchemas(definition);
  const context = applySets(merged, input.set, Object.hasOwn(merged, 'recipients') ? schemas.panel : schemas.single);

  return { context, locate, files: input.contexts.filter((path) => path !== '-'), profile };
}
