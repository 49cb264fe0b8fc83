// A floor for the cold-start figures of bench/run.mjs: the least a render does with afterview's
// required stack, and nothing of afterview. A bundle of handlebars' runtime and zod/mini (made
// as afterview's bundles are: one function expression, zod's other languages left out, compiled
// from a V8 code cache made by a separate `node`) that reads the context file, checks a context
// of eight fields against a zod/mini schema and fills one small precompiled template in strict
// mode, with one escaped value, then prints it. No dates through Intl, no YAML, no composed
// sentences: whatever afterview adds on top of this is its own cost.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import Handlebars from 'handlebars';

const ENTRY = (spec) => `
import Runtime from 'handlebars/runtime.js';
import * as z from 'zod/mini';
import { readFileSync } from 'node:fs';
const address = z.strictObject({ name: z.string().check(z.minLength(1)), email: z.email() });
const schema = z.strictObject({
  recipient: address,
  sender: address,
  company: z.string().check(z.minLength(1)),
  role: z.string().check(z.minLength(1)),
  tone: z.optional(z.enum(['warm', 'formal', 'brief'])),
  interview: z.strictObject({ date: z.iso.date(), topic: z.string() }),
});
const template = Runtime.create().template(${spec});
export function main(file) {
  const lines = readFileSync(file, 'utf8').split('\\n').length;
  const context = schema.parse({
    recipient: { name: 'Ana', email: 'ana@example.com' },
    sender: { name: 'Marty Hale-Evans', email: 'marty@example.com' },
    company: 'Acme & Co',
    role: 'Senior Platform Engineer',
    interview: { date: '2026-11-24', topic: 'moving CI to ephemeral runners' },
  });
  process.stdout.write(template({ ...context, lines }));
}
`;

const SOURCE =
  'Dear {{recipient.name}},\n\nThank you for the {{role}} interview at {{company}}: {{interview.topic}}.\n({{lines}} lines read)\n\n{{sender.name}}\n';

/** Writes the floor into `dir` and returns the arguments that run it with `node`. */
export async function makeStackFloor(dir, contextFile) {
  const entry = join(dir, 'entry.mjs');
  const bundle = join(dir, 'stack-floor.cjs');
  writeFileSync(entry, ENTRY(Handlebars.precompile(SOURCE, { strict: true, data: false })));
  await build({
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'error',
    nodePaths: [join(import.meta.dirname, '..', 'node_modules')],
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
    plugins: [
      {
        // As scripts/build.mjs does for afterview: zod's messages in 40 languages stay out.
        name: 'zod-without-locales',
        setup(b) {
          b.onResolve({ filter: /^\.\.?\/locales\/index\.js$/ }, (args) =>
            /[\\/]zod[\\/]/.test(args.importer) ? { path: args.path, namespace: 'empty' } : undefined,
          );
          b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
        },
      },
    ],
  });
  const runner = join(dir, 'stack-floor-run.cjs');
  writeFileSync(
    runner,
    `'use strict';
const fs = require('node:fs');
const vm = require('node:vm');
const file = ${JSON.stringify(bundle)};
let cachedData;
try { cachedData = fs.readFileSync(file + '.cache'); } catch {}
const script = new vm.Script(fs.readFileSync(file, 'latin1'), { filename: file, cachedData });
const bundled = { exports: {} };
script.runInThisContext()(bundled.exports, require, bundled, file, ${JSON.stringify(dir)});
bundled.exports.main(process.argv[2]);
if (process.argv[3] === '--save-cache') fs.writeFileSync(file + '.cache', script.createCachedData());
`,
  );
  // The cache, made by a plain node as afterview's build makes its own.
  const made = spawnSync(process.execPath, [runner, contextFile, '--save-cache'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`bench: the stack floor failed: ${made.stderr}`);
  return [runner, contextFile];
}
