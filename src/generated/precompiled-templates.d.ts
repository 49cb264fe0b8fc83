// The type of dist/generated/precompiled-templates.js, which `npm run build` writes
// (scripts/build.mjs, with src/render/precompile.ts). There is no such module beside
// src/: run from there, the built-in templates are compiled on first use.
export declare const precompiledTemplates: { readonly specs: Readonly<Record<string, unknown>> };
