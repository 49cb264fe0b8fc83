#!/usr/bin/env node
'use strict';
// The afterview command. It runs the CLI that `npm run build` bundles into one
// file (dist/cli/afterview.cjs) and compiles it from V8's code cache
// (afterview.cjs.cache beside it), so that starting takes little more than
// starting Node. What never changes between runs (help, version, the list of
// templates) is printed from what the build saved, without loading the CLI at
// all (src/cli/shell.ts), and the everyday render runs from a bundle of its own, a
// third smaller (src/cli/render-main.ts). This file is CommonJS (see
// bin/package.json) because an ES module entry point costs a few milliseconds more to start.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const cliBundle = path.join(dist, 'cli', 'afterview.cjs');
const load = (name) => require('./bundle-loader.js').load(name);

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
// For tests: the bundled CLI, loaded as the command loads it.
else module.exports = { loadBundle: () => load('cli') };
