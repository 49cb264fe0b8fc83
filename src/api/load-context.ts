import type { Readable } from 'node:stream';
import type { Locate } from '../context/issues.js';
import { type ContextSource, readContext } from '../context/load.js';
import { findProfile, type LoadedProfile, withProfile } from '../context/profile.js';
import { applySets, parseSetPath } from '../context/set.js';
import { contextSchemas } from '../context/context-schemas.js';
import { deepMerge } from '../context/merge.js';
import { AfterviewError } from '../errors.js';
import { contextFromJournal } from '../journal/expand.js';
import type { ReplyThread } from '../journal/reply.js';
import { replyContext } from '../journal/reply-context.js';
import type { FieldPath } from '../shared/path.js';
import { getTemplate } from '../templates/registry.js';
import type { TemplateSet } from '../render/user/set.js';

export interface LoadContextOptions {
  /** The template the context is for: it types `set` values (`offer.base=165000` is a number) and knows the panel form. */
  template: string;
  /** Context files (YAML or JSON), lowest precedence first; `"-"` reads `stdin`. */
  files?: readonly string[];
  /** `path=value` assignments, applied last, e.g. `recipient.name=Ana Ruiz` or `offer.base=165000`. */
  set?: readonly string[];
  /**
   * The profile file, which must exist; `false` for none.
   * @default $AFTERVIEW_PROFILE, else $XDG_CONFIG_HOME/afterview/profile.yaml when there is one
   */
  profile?: string | false;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where `"-"` is read from. */
  stdin?: Readable;
  /**
   * Today (YYYY-MM-DD). With it, an application file's journal gives the
   * context its latest interview round (see the README's "The journal").
   */
  today?: string;
  /** The email being answered (`readReplyEml`): its author becomes the recipient. */
  reply?: ReplyThread;
  /**
   * How messages name a `set` assignment ("set offer.base: … is not a number").
   * @default "set"
   */
  setLabel?: string;
  /** The templates to choose from (`createRenderer(…).templates`): a templates folder and templates defined in the program. */
  templates?: TemplateSet | undefined;
}

/** One layer of a context, as it was merged. */
export interface ContextLayer {
  kind: 'profile' | 'file' | 'set';
  /** The file as given ("standard input" for "-"), or the assignment's label and path. */
  label: string;
}

/** A context gathered from its layers, and where each of its fields came from. */
export interface LoadedContext {
  /** The merged context, ready for `render`, `renderPanel` or `checkContext` (it is not validated yet). */
  context: Record<string, unknown>;
  /** Where the value at a field path was last written: `file:line`, or the `set` assignment; undefined when nowhere. */
  locate: Locate;
  /** The layers, lowest first: the profile, each file, each `set` assignment. */
  layers: ContextLayer[];
  /** The files read (not standard input). */
  files: string[];
  /** The profile, when one was read: mail settings live there too. */
  profile?: LoadedProfile | undefined;
}

/**
 * Builds a context from its layers, lowest first: the profile (which gives
 * `sender` and `locale`), the context files in order, then the `set`
 * assignments. Later layers win key by key; lists are replaced whole. With
 * `today`, an application's journal fills in its latest round; with `reply`,
 * the email's author is the recipient. Pass
 * `locate` to `render` or `checkContext` and every problem names the file
 * and line (or the assignment) that wrote it.
 *
 * @example
 * const { context, locate } = await loadContext({ template: 'thank-you', files: ['acme.yaml'], set: ['recipient.name=Ana Ruiz'] });
 * const [message] = await renderPanel('thank-you', context, { today: '2026-11-25', locate });
 */
export async function loadContext(options: LoadContextOptions): Promise<LoadedContext> {
  const definition = options.templates ? options.templates.get(options.template) : getTemplate(options.template);
  const paths = options.files ?? [];
  const assignments = options.set ?? [];
  const label = options.setLabel ?? 'set';
  if (paths.filter((path) => path === '-').length > 1) {
    throw new AfterviewError('USAGE', 'Standard input ("-") can be read only once; give it as one of the contexts.');
  }
  const profile = options.profile === false ? undefined : await findProfile(options.profile, options.env ?? process.env);

  const sources: ContextSource[] = [];
  for (const path of paths) sources.push(await readContext(path, options.stdin));

  let merged: Record<string, unknown> = {};
  for (const source of sources) merged = deepMerge(merged, source.data) as Record<string, unknown>;

  const setPaths = assignments.map((assignment) => parseSetPath(assignment.slice(0, Math.max(0, assignment.indexOf('='))), label));
  const fileLayers = [...(profile ? [profile.source] : []), ...sources].reverse();
  const locate: Locate = (path: FieldPath) => {
    const set = setPaths.findLast((setPath) => setPath.every((segment, i) => String(path[i]) === String(segment)));
    if (set) return `${label} ${set.join('.')}`;
    for (const layer of fileLayers) {
      const found = layer.locate(path);
      if (found) return found;
    }
    return undefined;
  };
  if (options.today !== undefined) merged = contextFromJournal(definition.name, merged, options.today, locate);
  if (options.reply) merged = replyContext(definition, merged, options.reply, options.today ?? '9999-12-31');

  const schemas = contextSchemas(definition);
  // The profile goes under the files and the assignments last, once it is known whose sender they name.
  const context = withProfile(
    profile?.profile,
    applySets(merged, assignments, Object.hasOwn(merged, 'recipients') ? schemas.panel : schemas.single, label),
  );
  const layers: ContextLayer[] = [
    ...(profile ? [{ kind: 'profile' as const, label: profile.path }] : []),
    ...sources.map((source) => ({ kind: 'file' as const, label: source.label })),
    ...setPaths.map((path) => ({ kind: 'set' as const, label: `${label} ${path.join('.')}` })),
  ];
  return { context, locate, layers, files: paths.filter((path) => path !== '-'), profile };
}
