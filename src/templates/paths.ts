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

/**
 * Whether `name` is what a template may be called: lower-case words of letters and digits joined
 * by single "-"s, starting with a letter, e.g. "follow-up". A scan rather than a pattern: V8
 * compiles a pattern on its first use and again on its second, which every cold render paid.
 */
export function isTemplateName(name: string): boolean {
  const first = name.charCodeAt(0);
  if (!(first >= 97 && first <= 122)) return false;
  for (let i = 1; i < name.length; i += 1) {
    const code = name.charCodeAt(i);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) continue;
    // A "-" joins two words: never last, never doubled.
    if (code !== 45 || i === name.length - 1 || name.charCodeAt(i - 1) === 45) return false;
  }
  return true;
}
