// Proof for speed work on rendering: another build renders every message byte for byte as this one does.
//
//   node bench/same-output.mjs OTHER_ROOT [--fuzz N]
//
// Both builds (this checkout's dist/ and OTHER_ROOT's dist/, e.g. a copy of main's build taken
// before the change) render every built-in template for every context there is — the template's
// example.yaml, test/corpus/<template>.*.yaml, fixtures/<template>.yaml, fixtures/panel.yaml and
// fixtures/application.yaml — in each tone (none, warm, formal, brief), for both short-message
// limits and two days, each person of a panel on their own. Then --fuzz N (default 40) variants of
// each context, whose text values are retyped with the spacing, punctuation, capitals and
// characters that the compose rules handle (a seeded generator: the same cases on every run).
// Every part is compared: subject, text, html, message, warnings; or the error's code and message.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const other = process.argv[2];
if (!other) {
  console.error('usage: node bench/same-output.mjs OTHER_ROOT [--fuzz N]');
  process.exit(2);
}
const fuzzIndex = process.argv.indexOf('--fuzz');
const fuzzCount = fuzzIndex > 0 ? Number(process.argv[fuzzIndex + 1]) : 40;

const load = (dir) => import(pathToFileURL(join(dir, 'dist', 'lib', 'afterview.mjs')).href);
const ours = await load(root);
const theirs = await load(other);

const readYaml = (path) => parse(readFileSync(path, 'utf8'));
const templatesDir = join(root, 'templates');
const templates = readdirSync(templatesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(join(templatesDir, entry.name)).includes('example.yaml'))
  .map((entry) => entry.name)
  .sort();
const corpus = readdirSync(join(root, 'test', 'corpus')).filter((file) => file.endsWith('.yaml'));

function contextsOf(template) {
  const list = [{ name: `${template}/example.yaml`, context: readYaml(join(templatesDir, template, 'example.yaml')) }];
  for (const file of corpus.filter((file) => file.startsWith(`${template}.`)).sort()) {
    list.push({ name: `corpus/${file}`, context: readYaml(join(root, 'test', 'corpus', file)) });
  }
  for (const file of [`${template}.yaml`, 'application.yaml', ...(template === 'thank-you' ? ['panel.yaml'] : [])]) {
    try {
      list.push({ name: `fixtures/${file}`, context: readYaml(join(root, 'fixtures', file)) });
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
  return list;
}

async function outcome(library, template, context, options) {
  try {
    const messages = await library.renderContext(template, structuredClone(context), options);
    return messages.map(({ subject, text, html, message, warnings }) => ({ subject, text, html, message, warnings }));
  } catch (error) {
    return { error: `${error.code ?? error.name}: ${error.message}` };
  }
}

// A small seeded generator (mulberry32), so that a failure can be rerun.
let seed = 0x5eed15;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];

const ENDINGS = [
  '.',
  '..',
  '...',
  '…',
  '?',
  '?.',
  '!',
  '!!',
  ',',
  ';',
  ':',
  '.,',
  ' .',
  ' ?',
  '."',
  '.)',
  '?”',
  ' Inc.',
  ' K.K.',
  ' e.g.',
  ' Co.,',
  '  ',
  '\t',
  '\n',
  ' \n ',
  '',
];
const STARTS = ['', ' ', '  ', '\t', '"', '(', '¿', 'i ', 'the ', 'A ', 'Documenting ', 'iOS ', 'éclair ', 'Ünal '];
const INSIDE = [
  '  ',
  ' \t ',
  '\n',
  ' , ',
  ' . ',
  ' ! ',
  ', ',
  '; ',
  '’',
  "'",
  '-',
  ' — ',
  ' 日本語 ',
  ' 𝒳 ',
  ' Ş ',
  ' ß ',
  ' Dr. ',
  ' U.S. ',
  '...',
  ' … ',
  '(',
  ')',
  '\r\n',
];
const CASES = [(s) => s, (s) => s.toLowerCase(), (s) => s.toUpperCase(), (s) => s.charAt(0).toLowerCase() + s.slice(1)];

function retype(text) {
  let value = text;
  if (random() < 0.3) value = pick(CASES)(value);
  if (random() < 0.3) {
    const at = Math.floor(random() * (value.length + 1));
    value = value.slice(0, at) + pick(INSIDE) + value.slice(at);
  }
  if (random() < 0.25) value = pick(STARTS) + value;
  if (random() < 0.6) value = value + pick(ENDINGS);
  return value;
}

// Fields whose value is not free text: changed, they would only make both builds refuse the context alike.
const KEEP = new Set([
  'email',
  'date',
  'tone',
  'locale',
  'currency',
  'receivedOn',
  'startDate',
  'respondBy',
  'lastDay',
  'phone',
  'linkedin',
  'holidays',
]);

function mutate(value, key) {
  if (typeof value === 'string') return KEEP.has(key) || /^\d{4}-\d\d-\d\d$/.test(value) || random() < 0.4 ? value : retype(value);
  if (Array.isArray(value)) return value.map((item) => mutate(item, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mutate(v, k)]));
  return value;
}

let cases = 0;
let differences = 0;
async function compare(label, template, context, options) {
  cases++;
  const a = JSON.stringify(await outcome(ours, template, context, options));
  const b = JSON.stringify(await outcome(theirs, template, context, options));
  if (a === b) return;
  differences++;
  if (differences <= 5) {
    let at = 0;
    while (a[at] === b[at]) at++;
    console.log(
      `DIFFERENT: ${label}\n  this build:  …${a.slice(Math.max(0, at - 80), at + 120)}\n  other build: …${b.slice(Math.max(0, at - 80), at + 120)}`,
    );
  }
}

for (const template of templates) {
  for (const { name, context } of contextsOf(template)) {
    for (const tone of [undefined, 'warm', 'formal', 'brief']) {
      const toned = tone === undefined ? context : { ...context, tone };
      for (const messageLimit of [200, 300]) {
        for (const today of ['2026-11-25', '2027-02-10']) {
          await compare(`${template} ${name} tone=${tone} limit=${messageLimit} today=${today}`, template, toned, { today, messageLimit });
        }
      }
      for (let i = 0; i < fuzzCount; i++) {
        const variant = mutate(toned);
        await compare(`${template} ${name} tone=${tone} fuzz ${JSON.stringify(variant)}`, template, variant, {
          today: '2026-11-25',
          messageLimit: random() < 0.5 ? 200 : 300,
        });
      }
    }
  }
}
console.log(`${cases} cases, ${differences} different`);
process.exitCode = differences ? 1 : 0;
