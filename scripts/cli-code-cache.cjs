'use strict';
// For the build (scripts/build.mjs), run by a plain `node` (V8 accepts a code cache only from
// the same V8 with the same flags):
// 1. runs every command once through the CLI bundle, so that its code cache holds the
//    functions each of them compiles, then saves the cache (dist/cli/afterview.cjs.cache);
// 2. records what the commands whose output never changes print (help, version, completion,
//    list), at the two help widths, in dist/generated/replies.json, which the command prints
//    again without loading the CLI (src/cli/shell.ts).
// With the argument `render`, it does the first for the everyday render's bundle
// (dist/cli-render/afterview.cjs.cache) and renders only.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Writable } = require('node:stream');
const { makeCodeCache } = require('../bin/bundle-loader.js');
const { recordedForms, USER_FILE_FORMS } = require('../dist/cli/shell.cjs');

const root = path.join(__dirname, '..');

function makeIO(home) {
  const output = { stdout: '', stderr: '' };
  const sink = (name) => new Writable({ write: (chunk, _encoding, done) => done(void (output[name] += chunk)) });
  const io = {
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    env: { HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home, NO_COLOR: '1', SHELL: '/bin/bash' },
    now: () => new Date(),
  };
  return { io, output };
}

/**
 * Runs the commands. `rendering`: the everyday render's one run, a thank-you note as text,
 * through its own bundle (src/cli/render-main.ts): V8 reads the whole of a cache at every start,
 * and one made by every template and format is a quarter larger and measured slower for all of
 * them (makeCodeCache in bin/afterview.js).
 */
async function exercise(cli, home, rendering) {
  const { io } = makeIO(home);
  const templates = path.join(root, 'templates');
  const example = (name) => path.join(templates, name, 'example.yaml');
  if (rendering) {
    const args = ['render', 'thank-you', example('thank-you'), '--today', '2026-11-25'];
    const code = await cli.runEverydayRender(args, io);
    // A cache made by an error, or by nothing, would compile the wrong code ahead of every render.
    if (code !== 0)
      throw new Error(
        `cli-code-cache: \`afterview ${args.join(' ')}\` ${code === undefined ? 'was not taken as the everyday render' : `exited ${code}`}; update scripts/cli-code-cache.cjs`,
      );
    return 1;
  }
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
    if (!fs.existsSync(example(name))) continue;
    for (const format of ['text', 'html', 'message', 'json'])
      runs.push(['render', name, example(name), '--today', '2026-11-25', '--format', format]);
    runs.push(['validate', name, example(name), '--today', '2026-11-25'], ['render', name, example(name), '--set', 'company=']);
  }
  for (const args of runs) await cli.run(args, io);
  return runs.length;
}

/** What `args` prints, when it prints only to standard output and succeeds. */
async function reply(cli, args, home) {
  const { io, output } = makeIO(home);
  const code = await cli.run(args, io);
  return code === 0 && output.stderr === '' ? output.stdout : undefined;
}

async function record(cli, home) {
  const help = await reply(cli, ['--help'], home);
  const commands = [...(help ?? '').matchAll(/^ {2}afterview ([a-z]+)/gm)].map((match) => match[1]);
  if (!commands.includes('render') || !commands.includes('list')) {
    throw new Error('cli-code-cache: the commands could not be read from `afterview --help`; update scripts/cli-code-cache.cjs');
  }
  const widths = {};
  const descriptor = Object.getOwnPropertyDescriptor(process.stdout, 'columns');
  for (const width of [80, 100]) {
    // The CLI wraps its help to the terminal's width (80 when not a terminal).
    Object.defineProperty(process.stdout, 'columns', { value: width === 80 ? undefined : width, configurable: true });
    widths[width] = {};
    for (const args of recordedForms(commands)) {
      const text = await reply(cli, args, home);
      if (text !== undefined) widths[width][args.join(' ')] = text;
    }
  }
  if (descriptor) Object.defineProperty(process.stdout, 'columns', descriptor);
  else delete process.stdout.columns;
  const file = path.join(root, 'dist', 'generated', 'replies.json');
  fs.writeFileSync(file, `${JSON.stringify({ widths, userFiles: USER_FILE_FORMS })}\n`);
  return Object.keys(widths[80]).length;
}

/**
 * For the yaml package's script (dist/generated/vendor/yaml.cjs.cache, see yamlVendored in
 * build.mjs): renders a context beyond the plain style that src/context/simple-yaml.ts reads (a
 * folded block, quotes with an escape, an anchor), and one with a syntax error to place,
 * so that its cache holds what the full parser runs for them. Run after the render bundle's own
 * cache is saved, so that this does not go into it.
 */
async function exerciseYaml(cli, home) {
  const { io } = makeIO(home);
  const example = fs.readFileSync(path.join(root, 'templates', 'thank-you', 'example.yaml'), 'utf8');
  const beyondPlain = path.join(home, 'beyond-plain.yaml');
  fs.writeFileSync(
    beyondPlain,
    `${example.replace(/^role: .*$/m, 'role: &role "Senior \\u0050latform Engineer"')}\nsubject: >-\n  Thank you for the\n  conversation\ntone: 'warm'\n`,
  );
  const broken = path.join(home, 'broken.yaml');
  fs.writeFileSync(broken, `${example}\nfit: "an unclosed quote\n`);
  const rendered = await cli.runEverydayRender(['render', 'thank-you', beyondPlain, '--today', '2026-11-25'], io);
  const refused = await cli.runEverydayRender(['render', 'thank-you', broken, '--today', '2026-11-25'], io);
  if (rendered !== 0 || refused !== 1)
    throw new Error(
      `cli-code-cache: the yaml exercise exited ${rendered} and ${refused} (expected 0 and 1); update scripts/cli-code-cache.cjs`,
    );
}

/** `render` (a second run): only the renders, for the everyday render's bundle (dist/cli-render/). */
const rendering = process.argv[2] === 'render';
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'afterview-build-'));
let runs = 0;
let replies = 0;
makeCodeCache(
  rendering ? 'render' : 'cli',
  async (cli) => {
    runs = await exercise(cli, home, rendering);
    if (!rendering) replies = await record(cli, home);
  },
  // The generated scripts' caches saved here are the yaml package's and the thank-you template's
  // (made again, by every tone, by library-code-cache.cjs, which build.mjs runs after this).
  rendering ? { generated: (cli) => exerciseYaml(cli, home) } : {},
)
  .then(({ file, generated }) => {
    if (rendering && !generated.includes(path.join('generated', 'vendor', 'yaml.cjs.cache')))
      throw new Error('cli-code-cache: the yaml exercise did not load dist/generated/vendor/yaml.cjs; update scripts/cli-code-cache.cjs');
    fs.rmSync(home, { recursive: true, force: true });
    console.log(
      `${path.relative(process.cwd(), file)}: ${runs} runs, ${(fs.statSync(file).size / 1024).toFixed(0)} KiB${rendering ? '' : `; dist/generated/replies.json: ${replies} replies`}`,
    );
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
