// `npm run bench`: how fast afterview starts, renders and sends, each figure
// beside a baseline measured in the same run. Not part of `npm test`.
//
//   node bench/run.mjs [--quick] [--only cold,warm,batch,send]
//
// It measures the build in dist/ (`npm run bench` builds first). To measure
// another checkout's build against the same baselines (a before/after
// comparison), set AFTERVIEW_BENCH_ROOT to that checkout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const subject = process.env.AFTERVIEW_BENCH_ROOT ?? root;
const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? new Set(process.argv[onlyIndex + 1].split(',')) : undefined;
const runs = (name) => !only || only.has(name);

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
if (runs('cold')) {
  const home = mkdtempSync(join(tmpdir(), 'afterview-bench-home-'));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1' };
  delete env.AFTERVIEW_PROFILE;
  const bin = join(subject, 'bin', 'afterview.js');
  const thankYou = join(root, 'fixtures', 'thank-you.yaml');
  const commands = [
    { name: 'node -e 0', args: ['-e', '0'] },
    {
      name: 'cold: render thank-you --format text',
      args: [bin, 'render', 'thank-you', thankYou, '--today', TODAY, '--format', 'text'],
      target: atMost(1.6),
    },
    {
      name: 'cold: render thank-you --format html',
      args: [bin, 'render', 'thank-you', thankYou, '--today', TODAY, '--format', 'html'],
      target: atMost(1.6),
    },
    { name: 'cold: --help', args: [bin, '--help'], target: atMost(1.5) },
    { name: 'cold: list', args: [bin, 'list'], target: atMost(1.5) },
  ];
  for (const command of commands) {
    const result = spawnSync(process.execPath, command.args, { env, cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command.name} exited ${result.status}: ${result.stderr}`);
  }
  const rounds = quick ? 15 : 60;
  const times = commands.map(() => []);
  // Alternating, so that whatever else the machine does falls on every command alike.
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...commands.keys()].reverse() : [...commands.keys()];
    for (const i of order) {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, commands[i].args, { env, cwd: root, stdio: 'ignore' });
      times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const baseline = median(times[0]);
  for (const [i, command] of commands.entries()) {
    if (i > 0) row(command.name, median(times[i]), 'ms', 'node -e 0', baseline, command.target);
  }
  rmSync(home, { recursive: true, force: true });
}

// ---------------------------------------------------------------- batch
if (runs('batch')) {
  for (const mode of ['panel', 'batch']) {
    const result = spawnSync(process.execPath, [join(here, 'batch.mjs'), mode, subject, quick ? '2000' : '10000'], {
      cwd: root,
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

// ---------------------------------------------------------------- warm rendering
async function perMessage(fn, count) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e3 / count;
}

if (runs('warm')) {
  const { render } = await import(pathToFileURL(join(subject, 'dist', 'index.js')).href);
  // The internals afterview's own tests reach (src/internal.ts), not part of the package's API.
  const engine = await import(pathToFileURL(join(root, 'dist', 'internal.js')).href);
  const { messageView, templateDefinition, validateContext } = engine;
  const { default: Handlebars } = await import('handlebars');
  const { default: mjml2html } = await import('mjml');
  const dir = engine.builtInTemplatesDir;

  const totals = { ours: [], raw: [] };
  for (const name of TEMPLATES) {
    const context = fixture(`${name}.yaml`);
    const options = { today: TODAY };
    const message = await render(name, context, options);

    // The baseline: plain Handlebars (no strict mode, no validation, no view
    // building) filling the final HTML (MJML already compiled) and the text,
    // from a view built beforehand.
    const definition = templateDefinition(name);
    const [validated] = validateContext(definition, context, options);
    const { view } = messageView(definition, validated);
    const sources = await engine.readTemplateSources(name, dir, engine.compileMjml);
    const raw = Handlebars.create();
    for (const partial of engine.PARTIALS) raw.registerPartial(partial, sources.partials[`${partial}.html`]);
    const rawText = Handlebars.create();
    for (const partial of engine.PARTIALS) rawText.registerPartial(partial, sources.partials[`${partial}.txt`]);
    const html = raw.compile(sources.parts.html);
    const text = rawText.compile(sources.parts.text, { noEscape: true });
    const htmlView = { ...view, subject: message.subject };
    const rawFill = () => html(htmlView).length + text(view).length;

    // What afterview did before: Handlebars into MJML, then MJML, for every message.
    const mjml = raw.compile(await engine.mjmlSource(name, dir));
    const mjmlFill = async () => (await mjml2html(mjml(htmlView), { validationLevel: 'strict' })).html.length + text(view).length;

    const ours = () => render(name, context, options);
    const count = quick ? 500 : 3000;
    for (const fn of [ours, rawFill]) await perMessage(fn, count); // warm up the JIT
    const samples = { ours: [], raw: [], mjml: [] };
    for (let round = 0; round < (quick ? 5 : 11); round++) {
      samples.ours.push(await perMessage(ours, count));
      samples.raw.push(await perMessage(rawFill, count));
      if (round < 3) samples.mjml.push(await perMessage(mjmlFill, quick ? 5 : 20));
    }
    const ours_ = median(samples.ours);
    const raw_ = median(samples.raw);
    totals.ours.push(ours_);
    totals.raw.push(raw_);
    row(`warm: render() ${name}`, ours_, 'µs', 'raw Handlebars', raw_, atMost(3));
    row(`      (vs Handlebars then MJML)`, ours_, 'µs', 'Handlebars+MJML', median(samples.mjml));
  }
  const meanOurs = totals.ours.reduce((a, b) => a + b, 0) / totals.ours.length;
  const meanRaw = totals.raw.reduce((a, b) => a + b, 0) / totals.raw.length;
  row('warm: render(), mean of the six', meanOurs, 'µs', 'raw Handlebars', meanRaw, atMost(3));
  console.log(`${''.padEnd(40)}  = ${Math.round(1e6 / meanOurs).toLocaleString('en-US')} messages a second on one core`);
}

// ---------------------------------------------------------------- sending
if (runs('send')) {
  const { send } = await import(pathToFileURL(join(subject, 'dist', 'index.js')).href);
  if (typeof send !== 'function') {
    console.log('send: not yet measured (sending lands separately)');
  } else {
    const result = spawnSync(process.execPath, [join(here, 'send.mjs'), subject, quick ? '200' : '1000'], { cwd: root, encoding: 'utf8' });
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

const missed = rows.filter((r) => r.target && !r.target.test(r.ours, r.ratio));
console.log(missed.length ? `\n${missed.length} target(s) missed.` : '\nEvery target met.');
