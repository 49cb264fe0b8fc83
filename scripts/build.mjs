// The build after `tsc` (npm run build, and so npm install through `prepare`):
//
// 1. Precompiles the built-in templates into dist/generated/precompiled-templates.js: MJML
//    to HTML, Handlebars to JavaScript, so that rendering needs neither mjml
//    nor the Handlebars compiler; and writes dist/generated/catalog.json, the list of
//    templates the CLI shows without loading them.
// 2. Bundles the CLI into one file, dist/cli/afterview.cjs, which bin/afterview.js
//    loads; mjml, nodemailer, clipboardy and the Handlebars compiler stay
//    outside it and are loaded only by the commands that need them.
// 3. Runs the bundle through every command once and saves V8's code cache
//    (dist/cli/afterview.cjs.cache), so that a cold start compiles nothing.
//
// See README, "Performance".
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
const path = (url) => fileURLToPath(url);
const quiet = process.env.npm_config_loglevel === 'silent';
const log = (text) => quiet || console.log(text);

// 1. Templates, and the list of them (which otherwise loads every template's module, and so zod).
const { precompiledModule } = await import(new URL('render/precompile.js', dist).href);
const generated = new URL('generated/', dist);
await mkdir(generated, { recursive: true });
await writeFile(new URL('precompiled-templates.js', generated), await precompiledModule());
const { listTemplates } = await import(new URL('index.js', dist).href);
await writeFile(new URL('catalog.json', generated), `${JSON.stringify(listTemplates(), null, 2)}\n`);

// 2. The bundle.

/** Packages the bundle must not contain: loaded (by dynamic import) only when a command needs them. */
const EXTERNAL = /^(mjml|nodemailer|imapflow|clipboardy|cli-progress|handlebars)(\/.*)?$/;

/**
 * A plugin that replaces one exact piece of one dependency's file. When a new
 * version of the dependency no longer has that piece exactly once, the file is
 * bundled as it is and the build says so: the bundle still works, only slower.
 */
function replaceOnce(name, filter, find, replacement) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (source.split(find).length !== 2) {
          console.warn(`build: ${name} did not apply to ${args.path}; it is bundled unchanged`);
          return undefined;
        }
        return { contents: source.replace(find, () => replacement), loader: 'js' };
      });
    },
  };
}

const plugins = [
  {
    // Only these exact imports: handlebars/runtime.js stays in the bundle, the compiler does not.
    name: 'lazy-packages',
    setup(build) {
      build.onResolve({ filter: EXTERNAL }, (args) =>
        args.path === 'handlebars/runtime.js' ? undefined : { path: args.path, external: true },
      );
    },
  },
  {
    // zod ships messages in 40 languages behind `z.locales`, and z.fromJSONSchema, which copies
    // every schema constructor when loaded (~1 ms); afterview uses neither (zod registers English
    // itself). The locales are a third of the bundle otherwise.
    name: 'zod-without-unused-parts',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\/(locales\/index|from-json-schema)\.js$/ }, (args) =>
        /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: args.path, namespace: 'afterview-zod-stub' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'afterview-zod-stub' }, (args) => ({
        loader: 'js',
        contents: args.path.includes('from-json-schema')
          ? "export function fromJSONSchema() { throw new Error('z.fromJSONSchema is not part of the afterview CLI'); }"
          : 'export {};',
      }));
    },
  },
  {
    // yargs asks node:assert for two checks of its own invariants, and node:assert costs ~1.5 ms
    // to load (it is not in Node's start-up snapshot). The same two checks, written out.
    name: 'yargs-without-node-assert',
    setup(build) {
      build.onResolve({ filter: /^assert$/ }, (args) =>
        /[\\/]yargs[\\/]/.test(args.importer) ? { path: 'assert', namespace: 'afterview-assert' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'afterview-assert' }, () => ({
        loader: 'js',
        contents: `import { inspect } from 'node:util';
function fail(actual, expected, operator, message) {
  const error = new Error(message ?? \`Expected \${inspect(actual)} \${operator} \${inspect(expected)}\`);
  error.code = 'ERR_ASSERTION';
  throw error;
}
export function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) fail(actual, expected, 'to be strictly equal to', message);
}
export function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) fail(actual, expected, 'not to be strictly equal to', message);
}
`,
      }));
    },
  },
  // yargs guesses its program's version at start-up, finding package.json upwards from the
  // folder of its own file, or from the working folder when that is unknown, as in this bundle.
  // From a home folder that means reading every folder up to / (10 ms in a large one), for a
  // version afterview gives it anyway. Start from the package instead: in the bundle,
  // import.meta.url is dist/cli/afterview.cjs, and the package's own package.json is two folders up.
  replaceOnce(
    'yargs-package-root',
    /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/,
    'mainFilename: mainFilename || process.cwd(),',
    "mainFilename: fileURLToPath(new URL('../../package.json', import.meta.url)),",
  ),
  // After running a command, yargs lays out that command's help text and keeps it, in case the
  // program asks for it later (yargs.getHelp()/showHelp() after parsing), which afterview never
  // does; --help and usage errors lay it out when they print it. Not kept: 1.5 ms less per run.
  replaceOnce('yargs-no-help-cache', /[\\/]yargs[\\/]build[\\/]lib[\\/]usage\.js$/, '        cachedHelpMessage = this.help();\n', ''),
  {
    // string-width measures text for yargs' help layout. Loading it costs ~20 ms: an
    // Intl.Segmenter and emoji patterns (RGI_Emoji) are built up front, in each of its copies.
    // Here they are built on the first call that needs them, and never for printable ASCII,
    // whose width is its length (as string-width 8 itself says; 7 gives the same answer).
    name: 'lazy-string-width',
    setup(build) {
      build.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const imports = [...source.matchAll(/^import .*;$/gm)];
        const entry = 'export default function stringWidth(';
        if (imports.length === 0 || source.split(entry).length !== 2) return undefined;
        const split = imports.at(-1).index + imports.at(-1)[0].length;
        const body = source.slice(split).replace(entry, 'function stringWidth(');
        const contents = `${source.slice(0, split)}
let implementation;
function load() {${body}
return stringWidth;
}
export default function measure(string, options) {
  if (typeof string === 'string' && /^[\\u0020-\\u007E]*$/.test(string)) return string.length;
  return (implementation ??= load())(string, options);
}
`;
        return { contents, loader: 'js' };
      });
    },
  },
];

const bundle = new URL('cli/afterview.cjs', dist);
const result = await build({
  entryPoints: [path(new URL('cli/main.js', dist))],
  outfile: path(bundle),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Node 20 has these; lowered to `new RegExp(...)`, string-width's emoji patterns cost 13 ms to build at load.
  supported: { 'regexp-set-notation': true, 'regexp-unicode-property-escapes': true },
  // The sources' import.meta.url (template folder, createRequire) becomes the bundle's own URL.
  define: { 'import.meta.url': 'importMetaUrl' },
  // The file is one function expression, which bin/afterview.js compiles with vm.Script as it is.
  banner: {
    js: "(function (exports, require, module, __filename, __dirname, importExternal) {'use strict';\nconst importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  footer: { js: '})' },
  legalComments: 'none',
  // A quarter smaller to read; names are kept, for stack traces. AFTERVIEW_READABLE_BUNDLE=1 keeps the layout.
  minifyWhitespace: process.env.AFTERVIEW_READABLE_BUNDLE !== '1',
  metafile: true,
  logLevel: 'warning',
  plugins,
});
// Only ASCII, so that the loader can read it as latin1, twice as fast as UTF-8, into a string of
// one byte a character. esbuild escapes strings but leaves a few characters in regular
// expressions and comments, where \uXXXX means the same.
let code = await readFile(bundle, 'utf8');
code = code.replace(/[^\x00-\x7f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
// import() inside code compiled from a code cache made by another process fails in Node 20
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the packages left outside, and Node's own modules
// imported on demand, are imported by the loader, bin/afterview.js, on the bundle's behalf.
code = code.replace(/\bimport\((?=(["'])([^"']+)\1\))/g, (whole, _quote, specifier) =>
  EXTERNAL.test(specifier) || specifier.startsWith('node:') ? 'importExternal(' : whole,
);
const left = code.match(/\bimport\(\s*["'][^"']*["']\s*\)/g);
if (left) throw new Error(`The bundle still has import() calls the loader cannot serve: ${left.join(', ')}`);
await writeFile(bundle, code);
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
log(`dist/cli/afterview.cjs: ${(bytes / 1024).toFixed(0)} KiB`);

// 3. The code cache: made by a separate, plain `node`, because V8 accepts a cache only from the
//    same V8 with the same flags.
const cache = new URL('cli/afterview.cjs.cache', dist);
await rm(cache, { force: true });
const made = spawnSync(process.execPath, [path(new URL('../bin/afterview.js', import.meta.url))], {
  env: { ...process.env, AFTERVIEW_MAKE_CODE_CACHE: path(cache) },
  encoding: 'utf8',
});
if (made.status !== 0) throw new Error(`Making the code cache failed:\n${made.stderr}`);
log(made.stdout.trim());
