// The build after `tsc` (npm run build, and so npm install through `prepare`):
//
// 1. Precompiles the built-in templates into dist/generated/ (partials.js and templates/NAME.js,
//    each also as a .cjs script for the bundles): MJML to HTML, Handlebars to JavaScript, so
//    that rendering needs neither mjml nor the Handlebars compiler; and writes
//    dist/generated/catalog.json, the list of templates the CLI shows without loading them.
// 2. Bundles the CLI into one file, dist/cli/afterview.cjs, which bin/afterview.js
//    loads (and the everyday render alone into dist/cli-render/afterview.cjs); mjml, nodemailer, clipboardy and the Handlebars compiler stay
//    outside it and are loaded only by the commands that need them, the yaml package from a script
//    of its own (dist/generated/vendor/yaml.cjs) when a context file is beyond the plain style.
// 3. Saves V8's code caches: the CLI bundle's made by running every command once
//    (dist/cli/afterview.cjs.cache); the everyday render's and the library's each made by
//    rendering one thank-you note (a cache is read whole at every start, so it holds what the
//    commonest start runs, and no more); each generated template's, made by every tone; and the
//    yaml script's, made by reading a file beyond the plain style and one with a syntax error.
//
// See README, "Performance".
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
const path = (url) => fileURLToPath(url);
const quiet = process.env.npm_config_loglevel === 'silent';
const log = (text) => quiet || console.log(text);

// 1. Templates, and the list of them (which otherwise loads every template's module, and so zod).
//    Each generated module is written twice: as an ES module for the modules in dist/, and as a
//    script for the bundles' loader (bundleLoader, bin/afterview.js), which compiles it from a code cache of
//    its own (step 3) when a message first needs that template.
const { precompiledModules, precompiledEsModule, precompiledScript } = await import(new URL('render/precompile.js', dist).href);
const generated = new URL('generated/', dist);
await rm(generated, { recursive: true, force: true });
await mkdir(new URL('templates/', generated), { recursive: true });
for (const module of await precompiledModules()) {
  await writeFile(new URL(`${module.name}.js`, generated), precompiledEsModule(module));
  // The loader's form: one function expression, minified and ASCII (read as latin1, as the bundles are).
  const script = await transform(precompiledScript(module), {
    minifyWhitespace: true,
    charset: 'ascii',
    legalComments: 'none',
  });
  if (/[^\x00-\x7f]/.test(script.code)) throw new Error(`build: generated/${module.name}.cjs is not ASCII`);
  await writeFile(new URL(`${module.name}.cjs`, generated), script.code);
}
const { listTemplates } = await import(new URL('index.js', dist).href);
await writeFile(new URL('catalog.json', generated), `${JSON.stringify(listTemplates(), null, 2)}\n`);

// 2. The bundle.

/** Packages the bundle must not contain: loaded (by dynamic import) only when a command needs them. */
const EXTERNAL = /^(mjml|nodemailer|imapflow|clipboardy|cli-progress|handlebars|ics|mailparser|date-holidays)(\/.*)?$/;

// Patches to other packages' files, each bundled only. Every one is written for one version
// of its package (package.json pins those exactly, string-width through overrides), and the
// build FAILS when a patch finds another version or no longer applies: a silent no-op would
// only be slower, but a half-applied one could break the command. Each keeps its place by a
// saving measured with `npm run bench` (README, "Performance"; the figures are in the
// comments). AFTERVIEW_BUILD_SKIP=name,name builds without some, to measure them again.
const skip = new Set((process.env.AFTERVIEW_BUILD_SKIP ?? '').split(',').filter(Boolean));
const applied = new Map();

/** The version of the package that owns `file`, read from the nearest package.json named `name`. */
async function ownerVersion(file, name) {
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) throw new Error(`build: ${file} is not inside a ${name} package`);
  const manifest = JSON.parse(await readFile(file.slice(0, at + marker.length) + 'package.json', 'utf8'));
  return manifest.version;
}

function checkVersion(patch, version, file) {
  if (!patch.versions.includes(version)) {
    throw new Error(
      `build: the patch "${patch.name}" was written for ${patch.package} ${patch.versions.join(' or ')}, but ${file} is ${patch.package} ${version}. ` +
        'Check that the patch still applies and still saves time (npm run bench), then update its versions in scripts/build.mjs and the pin in package.json.',
    );
  }
}

/**
 * A patch that rewrites one file of a package. `rewrite` returns the new source, or undefined
 * when the file no longer looks as the patch expects, which fails the build.
 */
function rewriteFile(patch) {
  return {
    name: patch.name,
    setup(build) {
      if (skip.has(patch.name)) return;
      build.onLoad({ filter: patch.filter }, async (args) => {
        checkVersion(patch, await ownerVersion(args.path, patch.package), args.path);
        const source = await readFile(args.path, 'utf8');
        const contents = patch.rewrite(source);
        if (contents === undefined || contents === source) {
          throw new Error(`build: the patch "${patch.name}" no longer applies to ${args.path}; update or remove it in scripts/build.mjs`);
        }
        applied.set(patch.name, (applied.get(patch.name) ?? 0) + 1);
        return { contents, loader: 'js' };
      });
    },
  };
}

/** A rewrite that replaces one exact piece, found exactly once. */
const replaceOnce = (find, replacement) => (source) =>
  source.split(find).length === 2 ? source.replace(find, () => replacement) : undefined;

/** A patch that serves other contents for some of a package's imports. */
function replaceImport(patch) {
  const namespace = `afterview-${patch.name}`;
  return {
    name: patch.name,
    setup(build) {
      if (skip.has(patch.name)) return;
      build.onResolve({ filter: patch.filter }, async (args) => {
        if (!patch.importer.test(args.importer)) return undefined;
        checkVersion(patch, await ownerVersion(args.importer, patch.package), args.importer);
        applied.set(patch.name, (applied.get(patch.name) ?? 0) + 1);
        return { path: args.path, namespace };
      });
      build.onLoad({ filter: /.*/, namespace }, (args) => ({ loader: 'js', contents: patch.contents(args.path) }));
    },
  };
}

const patches = [
  replaceImport({
    // zod ships messages in 40 languages behind `z.locales`, which afterview does not use (zod
    // registers English itself): a third of the bundle otherwise. Measured (bench/patches.mjs, CPU
    // time, two runs of 40-60 on a loaded 2-core machine, with z.fromJSONSchema also stubbed):
    // without it --help +1.3/+2.5 ms, list +4.5/+1.0 ms, render +0.5/-0.8 ms. z.fromJSONSchema
    // stays: a user's own template declares its fields in JSON Schema.
    name: 'zod-without-locales',
    package: 'zod',
    versions: ['4.6.7'],
    filter: /^\.\.?\/locales\/index\.js$/,
    importer: /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/,
    contents: () => 'export {};',
  }),
  rewriteFile({
    // yargs guesses its program's version at start-up, finding package.json upwards from the
    // folder of its own file, or from the working folder when that is unknown, as in this
    // bundle: from a home folder, every folder up to /, for a version afterview gives it
    // anyway. Start from the package instead: in the bundle, import.meta.url is
    // dist/cli/afterview.cjs, and the package's own package.json is two folders up. Measured from
    // a folder under /tmp (bench/patches.mjs, CPU): without it --help +27.8 ms, list +28.8 ms,
    // render +24.5 ms.
    name: 'yargs-package-root',
    package: 'yargs',
    versions: ['18.2.0'],
    filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/,
    rewrite: replaceOnce(
      'mainFilename: mainFilename || process.cwd(),',
      "mainFilename: fileURLToPath(new URL('../../package.json', import.meta.url)),",
    ),
  }),
  rewriteFile({
    // string-width measures text for yargs' help layout. Loading it builds an Intl.Segmenter
    // and emoji patterns (RGI_Emoji) up front, in each of its copies. Here they are built on
    // the first call that needs them, and never for printable ASCII, whose width is its length
    // (as string-width 8 itself says; 7 gives the same answer). Measured (bench/patches.mjs, CPU):
    // without it --help +54 to +58 ms, list +35 to +38 ms, render +36 to +54 ms.
    name: 'lazy-string-width',
    package: 'string-width',
    versions: ['7.2.0', '8.3.0'],
    filter: /[\\/]string-width[\\/]index\.js$/,
    rewrite(source) {
      const imports = [...source.matchAll(/^import .*;$/gm)];
      const entry = 'export default function stringWidth(';
      if (imports.length === 0 || source.split(entry).length !== 2) return undefined;
      const split = imports.at(-1).index + imports.at(-1)[0].length;
      const body = source.slice(split).replace(entry, 'function stringWidth(');
      return `${source.slice(0, split)}
let implementation;
function load() {${body}
return stringWidth;
}
export default function measure(string, options) {
  if (typeof string === 'string' && /^[\\u0020-\\u007E]*$/.test(string)) return string.length;
  return (implementation ??= load())(string, options);
}
`;
    },
  }),
];

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
  ...patches,
];

/**
 * Node's modules that take milliseconds to load (node:child_process alone about 4.5 ms, crypto and the streams it loads, net 2.4,
 * http 3.6, assert 2, stream 1.4; url a tenth, for the file URLs only user templates and the holiday
 * data need), which the bundles import at the top of modules that need them only for one command
 * or case (the clipboard, sending, the preview server; yargs' assert): in the bundles,
 * `require("node:net")` becomes `lazyRequire("node:net")`, an object that loads the module on the
 * first use of one of its properties. The imports esbuild wraps in __toESM (default imports of
 * other packages) copy every property at once and stay as they are.
 */
const LAZY_BUILTINS =
  /(?<!__toESM\()\brequire\((["'])((?:node:)?(?:assert|child_process|crypto|dns|dns\/promises|fs\/promises|http|https|net|readline|readline\/promises|stream|tls|tty|url|zlib))\1\)/g;
const LAZY_REQUIRE = `const lazyModule = (load, read = (module, key) => module[key]) => {
  let loaded;
  const module = () => (loaded ??= load());
  return new Proxy({}, {
    get: (_target, key) => read(module(), key),
    has: (_target, key) => key in module(),
    ownKeys: () => Reflect.ownKeys(module()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(module(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
};
// As esbuild's __toESM (interop 1: Node's own rule, 0: also __esModule) makes 'default'.
const lazyRequire = (id, interop) =>
  lazyModule(
    () => require(id),
    (module, key) => (key === 'default' && interop !== undefined && (interop === 1 || !module?.__esModule) ? module : module[key]),
  );`;

/**
 * The yaml package, for the command's bundles: a script of its own (dist/generated/vendor/yaml.cjs,
 * writeVendorYaml), loaded with its own code cache through the loader on first use, rather than
 * when the modules that import it load. A context file in the plain style is read by
 * src/context/simple-yaml.ts; the yaml package is needed only for other files, problems to place
 * and structured --set values. Bundled into them, its 165 KiB were read at every start: some
 * 0.8 ms of an everyday render (README, "Performance"). Without the script (a dist/ from an older
 * build), it is required from node_modules. The build fails if the bundle requires it any other way.
 */
function yamlVendored(code) {
  return replaceYamlRequire(code, 'lazyModule(() => __loadGenerated("vendor/yaml") ?? require("yaml"))');
}

/**
 * The yaml package left outside the bundle, required from node_modules on first use: the
 * library's render() never needs it (only loadContext() of a file beyond the plain style), and
 * its code is a third of the library bundle, which every program importing afterview reads at
 * start.
 */
function yamlOutside(code) {
  return replaceYamlRequire(code, 'lazyRequire("yaml")');
}

function replaceYamlRequire(code, replacement) {
  let sites = 0;
  const rewritten = code.replace(/\brequire\((["'])yaml\1\)/g, () => {
    sites += 1;
    return replacement;
  });
  if (sites === 0)
    throw new Error('build: no require of the yaml package found to make lazy; update replaceYamlRequire in scripts/build.mjs');
  if (/__toESM\(lazy/.test(rewritten))
    throw new Error('build: the yaml package is imported in a form that loads it at start; update replaceYamlRequire in scripts/build.mjs');
  return rewritten;
}

/** Only ASCII, so that the loader can read a script as latin1 (see bundleEntry). */
function asAscii(code) {
  return code.replace(/[^\x00-\x7f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The yaml package as a script for the loader (yamlVendored): one function expression, like a bundle. */
async function writeVendorYaml() {
  const result = await build({
    stdin: { contents: "module.exports = require('yaml');", resolveDir: path(new URL('..', import.meta.url)), loader: 'js' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: "(function (exports, require, module) {'use strict';" },
    footer: { js: '})' },
    legalComments: 'none',
    minifyWhitespace: true,
    logLevel: 'warning',
  });
  await mkdir(new URL('generated/vendor/', dist), { recursive: true });
  const file = new URL('generated/vendor/yaml.cjs', dist);
  await writeFile(file, asAscii(result.outputFiles[0].text));
  log(`dist/generated/vendor/yaml.cjs: ${(result.outputFiles[0].contents.length / 1024).toFixed(0)} KiB`);
}

/**
 * Bundles one entry module into dist/NAME/afterview.cjs: one function expression, which
 * the bundles' loader (bin/afterview.js) compiles with vm.Script, from V8's code cache when it has one. With
 * the yaml package left outside it either way: with `yaml: 'outside'`, required from node_modules
 * (yamlOutside); else loaded as a script of its own, with its code cache (yamlVendored).
 */
async function bundleEntry(entry, name, { yaml = 'vendored' } = {}) {
  const bundle = new URL(`${name}/afterview.cjs`, dist);
  const result = await build({
    entryPoints: [path(new URL(entry, dist))],
    outfile: path(bundle),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Node 20 has these; lowered to `new RegExp(...)`, string-width's emoji patterns cost 13 ms to build at load.
    supported: { 'regexp-set-notation': true, 'regexp-unicode-property-escapes': true },
    // The sources' import.meta.url (template folder, createRequire) becomes the bundle's own URL:
    // dist/NAME/afterview.cjs, two folders down like the modules in dist/render/.
    // AFTERVIEW_LOAD_GENERATED: the loader's function for the generated templates (src/render/generated.ts).
    define: { 'import.meta.url': 'bundleMeta.url', AFTERVIEW_LOAD_GENERATED: '__loadGenerated' },
    banner: {
      js: `(function (exports, require, module, __filename, __dirname, importExternal, __loadGenerated) {'use strict';\nlet bundleUrl;\nconst bundleMeta = { get url() { return (bundleUrl ??= require('node:url').pathToFileURL(__filename).href); } };\n${LAZY_REQUIRE}`,
    },
    footer: { js: '})' },
    legalComments: 'none',
    // A quarter smaller to read; names are kept, for stack traces. AFTERVIEW_READABLE_BUNDLE=1 keeps the layout.
    minifyWhitespace: process.env.AFTERVIEW_READABLE_BUNDLE !== '1',
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'yaml-outside',
        setup: (build) => build.onResolve({ filter: /^yaml$/ }, (args) => ({ path: args.path, external: true })),
      },
      ...plugins,
    ],
  });
  // Only ASCII, so that the loader can read it as latin1, twice as fast as UTF-8, into a string of
  // one byte a character. esbuild escapes strings but leaves a few characters in regular
  // expressions and comments, where \uXXXX means the same.
  let code = asAscii(await readFile(bundle, 'utf8'));
  // import() inside code compiled from a code cache made by another process fails in Node 20
  // (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the packages left outside, and Node's own modules
  // imported on demand, are imported by the loader (bin/afterview.js) on the bundle's behalf.
  code = code.replace(/\bimport\((?=(["'])([^"']+)\1\))/g, (whole, _quote, specifier) =>
    EXTERNAL.test(specifier) || specifier.startsWith('node:') ? 'importExternal(' : whole,
  );
  code = code.replace(LAZY_BUILTINS, (_whole, quote, id) => `lazyRequire(${quote}${id}${quote})`);
  code = yaml === 'outside' ? yamlOutside(code) : yamlVendored(code);
  // The packages left outside, imported at the top of a module (nodemailer's address parser, for
  // the send commands): resolving and loading them costs milliseconds that rendering does not need.
  code = code.replace(/\b__toESM\(require\((["'])([^"']+)\1\)(,\s*1)?\)/g, (whole, quote, id, nodeMode) =>
    EXTERNAL.test(id) ? `lazyRequire(${quote}${id}${quote}, ${nodeMode ? 1 : 0})` : whole,
  );
  const left = code.match(/\bimport\(\s*["'][^"']*["']\s*\)/g);
  if (left) throw new Error(`The bundle still has import() calls the loader cannot serve: ${left.join(', ')}`);
  await writeFile(bundle, code);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  log(`dist/${name}/afterview.cjs: ${(bytes / 1024).toFixed(0)} KiB`);
}

await writeVendorYaml();
await bundleEntry('cli/main.js', 'cli');
// The everyday render (src/cli/render-main.ts), which bin/afterview.js loads instead of the CLI:
// without yargs and the other commands, half the size to read and compile.
await bundleEntry('cli/render-main.js', 'cli-render');
// The command's first step (src/cli/shell.ts): a few functions, loaded by bin/afterview.js before the
// CLI, to print what the build saved. Plain CommonJS: too small to gain from a code cache.
await build({
  entryPoints: [path(new URL('cli/shell.js', dist))],
  outfile: path(new URL('cli/shell.cjs', dist)),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // The shell takes xdgFolder from the library's index (the CLI's one way in); esbuild reads every
  // module index.js names and warns about their import.meta, though it leaves them all out but one.
  logOverride: { 'empty-import-meta': 'silent' },
});
// The library as users import it (package.json "exports"): the same, so that `import 'afterview'`
// starts as fast as the command instead of loading some hundred modules one by one.
await bundleEntry('index.js', 'lib', { yaml: 'outside' });
for (const { name } of patches) {
  if (!skip.has(name) && !applied.has(name)) {
    throw new Error(`build: the patch "${name}" found nothing to patch; update or remove it in scripts/build.mjs`);
  }
}
// ES module users get the library's exports by name from dist/lib/afterview.mjs. It carries its own
// copy of the loader (bundleLoader's source, written in bin/afterview.js) rather than requiring that
// file: loading a CommonJS file from an ES module costs a program some milliseconds at start.
const { bundleLoader, load } = createRequire(import.meta.url)('../bin/bundle-loader.js');
const names = Object.keys(load('lib')).filter((name) => name !== '__esModule');
await writeFile(
  new URL('lib/afterview.mjs', dist),
  `// Generated by \`npm run build\`: the library bundle (afterview.cjs beside this file), loaded with its code cache
// by a copy of bundleLoader from bin/afterview.js.
const { fileURLToPath } = process.getBuiltinModule('node:url');
${bundleLoader.toString()}
const library = bundleLoader({
  fs: process.getBuiltinModule('node:fs'),
  path: process.getBuiltinModule('node:path'),
  vm: process.getBuiltinModule('node:vm'),
  dist: fileURLToPath(new URL('..', import.meta.url)),
  require: process.getBuiltinModule('node:module').createRequire(import.meta.url),
  importExternal: (specifier) => import(specifier),
}).load('lib');
export const { ${names.join(', ')} } = library;
`,
);

// 3. The code caches: made by a separate, plain `node`, because V8 accepts a cache only from the
//    same V8 with the same flags. The CLI's run also saves the replies the command prints without
//    loading the CLI (dist/generated/replies.json, see src/cli/shell.ts); none is left from an
//    earlier build, so a failed run cannot leave stale ones.
//    The everyday render's bundle (dist/cli-render/) has one made by rendering only.
//    The library's run also saves each generated template's cache (dist/generated/**/*.cjs.cache).
for (const file of ['cli/afterview.cjs.cache', 'cli-render/afterview.cjs.cache', 'lib/afterview.cjs.cache', 'generated/replies.json']) {
  await rm(new URL(file, dist), { force: true });
}
// The CLI bundle's cache, then (with the argument `render`) the everyday render bundle's.
for (const cacheArgs of [[], ['render']]) {
  const made = spawnSync(process.execPath, [path(new URL('cli-code-cache.cjs', import.meta.url)), ...cacheArgs], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`Making the code cache failed:\n${made.stderr}`);
  log(made.stdout.trim());
}
const madeLibrary = spawnSync(process.execPath, [path(new URL('library-code-cache.cjs', import.meta.url))], { encoding: 'utf8' });
if (madeLibrary.status !== 0) throw new Error(`Making the library's code cache failed:\n${madeLibrary.stderr}`);
log(madeLibrary.stdout.trim());
