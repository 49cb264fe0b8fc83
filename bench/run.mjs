// `npm run bench`: how fast afterview starts, renders and sends, each figure
// beside a baseline measured in the same run. Not part of `npm test`.
//
//   node bench/run.mjs [--quick] [--only cold,warm,batch,send,due,mail,user] [--load quiet,loaded]
//
// It measures the build in dist/ (`npm run bench` builds first). To measure
// another checkout's build against the same baselines (a before/after
// comparison), set AFTERVIEW_BENCH_ROOT to that checkout.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { makeStackFloor } from './stack-floor.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const subject = process.env.AFTERVIEW_BENCH_ROOT ?? root;
const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? new Set(process.argv[onlyIndex + 1].split(',')) : undefined;
const runs = (name) => !only || only.has(name);
const loadIndex = process.argv.indexOf('--load');
const load = new Set(loadIndex > 0 ? process.argv[loadIndex + 1].split(',') : ['quiet', 'loaded']);

const TODAY = '2026-11-25';
const TEMPLATES = ['thank-you', 'offer-review', 'counteroffer', 'withdrawal', 'resignation', 'feedback-request'];
const fixture = (name) => parse(readFileSync(join(root, 'fixtures', name), 'utf8'));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const rows = [];
function row(measure, ours, oursUnit, baselineName, baseline, target) {
  const ratio = baseline === undefined ? undefined : ours / baseline;
  rows.push({ measure, ours, oursUnit, baselineName, baseline, ratio, target });
  printRow(rows.at(-1));
}

function formatValue(value, unit) {
  if (value === undefined) return '';
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  if (unit === 'µs') return value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(1)} µs`;
  if (unit === 's') return `${value.toFixed(2)} s`;
  if (unit === 'MiB') return `${value.toFixed(0)} MiB`;
  return `${value} ${unit}`;
}

function printRow({ measure, ours, oursUnit, baselineName, baseline, ratio, target }) {
  const ok = target === undefined ? '' : target.test(ours, ratio) ? 'ok' : 'MISSED';
  const baselineText = baselineName === undefined ? '' : `${baselineName} ${formatValue(baseline, target?.baselineUnit ?? oursUnit)}`;
  console.log(
    [
      measure.padEnd(40),
      formatValue(ours, oursUnit).padStart(11),
      baselineText.padEnd(34),
      (ratio === undefined ? '' : ratio < 0.1 ? `${ratio.toFixed(4)}×` : `${ratio.toFixed(2)}×`).padStart(8),
      (target?.label ?? '').padEnd(9),
      ok,
    ].join('  '),
  );
}

const atMost = (limit) => ({ label: `≤ ${limit}×`, test: (_ours, ratio) => ratio <= limit });
const under = (limit, unit) => ({ label: `< ${limit} ${unit}`, test: (ours) => ours < limit });

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(
  `afterview bench: node ${process.version}, ${process.platform} ${process.arch}, ${cpus().length} × ${cpu}, ${new Date().toISOString().slice(0, 10)}`,
);
if (subject !== root) console.log(`measuring the build in ${subject} against baselines from ${root}`);
console.log(['measure'.padEnd(40), 'afterview'.padStart(11), 'baseline (same run)'.padEnd(34), 'ratio'.padStart(8), 'target'].join('  '));

// ---------------------------------------------------------------- cold start
// Children run without NODE_OPTIONS and NODE_EXTRA_CA_CERTS: a CA bundle set in the
// environment adds tens of milliseconds to every Node start, baseline included, which would
// flatter every ratio.
const childEnv = { ...process.env };
for (const name of ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'AFTERVIEW_PROFILE', 'AFTERVIEW_SMTP_URL']) delete childEnv[name];

/** Runs `measure` with another process keeping one core busy, as on a shared CI machine. */
async function whileLoaded(measure) {
  const busy = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore', env: childEnv });
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return measure();
  } finally {
    busy.kill();
  }
}

if (runs('cold')) {
  const home = mkdtempSync(join(tmpdir(), 'afterview-bench-home-'));
  const env = { ...childEnv, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1' };
  const bin = join(subject, 'bin', 'afterview.js');
  const thankYou = join(root, 'fixtures', 'thank-you.yaml');
  // A program of a library user: it imports afterview by name (linked into node_modules as an
  // installed package would be) and renders one built-in message.
  const project = join(home, 'project');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(subject, join(project, 'node_modules', 'afterview'), 'dir');
  const program = join(project, 'render.mjs');
  writeFileSync(
    program,
    `import { render } from 'afterview';\nconst message = await render('thank-you', ${JSON.stringify(fixture('thank-you.yaml'))}, { today: '${TODAY}' });\nprocess.stdout.write(message.text);\n`,
  );
  const emptyModule = join(project, 'empty.mjs');
  writeFileSync(emptyModule, '');
  // What importing any package by name costs (finding it, reading its package.json and exports).
  const emptyPackage = join(project, 'node_modules', 'empty-package');
  mkdirSync(emptyPackage);
  writeFileSync(
    join(emptyPackage, 'package.json'),
    JSON.stringify({ name: 'empty-package', type: 'module', exports: { '.': './index.mjs' } }),
  );
  writeFileSync(join(emptyPackage, 'index.mjs'), 'export const value = 1;\n');
  const importsPackage = join(project, 'imports-package.mjs');
  writeFileSync(importsPackage, "import { value } from 'empty-package';\nprocess.exitCode = value - 1;\n");
  const stackFloor = await makeStackFloor(mkdtempSync(join(home, 'stack-floor-')), thankYou);
  const commands = [
    { name: 'node -e 0', args: ['-e', '0'] },
    {
      name: 'cold: render thank-you --format text',
      args: [bin, 'render', 'thank-you', thankYou, '--today', TODAY, '--format', 'text'],
      target: atMost(1.5),
    },
    {
      name: 'cold: render thank-you --format html',
      args: [bin, 'render', 'thank-you', thankYou, '--today', TODAY, '--format', 'html'],
      target: atMost(1.5),
    },
    { name: 'cold: --help', args: [bin, '--help'], target: atMost(1.3) },
    { name: 'cold: list', args: [bin, 'list'], target: atMost(1.3) },
    { name: 'cold: library, import + render()', args: [program], target: atMost(2) },
    // Where the cold figures start from, with no target: loading the render bundle and running
    // nothing (reading it and its code cache, deserialising, running the modules' top level); an
    // empty ES module (what any `import` costs a program before it imports anything) and one that
    // imports a package by name; and the required stack alone rendering one small message.
    {
      name: 'cold: floor, load the render bundle only',
      args: ['-e', `require(${JSON.stringify(join(subject, 'bin', 'bundle-loader.js'))}).load('render')`],
    },
    { name: 'cold: floor, an empty ES module', args: [emptyModule] },
    { name: 'cold: floor, an ES module importing a package', args: [importsPackage] },
    // The least a render does with the required stack (bench/stack-floor.mjs): handlebars' runtime
    // and zod/mini, bundled with a code cache, check eight fields and fill one small template.
    { name: 'cold: floor, handlebars + zod, one small message', args: stackFloor },
  ];
  for (const command of commands) {
    const result = spawnSync(process.execPath, command.args, { env, cwd: home, encoding: 'utf8' });
    if (result.status !== 0 || result.stderr) throw new Error(`${command.name} exited ${result.status}: ${result.stderr}`);
  }
  const rounds = quick ? 15 : 60;
  const measure = (label) => {
    const times = commands.map(() => []);
    // Alternating, so that whatever else the machine does falls on every command alike.
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...commands.keys()].reverse() : [...commands.keys()];
      for (const i of order) {
        const start = process.hrtime.bigint();
        spawnSync(process.execPath, commands[i].args, { env, cwd: home, stdio: 'ignore' });
        times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    const baseline = median(times[0]);
    for (const [i, command] of commands.entries()) {
      if (i > 0) row(`${command.name}${label}`, median(times[i]), 'ms', 'node -e 0', baseline, command.target);
    }
  };
  if (load.has('quiet')) measure('');
  if (load.has('loaded')) await whileLoaded(() => measure(', one core busy'));
  rmSync(home, { recursive: true, force: true });
}

// ---------------------------------------------------------------- batch
if (runs('batch')) {
  for (const mode of ['panel', 'batch']) {
    const result = spawnSync(process.execPath, [join(here, 'batch.mjs'), mode, subject, quick ? '2000' : '10000'], {
      cwd: root,
      env: childEnv,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`batch ${mode} failed: ${result.stderr}`);
    const { count, seconds, peakRssMiB, baselineRssMiB } = JSON.parse(result.stdout);
    const label =
      mode === 'panel'
        ? `batch: renderPanel(), ${count.toLocaleString('en-US')} people`
        : `batch: render() × ${count.toLocaleString('en-US')}`;
    row(`${label}, time`, seconds, 's');
    row(`${label}, peak RSS`, peakRssMiB, 'MiB', 'after import', baselineRssMiB, under(150, 'MiB'));
  }
}

// ---------------------------------------------------------------- due
if (runs('due')) {
  const result = spawnSync(process.execPath, [join(here, 'due.mjs'), subject, quick ? '200' : '1000'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`due failed: ${result.stderr}`);
  const { count, items, first, cached } = JSON.parse(result.stdout);
  const label = `due: ${count.toLocaleString('en-US')} applications (${items} items)`;
  row(`${label}, first run, time`, first.seconds, 's');
  row(`${label}, first run, peak RSS`, first.peakRssMiB, 'MiB', undefined, undefined, under(200, 'MiB'));
  row(`${label}, unchanged files, time`, cached.seconds, 's', undefined, undefined, under(1, 's'));
  row(`${label}, unchanged files, peak RSS`, cached.peakRssMiB, 'MiB', undefined, undefined, under(200, 'MiB'));
}

// ---------------------------------------------------------------- warm rendering
async function perMessage(fn, count) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e3 / count;
}

/**
 * The floor for warm rendering: plain Handlebars (no strict mode, no validation, no view
 * building) filling templates made from afterview's own output, so that they produce the same
 * four parts, byte for byte: every string of the context that appears in a part becomes a
 * {{value}} again (escaped in HTML, as Handlebars escapes it).
 */
function rawTemplates(Handlebars, message, context) {
  const strings = new Set();
  const collect = (value) => {
    if (typeof value === 'string' && value.length >= 3) strings.add(value);
    else if (value && typeof value === 'object') for (const item of Object.values(value)) collect(item);
  };
  collect(context);
  const values = [...strings].sort((a, b) => b.length - a.length);
  const view = Object.fromEntries(values.map((value, i) => [`v${i}`, value]));
  const hb = Handlebars.create();
  const escapeLiteral = (text) => text.replaceAll('{{', '\\{{');
  const make = (output, html) => {
    let source = escapeLiteral(output);
    for (const [i, value] of values.entries()) {
      const shown = escapeLiteral(html ? Handlebars.escapeExpression(value) : value);
      source = source.split(shown).join(html ? `{{v${i}}}` : `{{{v${i}}}}`);
    }
    const template = hb.compile(source);
    if (template(view) !== output)
      throw new Error(`bench: the raw Handlebars floor does not reproduce the message (${html ? 'html' : 'text'})`);
    return template;
  };
  const parts = {
    subject: make(message.subject, false),
    text: make(message.text, false),
    html: make(message.html, true),
    message: make(message.message, false),
  };
  return () => parts.subject(view).length + parts.text(view).length + parts.html(view).length + parts.message(view).length;
}

if (runs('warm')) {
  const { render } = await import(pathToFileURL(join(subject, 'dist', 'lib', 'afterview.mjs')).href);
  const { default: Handlebars } = await import('handlebars');

  const totals = { reused: [], fresh: [], raw: [] };
  for (const name of TEMPLATES) {
    const context = fixture(`${name}.yaml`);
    const options = { today: TODAY };
    const rawFill = rawTemplates(Handlebars, await render(name, context, options), context);
    const count = quick ? 500 : 3000;
    // A batch of different people: each call gets a context object it has not seen before.
    let contexts = [];
    let next = 0;
    const fresh = () => render(name, contexts[next++], options);
    const reused = () => render(name, context, options);
    const freshRound = async () => {
      contexts = Array.from({ length: count }, () => structuredClone(context));
      next = 0;
      return perMessage(fresh, count);
    };
    await perMessage(reused, count); // warm up the JIT
    await freshRound();
    await perMessage(rawFill, count);
    const samples = { reused: [], fresh: [], raw: [] };
    for (let round = 0; round < (quick ? 5 : 11); round++) {
      samples.reused.push(await perMessage(reused, count));
      samples.fresh.push(await freshRound());
      samples.raw.push(await perMessage(rawFill, count));
    }
    for (const key of Object.keys(totals)) totals[key].push(median(samples[key]));
    row(`warm: render() ${name}, fresh context`, totals.fresh.at(-1), 'µs', 'raw Handlebars', totals.raw.at(-1), atMost(3));
    row(`warm: render() ${name}, same context`, totals.reused.at(-1), 'µs', 'raw Handlebars', totals.raw.at(-1), atMost(3));
  }
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  row('warm: render(), six, fresh context', mean(totals.fresh), 'µs', 'raw Handlebars', mean(totals.raw), atMost(3));
  row('warm: render(), six, same context', mean(totals.reused), 'µs', 'raw Handlebars', mean(totals.raw), atMost(3));
  console.log(
    `${''.padEnd(40)}  = ${Math.round(1e6 / mean(totals.fresh)).toLocaleString('en-US')} messages a second on one core, fresh contexts`,
  );
}

// ---------------------------------------------------------------- sending
if (runs('send')) {
  const { send } = await import(pathToFileURL(join(subject, 'dist', 'lib', 'afterview.mjs')).href);
  if (typeof send !== 'function') {
    console.log('send: not yet measured (sending lands separately)');
  } else {
    const result = spawnSync(process.execPath, [join(here, 'send.mjs'), subject, quick ? '200' : '1000'], {
      cwd: root,
      env: childEnv,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`send bench failed: ${result.stderr}`);
    const { count, ours, raw } = JSON.parse(result.stdout);
    row(`send: ${count.toLocaleString('en-US')} messages, loopback SMTP`, ours, 's', 'pooled nodemailer', raw);
  }
}

// ---------------------------------------------------------------- the mailbox (IMAP)
if (runs('mail')) {
  // The figures use the TypeScript Dovecot harness of the tests: bundled here, run in a child.
  const { build } = await import('esbuild');
  // Beside the sources, so that its imports resolve from the project's node_modules.
  const out = join(here, `.mail-figures-${process.pid}.mjs`);
  await build({
    entryPoints: [join(here, 'mail-figures.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, [out, subject, quick ? '5' : '20'], { cwd: root, encoding: 'utf8' });
  rmSync(out, { force: true });
  if (result.status !== 0) throw new Error(`mail bench failed: ${result.stderr}`);
  const figures = JSON.parse(result.stdout);
  row('draft: a panel of 3 drafts, local Dovecot', figures.draftPanel * 1000, 'ms');
  row('draft: IMAP connections per run', figures.connectionsPerRun, 'connections');
  if (figures.settle !== undefined) {
    row('settle: 10 perhaps-delivered messages', figures.settle * 1000, 'ms');
    row('settle: IMAP connections per run', figures.settleConnections, 'connections');
  }
}

// ---------------------------------------------------------------- your own templates (bench/user-templates.mjs)
if (runs('user')) {
  const { benchUserTemplates } = await import('./user-templates.mjs');
  await benchUserTemplates({ subject, root, quick, childEnv, row, atMost, median, today: TODAY, fixture });
}

const missed = rows.filter((r) => r.target && !r.target.test(r.ours, r.ratio));
console.log(missed.length ? `\n${missed.length} target(s) missed.` : '\nEvery target met.');
