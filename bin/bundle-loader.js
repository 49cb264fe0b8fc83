'use strict';
// Loads a bundle that `npm run build` made (dist/cli/afterview.cjs for the command,
// dist/lib/afterview.cjs for the library) and compiles it from V8's code cache saved beside
// it (.cache), so that starting costs little more than starting Node. CommonJS, because an
// ES module costs more to load and Node 20 keeps no compiled code for one.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const dist = path.join(__dirname, '..', 'dist');
const bundles = { cli: path.join(dist, 'cli', 'afterview.cjs'), lib: path.join(dist, 'lib', 'afterview.cjs') };

/** Evaluates a bundle as CommonJS would, with the code cache when V8 accepts it. */
function evaluate(file, source, cachedData) {
  // The bundle is one function expression: (function (exports, require, module, __filename, __dirname, importExternal) {…}).
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  // Packages left outside the bundle (mjml, nodemailer, clipboardy, the Handlebars compiler)
  // and Node's modules imported on demand are imported from here: import() inside code
  // compiled from a code cache made by another process fails in Node 20.
  const importExternal = (specifier) => import(specifier);
  script.runInThisContext()(module.exports, require, module, file, path.dirname(file), importExternal);
  return { exports: module.exports, script };
}

/** The bundle's source: ASCII only, which latin1 reads exactly and twice as fast as UTF-8. */
const read = (name) => fs.readFileSync(bundles[name], 'latin1');

/**
 * The code cache for `purpose`: a bundle may have one per purpose (afterview.cjs.render.cache,
 * made by rendering only), smaller and so faster to read than the one made by every command.
 */
const cacheFile = (name, purpose) => `${bundles[name]}${purpose ? `.${purpose}` : ''}.cache`;

/** A bundle's exports, compiled from its code cache (the one for `purpose`, if any) where V8 accepts it. */
function load(name, purpose) {
  let cachedData;
  for (const file of purpose ? [cacheFile(name, purpose), cacheFile(name)] : [cacheFile(name)]) {
    try {
      cachedData = fs.readFileSync(file);
      break;
    } catch {
      // No cache: V8 compiles as usual.
    }
  }
  // V8 refuses a cache made by another Node version or with other V8 flags (then it compiles
  // as usual, some milliseconds more); `npm run build` makes a new one.
  return evaluate(bundles[name], read(name), cachedData).exports;
}

/**
 * For the build: loads a bundle without a cache, lets `exercise` run it (so that the cache
 * holds the functions it compiles), then saves the cache through a temporary file, so that a
 * concurrent start never reads half of one.
 */
async function makeCodeCache(name, exercise, purpose) {
  const { exports, script } = evaluate(bundles[name], read(name), undefined);
  await exercise(exports);
  const file = cacheFile(name, purpose);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, script.createCachedData());
  fs.renameSync(temporary, file);
  return file;
}

module.exports = { bundles, cacheFile, load, makeCodeCache };
