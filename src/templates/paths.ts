/** Where the built-in templates live: `templates/` at the package root, from src/, dist/ and the bundled CLI in dist/cli/. */
export const builtInTemplatesDir = new URL('../../templates/', import.meta.url);

/** What a template may be called: lower-case words of letters and digits joined by "-", e.g. "follow-up". */
export const TEMPLATE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
