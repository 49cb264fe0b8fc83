#!/usr/bin/env node
'use strict';
// The afterview command. It runs the CLI that `npm run build` bundles into one
// file (dist/cli/afterview.cjs) and compiles it from V8's code cache
// (afterview.cjs.cache beside it), so that starting takes little more than
// starting Node. What never changes between runs (help, version, the list of
// templates) is printed from what the build saved, without loading the CLI at
// all (src/cli/shell.ts), and the everyday render runs from a bundle of its own, half
// the size (src/cli/render-main.ts). This file is CommonJS (see
// bin/package.json) because an ES module entry point costs a few milliseconds more to start.
const fs = require('node:fs');
const path = require('node:path');

// The bundles' loader. It loads a bundle that `npm run build` made (dist/cli/afterview.cjs for the
// command, dist/cli-render/afterview.cjs for its everyday render, dist/lib/afterview.cjs for the
// library) and compiles it from V8's code cache saved beside it (.cache), so that starting costs
// little more than starting Node. CommonJS, because an ES module costs more to load and Node 20
// keeps no compiled code for one. The bundles load the precompiled templates through it too
// (dist/generated/*.cjs, each with its own cache), one template at a time, as a message needs it.
// It lives here, not in a module of its own, because a second CommonJS file cost the command's
// start most of a millisecond; bin/bundle-loader.js gives it to the build, the bench and the tests.

/**
 * The loader, written as one function of what it uses, with nothing from this file's scope:
 * the library's ES module entry (dist/lib/afterview.mjs) carries the build's copy of this very
 * function's source, so that `import 'afterview'` does not also load this file as CommonJS
 * (some milliseconds of an ES module program's start).
 *
 * - `dist`: the folder the bundles are in.
 * - `require`: what the bundles require Node's modules and the packages left outside with.
 * - `importExternal`: what they import the rest with: import() inside code compiled from a
 *   code cache made by another process fails in Node 20, so it must be compiled here.
 */
function bundleLoader({ fs, path, vm, dist, require, importExternal }) {
  const bundles = {
    cli: path.join(dist, 'cli', 'afterview.cjs'),
    render: path.join(dist, 'cli-render', 'afterview.cjs'),
    lib: path.join(dist, 'lib', 'afterview.cjs'),
  };

  /** Evaluates a bundle as CommonJS would, with the code cache when V8 accepts it. */
  function evaluate(file, source, cachedData) {
    // The bundle is one function expression: (function (exports, require, module, __filename, __dirname, importExternal, __loadGenerated) {…}).
    const script = new vm.Script(source, { filename: file, cachedData });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, require, module, file, path.dirname(file), importExternal, loadGenerated);
    return { exports: module.exports, script };
  }

  /** A code cache, or undefined when there is none: then V8 compiles as usual. */
  function readCache(file) {
    try {
      return fs.readFileSync(file);
    } catch {
      return undefined;
    }
  }

  /** While the build makes code caches (makeCodeCache): the generated scripts loaded, to save theirs too. */
  let loadedScripts;

  /**
   * A script the build generated (`templates/NAME`: dist/generated/templates/NAME.cjs, from
   * templates/; `vendor/yaml`: the yaml package), one function expression, ASCII, compiled from
   * its own code cache; undefined when there is none. The bundles call this for the one template
   * a message needs (src/render/generated.ts, which admits only the names the build writes), and
   * for the yaml package when a context file is beyond the plain style (scripts/build.mjs).
   */
  function loadGenerated(name) {
    const file = path.join(dist, 'generated', `${name}.cjs`);
    let source;
    try {
      source = fs.readFileSync(file, 'latin1');
    } catch (error) {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }
    const { exports, script } = evaluate(file, source, loadedScripts ? undefined : readCache(`${file}.cache`));
    loadedScripts?.set(file, script);
    return exports;
  }

  /** The bundle's source: ASCII only, which latin1 reads exactly and twice as fast as UTF-8. */
  const read = (name) => fs.readFileSync(bundles[name], 'latin1');

  const cacheFile = (name) => `${bundles[name]}.cache`;

  /** A bundle's exports, compiled from its code cache where V8 accepts it. */
  function load(name) {
    // V8 refuses a cache made by another Node version or with other V8 flags (then it compiles
    // as usual, some milliseconds more); `npm run build` makes a new one.
    return evaluate(bundles[name], read(name), readCache(cacheFile(name))).exports;
  }

  /** Saves a script's code cache through a temporary file, so that a concurrent start never reads half of one. */
  function saveCache(file, script) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, file);
  }

  /**
   * For the build: loads a bundle without a cache, lets `exercise` run it, and saves the cache,
   * which then holds the functions the exercise compiled. V8 reads the whole of a cache at every
   * start, so a cache is best made by the one run a start most often makes: what another run
   * needs besides, it compiles on first call, which costs less than reading more every time
   * (README, "Performance"). With `generated` (a second exercise, run after the bundle's cache is
   * saved), also saves the caches of the generated scripts both loaded (their files, relative to
   * dist/, are returned).
   */
  async function makeCodeCache(name, exercise, { generated } = {}) {
    loadedScripts = new Map();
    const { exports, script } = evaluate(bundles[name], read(name), undefined);
    await exercise(exports);
    const file = cacheFile(name);
    saveCache(file, script);
    const saved = [];
    if (generated) {
      await generated(exports);
      for (const [scriptFile, generatedScript] of loadedScripts) {
        saveCache(`${scriptFile}.cache`, generatedScript);
        saved.push(path.relative(dist, `${scriptFile}.cache`));
      }
    }
    loadedScripts = undefined;
    return { file, generated: saved };
  }

  return { bundles, cacheFile, load, makeCodeCache };
}

const dist = path.join(__dirname, '..', 'dist');
const cliBundle = path.join(dist, 'cli', 'afterview.cjs');
const renderBundle = path.join(dist, 'cli-render', 'afterview.cjs');
let loader;
/** The loader of this package's bundles. */
const packageLoader = () =>
  (loader ??= bundleLoader({ fs, path, vm: require('node:vm'), dist, require, importExternal: (specifier) => import(specifier) }));
const load = (name) => packageLoader().load(name);

/** Help, version, completion and list take one or two arguments; anything longer goes to the CLI. */
function answeredFromSaved(args) {
  if (args.length === 0 || args.length > 2) return false;
  let shell;
  try {
    shell = require(path.join(dist, 'cli', 'shell.cjs'));
  } catch {
    return false;
  }
  return shell.answerFromSaved(args, process.env, path.join(dist, 'generated', 'replies.json'));
}

/**
 * `render TEMPLATE FILE… [--format F] [--today D]`, run from a bundle of its own, which reads the
 * arguments exactly as the CLI would (src/cli/simple-render.ts) and leaves any other form to
 * the CLI. An option other than those two goes to the CLI at once, without loading it.
 */
function renderedEveryday(args) {
  if (args[0] !== 'render') return false;
  if (args.some((arg) => arg.startsWith('-') && arg !== '-' && arg !== '--format' && arg !== '--today')) return false;
  // A dist/ built before this bundle existed (a pull without a rebuild): the whole CLI renders.
  if (!fs.existsSync(renderBundle)) return false;
  return load('render').runFromProcess();
}

function main() {
  if (!fs.existsSync(cliBundle)) {
    // Built by tsc alone, without the bundle: run the modules in dist/ as they are.
    import('../dist/cli/main.js').then((cli) => cli.runFromProcess());
    return;
  }
  const args = process.argv.slice(2);
  if (answeredFromSaved(args) || renderedEveryday(args)) return;
  load('cli').runFromProcess();
}

if (require.main === module) main();
// For bin/bundle-loader.js, and for tests: the bundled CLI, loaded as the command loads it.
else module.exports = { bundleLoader, packageLoader, loadBundle: () => load('cli') };
