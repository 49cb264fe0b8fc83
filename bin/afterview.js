#!/usr/bin/env node
'use strict';
// The afterview command. It runs the CLI that `npm run build` bundles into one
// file (dist/cli/afterview.cjs) and compiles it from V8's code cache
// (afterview.cjs.cache beside it), so that starting takes little more than
// starting Node. What never changes between runs (help, version, the list of
// templates) is printed from what the build saved, without loading the CLI at
// all (src/cli/shell.ts). This file is CommonJS (see bin/package.json) because
// an ES module entry point costs a few milliseconds more to start.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const cliBundle = path.join(dist, 'cli', 'afterview.cjs');
const load = (name, purpose) => require('./bundle-loader.js').load(name, purpose);

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

function main() {
  if (!fs.existsSync(cliBundle)) {
    // Built by tsc alone, without the bundle: run the modules in dist/ as they are.
    import('../dist/cli/main.js').then((cli) => cli.runFromProcess());
    return;
  }
  if (answeredFromSaved(process.argv.slice(2))) return;
  // Rendering has a code cache of its own (bin/bundle-loader.js), a third smaller than the one for every command.
  load('cli', process.argv[2] === 'render' ? 'render' : undefined).runFromProcess();
}

if (require.main === module) main();
// For tests: the bundled CLI, loaded as the command loads it.
else module.exports = { loadBundle: () => load('cli') };
