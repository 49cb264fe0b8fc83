// `node bench/patches.mjs [ROUNDS]`: what each of the build's patches to other packages
// (scripts/build.mjs) saves. Builds the package once with every patch and once without each,
// in temporary copies, then times cold starts of all of them in one alternating run, with
// another process keeping one core busy for the second half. A patch stays only while this
// shows a saving (see scripts/build.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const rounds = Number(process.argv[2] ?? 40);
const names = [...readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8').matchAll(/name: '([a-z-]+)',\n\s+package:/g)].map((m) => m[1]);
const env = { ...process.env };
for (const name of ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'AFTERVIEW_PROFILE']) delete env[name];
const work = mkdtempSync(join(tmpdir(), 'afterview-patches-'));
// Run from a folder with no package.json above it, as from a home folder.
env.HOME = env.XDG_CONFIG_HOME = env.XDG_CACHE_HOME = work;

/** A copy of the built package, rebuilt without the patches named. */
function variant(label, without) {
  const dir = join(work, label);
  for (const part of ['package.json', 'bin', 'dist', 'scripts', 'templates'])
    cpSync(join(root, part), join(dir, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const built = spawnSync(process.execPath, [join(dir, 'scripts', 'build.mjs')], {
    env: { ...env, AFTERVIEW_BUILD_SKIP: without.join(','), npm_config_loglevel: 'silent' },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`building ${label} failed: ${built.stderr}`);
  return { label, bin: join(dir, 'bin', 'afterview.js') };
}

const variants = [variant('all patches', []), ...names.map((name) => variant(`without ${name}`, [name]))];
const fixture = join(root, 'fixtures', 'thank-you.yaml');
const commands = {
  '--help': ['--help'],
  list: ['list'],
  'render text': ['render', 'thank-you', fixture, '--today', '2026-11-25'],
};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
// CPU time of the children this process has waited for (Linux: /proc/self/stat, fields 16 and
// 17, in clock ticks of 10 ms): less disturbed by other work on the machine than wall time, and
// summed over many runs fine enough.
const childCpuMs = () => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
};
const cpu = new Map();
const time = (args, key) => {
  const before = childCpuMs();
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, args, { env, cwd: work, stdio: 'ignore' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  cpu.set(key, (cpu.get(key) ?? 0) + childCpuMs() - before);
  return wall;
};

function measure() {
  const times = new Map();
  cpu.clear();
  const add = (key, ms) => times.set(key, [...(times.get(key) ?? []), ms]);
  for (let round = 0; round < rounds; round++) {
    add('node -e 0', time(['-e', '0'], 'node -e 0'));
    const order = round % 2 ? [...variants].reverse() : variants;
    for (const { label, bin } of order)
      for (const [command, args] of Object.entries(commands)) add(`${label}|${command}`, time([bin, ...args], `${label}|${command}`));
  }
  const node = median(times.get('node -e 0'));
  console.log(`node -e 0: ${node.toFixed(1)} ms wall (median of ${rounds}), ${(cpu.get('node -e 0') / rounds).toFixed(1)} ms CPU (mean)`);
  console.log(['variant'.padEnd(38), ...Object.keys(commands).map((c) => c.padStart(44))].join(''));
  const base = Object.fromEntries(Object.keys(commands).map((c) => [c, median(times.get(`all patches|${c}`))]));
  for (const { label } of variants) {
    const cells = Object.keys(commands).map((command) => {
      const ms = median(times.get(`${label}|${command}`));
      const cpuMs = cpu.get(`${label}|${command}`) / rounds;
      const sign = (value) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
      const delta =
        label === 'all patches' ? '' : ` (${sign(ms - base[command])}, CPU ${sign(cpuMs - cpu.get(`all patches|${command}`) / rounds)})`;
      return `${ms.toFixed(1)} ms, CPU ${cpuMs.toFixed(1)}${delta}`.padStart(44);
    });
    console.log([label.padEnd(38), ...cells].join(''));
  }
}

console.log('quiet:');
measure();
console.log('\none core busy:');
const busy = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore', env });
try {
  measure();
} finally {
  busy.kill();
  rmSync(work, { recursive: true, force: true });
}
