/**
 * The view a template is being filled from, for the helpers that read its
 * `locale`, `tone` and `phrasing` (helpers.ts, author-helpers.ts). Handlebars
 * hands it to them as `options.data.root` when a template is compiled with its
 * data frames (a user's templates, which may use `@index` or `@root`). The
 * built-in templates are compiled without them (render/parts.ts), so the
 * renderer notes the view around every call instead (`named` in render/parts.ts).
 */
let current: unknown;

/** Notes the view a template is about to be filled from, and gives the one before it, to put back after. */
export function enterView(view: unknown): unknown {
  const outer = current;
  current = view;
  return outer;
}

/** The view at the root of the template being filled. */
export function rootOf(options: { data?: { root?: unknown } }): unknown {
  return options.data ? options.data.root : current;
}
