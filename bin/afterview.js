#!/usr/bin/env node
'use strict';
// The afterview command. It runs the CLI that `npm run build` bundles into one
// file (dist/cli/afterview.cjs) and compiles it from V8's code cache
// (afterview.cjs.cache beside it), so that starting takes little more than
// starting Node. This file is CommonJS (see bin/package.json) because an ES
// module entry point costs a few milliseconds more to start.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const bundle = path.join(__dirname, '..', 'dist', 'cli', 'afterview.cjs');
const codeCache = `${bundle}.cache`;

/** Evaluates the bundle as CommonJS would, with the code cache when V8 accepts it. */
function loadBundle(source, cachedData) {
  // The bundle is one function expression: (function (exports, require, module, __filename, __dirname, importExternal) {…}).
  const script = new vm.Script(source, { filename: bundle, cachedData });
  const module = { exports: {} };
  // mjml, nodemailer, clipboardy and the Handlebars compiler stay outside the bundle, and are
  // imported from here when a command needs them.
  const importExternal = (specifier) => import(specifier);
  // The bundle requires only Node's own modules, which this file's require serves as well.
  script.runInThisContext()(module.exports, require, module, bundle, path.dirname(bundle), importExternal);
  return { cli: module.exports, script };
}

/** Writes the code cache through a temporary file, so that a concurrent start never reads half of one. */
function saveCodeCache(script, file) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, script.createCachedData());
  fs.renameSync(temporary, file);
}

/**
 * For the build: runs every command once in this process, so that the code
 * cache holds the functions each of them compiles, then saves it.
 */
async function makeCodeCache(source, file) {
  const { Writable } = require('node:stream');
  const os = require('node:os');
  const { cli, script } = loadBundle(source, undefined);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'afterview-build-'));
  const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  const io = {
    stdout: sink(),
    stderr: sink(),
    env: { HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home, NO_COLOR: '1' },
    now: () => new Date(),
  };
  const templates = path.join(__dirname, '..', 'templates');
  const runs = [
    ['--help'],
    ['list'],
    ['list', '--json'],
    ['render', '--help'],
    ['render', 'nonesuch', 'x.yaml'],
    ['schema', 'thank-you'],
    ['init', 'thank-you'],
  ];
  for (const name of fs.readdirSync(templates)) {
    const example = path.join(templates, name, 'example.yaml');
    if (!fs.existsSync(example)) continue;
    for (const format of ['text', 'html', 'message', 'json'])
      runs.push(['render', name, example, '--today', '2026-11-25', '--format', format]);
    runs.push(['validate', name, example, '--today', '2026-11-25'], ['render', name, example, '--set', 'company=']);
  }
  for (const args of runs) await cli.run(args, io);
  fs.rmSync(home, { recursive: true, force: true });
  saveCodeCache(script, file);
  console.log(`${path.relative(process.cwd(), file)}: ${runs.length} runs, ${(fs.statSync(file).size / 1024).toFixed(0)} KiB`);
}

function main() {
  let source;
  try {
    // The build writes ASCII only: latin1 reads it exactly, and twice as fast as UTF-8.
    source = fs.readFileSync(bundle, 'latin1');
  } catch {
    // Built by tsc alone, without the bundle: run the modules in dist/ as they are.
    import('../dist/cli/main.js').then((cli) => cli.runFromProcess());
    return;
  }
  if (process.env.AFTERVIEW_MAKE_CODE_CACHE) {
    makeCodeCache(source, process.env.AFTERVIEW_MAKE_CODE_CACHE).catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
    return;
  }
  let cachedData;
  try {
    cachedData = fs.readFileSync(codeCache);
  } catch {
    // No cache: V8 compiles as usual.
  }
  // V8 refuses a cache made by another Node version or with other V8 flags (then it compiles as
  // usual, about 20 ms more); `npm run build` makes a new one.
  loadBundle(source, cachedData).cli.runFromProcess();
}

if (require.main === module) main();
// For tests: the bundled CLI, loaded as the command loads it.
else module.exports = { loadBundle: () => loadBundle(fs.readFileSync(bundle, 'latin1'), undefined).cli };
