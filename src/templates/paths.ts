let builtInDir: URL | undefined;

/**
 * Where the built-in templates live: `templates/` at the package root, from src/, dist/ and the bundled CLI in dist/cli/.
 * Made on first use, not at import: the bundles' own address (import.meta.url) is a file URL made
 * from their path, about half a millisecond of every start, and rendering a built-in template
 * needs neither (render/engine.ts).
 */
export function builtInTemplatesDir(): URL {
  return (builtInDir ??= new URL('../../templates/', import.meta.url));
}

/** What a template may be called: lower-case words of letters and digits joined by "-", e.g. "follow-up". */
export const TEMPLATE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
