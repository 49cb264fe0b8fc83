'use strict';
// For the build (scripts/build.mjs): renders every built-in template's example in every
// tone through the library bundle, so that its code cache holds what rendering compiles,
// then saves the cache (dist/lib/afterview.cjs.cache) and each precompiled template's own
// (dist/generated/**/*.cjs.cache). A plain `node` runs it: V8 accepts a
// cache only from the same V8 with the same flags.
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const { makeCodeCache } = require('../bin/bundle-loader.js');

const templates = path.join(__dirname, '..', 'templates');
const TONES = [undefined, 'warm', 'formal', 'brief'];
let renders = 0;
makeCodeCache(
  'lib',
  async (library) => {
    for (const name of fs.readdirSync(templates)) {
      const example = path.join(templates, name, 'example.yaml');
      if (!fs.existsSync(example)) continue;
      const context = parse(fs.readFileSync(example, 'utf8'));
      // Every tone, so that the template's own cache (dist/generated/templates/NAME.cjs.cache) holds each tone's blocks.
      for (const tone of TONES) {
        await library.render(name, tone ? { ...context, tone } : context, { today: '2026-11-25' });
        renders++;
      }
      library.checkContext(name, context, { today: '2026-11-25' });
    }
  },
  { generated: true },
).then(
  ({ file, generated }) =>
    console.log(
      `${path.relative(process.cwd(), file)}: ${renders} renders, ${(fs.statSync(file).size / 1024).toFixed(0)} KiB; ` +
        `code caches for ${generated.length} generated templates`,
    ),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
