// `afterview due` over many application files: the time the command takes and
// its peak memory, as a user would run it (the built binary, cold). Run by
// `npm run bench` (the "due" row) or alone:
//
//   node bench/due.mjs [ROOT] [COUNT]
//   → {"count", "items", "first": {seconds, peakRssMiB}, "cached": {seconds, peakRssMiB}}
//
// The first run parses every file; the later ones find them unchanged in the
// cache (`$XDG_CACHE_HOME/afterview/applications.json`), as a user's next run would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
const count = Number(process.argv[3] ?? 1000);
const journey = join(fileURLToPath(new URL('..', import.meta.url)), 'fixtures', 'journey');
const sources = readdirSync(journey)
  .filter((name) => name !== 'broken.yaml')
  .map((name) => readFileSync(join(journey, name), 'utf8'));

// A folder of `count` applications at every stage: the journey's files, each copy its own company.
const folder = mkdtempSync(join(tmpdir(), 'afterview-bench-due-'));
for (let i = 0; i < count; i++) {
  const source = sources[i % sources.length].replace(/^company: (.*)$/m, `company: $1 ${i}`);
  writeFileSync(join(folder, `application-${String(i).padStart(5, '0')}.yaml`), source);
}
const home = mkdtempSync(join(tmpdir(), 'afterview-bench-due-home-'));
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_STATE_HOME: join(home, 'state'),
  XDG_CACHE_HOME: join(home, 'cache'),
  NO_COLOR: '1',
};
delete env.AFTERVIEW_PROFILE;

const runs = [];
for (let round = 0; round < 5; round++) {
  const start = process.hrtime.bigint();
  // GNU time reports the peak resident set size (%M, in KiB) of the command it runs.
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, join(root, 'bin', 'afterview.js'), 'due', folder, '--today', '2026-11-25', '--json'],
    {
      env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`due exited ${result.status}: ${result.stderr}`);
  const peakKiB = Number(result.stderr.trim().split('\n').at(-1));
  runs.push({ seconds, peakRssMiB: peakKiB / 1024, items: JSON.parse(result.stdout).items.length });
}
rmSync(folder, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });
const [first, ...cached] = runs;
cached.sort((a, b) => a.seconds - b.seconds);
const median = cached[cached.length >> 1];
const figures = ({ seconds, peakRssMiB }) => ({ seconds, peakRssMiB });
console.log(JSON.stringify({ count, items: first.items, first: figures(first), cached: figures(median) }));
