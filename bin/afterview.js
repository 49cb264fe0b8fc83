#!/usr/bin/env node
'use strict';
// The afterview command. It runs the CLI that `npm run build` bundles into one
// file (dist/cli/afterview.cjs) and compiles it from V8's code cache
// (afterview.cjs.cache beside it), so that starting takes little more than
// starting Node. This file is CommonJS (see bin/package.json) because an ES
// module entry point costs a few milliseconds more to start.
const fs = require('node:fs');
const path = require('node:path');
const { bundles, load, makeCodeCache } = require('./bundle-loader.js');

/**
 * For the build: runs every command once in this process, so that the code
 * cache holds the functions each of them compiles, then saves it.
 */
async function exerciseCli(cli) {
  const { Writable } = require('node:stream');
  const os = require('node:os');
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
  return runs.length;
}

function main() {
  if (!fs.existsSync(bundles.cli)) {
    // Built by tsc alone, without the bundle: run the modules in dist/ as they are.
    import('../dist/cli/main.js').then((cli) => cli.runFromProcess());
    return;
  }
  if (process.env.AFTERVIEW_MAKE_CODE_CACHE) {
    let runs = 0;
    makeCodeCache('cli', async (cli) => {
      runs = await exerciseCli(cli);
    }).then(
      (file) => console.log(`${path.relative(process.cwd(), file)}: ${runs} runs, ${(fs.statSync(file).size / 1024).toFixed(0)} KiB`),
      (error) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
    return;
  }
  load('cli').runFromProcess();
}

if (require.main === module) main();
// For tests: the bundled CLI, loaded as the command loads it.
else module.exports = { loadBundle: () => load('cli') };
