'use strict';
// For the build (scripts/build.mjs), run by a plain `node` (V8 accepts a cache only from the
// same V8 with the same flags):
// 1. renders one message through the library bundle, a thank-you note (the commonest start:
//    import the library, render one message), and saves the bundle's code cache
//    (dist/lib/afterview.cjs.cache), which so holds what that compiles and no more;
// 2. renders every built-in template's example in every tone, and saves each precompiled
//    template's own cache (dist/generated/**/*.cjs.cache), which holds each tone's blocks.
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const { makeCodeCache } = require('../bin/bundle-loader.js');

const templates = path.join(__dirname, '..', 'templates');
const TONES = [undefined, 'warm', 'formal', 'brief'];
const TODAY = '2026-11-25';
const example = (name) => path.join(templates, name, 'example.yaml');
let renders = 0;
makeCodeCache(
  'lib',
  async (library) => {
    await library.render('thank-you', parse(fs.readFileSync(example('thank-you'), 'utf8')), { today: TODAY });
  },
  {
    generated: async (library) => {
      for (const name of fs.readdirSync(templates)) {
        if (!fs.existsSync(example(name))) continue;
        const context = parse(fs.readFileSync(example(name), 'utf8'));
        for (const tone of TONES) {
          await library.render(name, tone ? { ...context, tone } : context, { today: TODAY });
          renders++;
        }
        library.checkContext(name, context, { today: TODAY });
      }
    },
  },
).then(
  ({ file, generated }) =>
    console.log(
      `${path.relative(process.cwd(), file)}: 1 render, ${(fs.statSync(file).size / 1024).toFixed(0)} KiB; ` +
        `code caches for ${generated.length} generated templates (${renders} renders)`,
    ),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
