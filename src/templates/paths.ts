/** Where the built-in templates live: `templates/` at the package root, from src/, dist/ and the bundled CLI in dist/cli/. */
export const builtInTemplatesDir = new URL('../../templates/', import.meta.url);
