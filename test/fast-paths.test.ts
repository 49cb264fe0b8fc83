import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import {
  builtInTemplatesDir,
  compileMjml,
  compileTemplate,
  fillTemplate,
  formatDayAndDate,
  formatLetterDate,
  formatList,
  formatLongDate,
  formatMoney,
  formatWeekday,
  fromGenerated,
  FIT_STEPS,
  generateTemplate,
  type CompiledTemplate,
  type GeneratedTemplate,
  loadCompiledTemplate,
  messageView,
  mjmlSource,
  normalizeLine,
  normalizeText,
  capitalise,
  clause,
  lastWord,
  phrase,
  phraseWithMark,
  plainTidyUp,
  punctuate,
  question,
  sentence,
  tidyEnd,
  tidySpaces,
  trimListEnd,
  precompiledEsModule,
  precompiledModules,
  templateDefinition,
  validateContext,
} from '../src/internal.js';
import { plainCompose } from './helpers/plain-compose.js';
import { characterCount } from '../src/render/short-message.js';
import { capitalisedCommonWord } from '../src/text/compose.js';
import { listTemplates, templateNames as registered, type TemplateName } from '../src/index.js';
import { TODAY, fixture } from './helpers/fixtures.js';
import { capture } from './helpers/cli.js';
import { contextFor } from './helpers/arbitraries.js';
import { contextsOf } from './helpers/tones.js';
import Handlebars from 'handlebars';
import { codegenRuntime } from '../src/render/codegen-runtime.js';
import { helperList, helperText, registerComposeHelpers } from '../src/text/helpers.js';
import { enterView } from '../src/text/root.js';
import { builtInHtmlOptions, builtInTextOptions, named } from '../src/render/parts.js';

// Only the built-in templates are registered in these tests.
const templateNames = registered as readonly TemplateName[];

/**
 * Each speed-up keeps a slower, simpler path beside it (templates compiled at
 * run time, Intl, the plain tidy-up, zod's own parser, the unbundled CLI).
 * These tests hold each fast path to the same output as its reference.
 */

/** Every fixture a template accepts, as [template, fixture file]. */
function fixturesFor(template: TemplateName): string[] {
  const files = [`${template}.yaml`, 'application.yaml', ...(template === 'thank-you' ? ['panel.yaml'] : [])];
  return files.filter((file) => {
    try {
      validateContext(templateDefinition(template), fixture(file), { today: TODAY });
      return true;
    } catch {
      return false;
    }
  });
}

describe('generated templates (the built-in templates compiled to JavaScript at build time)', () => {
  // Every kind of view a part sees: each tone, each phrasing of a panel, each step of fitting.
  const TONE_NAMES = ['warm', 'formal', 'brief'] as const;

  /** Each part filled from the view as it is for every fitting step, or the error it throws. */
  function fills(compiled: CompiledTemplate, view: Record<string, unknown>): unknown[] {
    const results: unknown[] = [];
    const attempt = (fill: () => string) => {
      try {
        results.push(fill());
      } catch (error) {
        // Handlebars shares one compiled block among identical ones, and so reports where the first
        // of them is for an error in any: where the error is may differ, never what it is.
        results.push(`throws ${(error as Error).message.replace(/ - \d+:\d+$/, ' - (line:column)')}`);
      }
    };
    for (const keep of FIT_STEPS) {
      attempt(() => compiled.subject({ ...view, keep }));
      attempt(() => compiled.message({ ...view, keep }));
    }
    attempt(() => compiled.text(view));
    attempt(() => compiled.html({ subject: 'The subject & more', ...view }));
    return results;
  }

  /** Both compiled forms of every built-in template: generated (as the build writes it) and by Handlebars at run time. */
  const both = (async () => {
    const generated = await loadModules(await writeModules());
    const pairs = new Map<TemplateName, { generated: CompiledTemplate; handlebars: CompiledTemplate }>();
    for (const template of templateNames) {
      pairs.set(template, {
        generated: fromGenerated(generated.get(`templates/${template}`)!, template),
        handlebars: await compileTemplate(template, builtInTemplatesDir()),
      });
    }
    return pairs;
  })();

  /** The views of a context in every tone, as the first to fourth person of a panel. */
  function viewsOf(template: TemplateName, context: Record<string, unknown>, today: string): Array<Record<string, unknown>> {
    const definition = templateDefinition(template);
    return TONE_NAMES.flatMap((tone) =>
      validateContext(definition, { ...context, tone }, { today }).flatMap((validated) =>
        [0, 1, 2, 3].map((index) => messageView(definition, validated, index).view as Record<string, unknown>),
      ),
    );
  }

  it('fill every part of every fixture and corpus context exactly as Handlebars does, in every tone, phrasing and fitting step', async () => {
    const pairs = await both;
    let compared = 0;
    for (const template of templateNames) {
      const { generated, handlebars } = pairs.get(template)!;
      const contexts = [...fixturesFor(template).map((file) => fixture(file)), ...contextsOf(template).map((one) => one.context)];
      for (const context of contexts) {
        for (const view of viewsOf(template, context, TODAY)) {
          expect(fills(generated, view), template).toEqual(fills(handlebars, view));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(templateNames.length * 12 * 3);
  });

  it('fill random contexts exactly as Handlebars does', async () => {
    const pairs = await both;
    for (const template of templateNames) {
      const { generated, handlebars } = pairs.get(template)!;
      fc.assert(
        fc.property(contextFor(template), ({ today, context }) => {
          for (const view of viewsOf(template, context, today)) expect(fills(generated, view)).toEqual(fills(handlebars, view));
        }),
        { numRuns: 15, seed: 15 },
      );
    }
  });

  it('treat any value in any field as Handlebars does: the same text, or the same error', async () => {
    const pairs = await both;
    // Values no validated context holds: markup, odd white space, other kinds, functions, inherited properties.
    const odd = fc.oneof(
      fc.constantFrom('', ' ', '<b>&amp;</b>', 'a  b ,', '\t\r\n', 'x\u00a0', '{{role}}', 'constructor', '__proto__'),
      fc.string(),
      fc.constantFrom(0, 1, -1.5, Number.NaN, true, false, null, undefined, [], ['a', 'b'], [1, 'x'], {}, { toString: 'x' }),
      fc.constantFrom(
        () => 'from a function',
        Object.create({ inherited: 'from a prototype' }),
        { toHTML: () => '<i>safe</i>' },
        new Map([['a', 'b']]),
        new Set(['one', 'two']),
      ),
    );
    for (const template of templateNames) {
      const { generated, handlebars } = pairs.get(template)!;
      const [base] = viewsOf(template, fixture(fixturesFor(template)[0]!), TODAY);
      const paths = leafPaths(base!);
      fc.assert(
        fc.property(fc.constantFrom(...paths), odd, fc.constantFrom(...TONE_NAMES), (path, value, tone) => {
          const view = withValue({ ...base!, tone }, path, value);
          expect(fills(generated, view), path.join('.')).toEqual(fills(handlebars, view));
        }),
        { numRuns: 60, seed: 15 },
      );
    }
  });

  it('are what the build wrote to dist/generated/, which the built package and CLI load (run `npm run build` after changing a template)', async () => {
    const built = new URL('../dist/generated/', import.meta.url);
    const modules = await precompiledModules();
    expect(modules.map((module) => module.name).sort()).toEqual(templateNames.map((name) => `templates/${name}`).sort());
    for (const module of modules) {
      expect(readFileSync(new URL(`${module.name}.js`, built), 'utf8'), module.name).toBe(precompiledEsModule(module));
      // The bundles' form of the same code (the loader in bin/afterview.js reads it as latin1, so it must be ASCII).
      const script = readFileSync(new URL(`${module.name}.cjs`, built), 'latin1');
      expect(script, module.name).toMatch(/^[\x00-\x7f]*$/);
      const exports: { template?: GeneratedTemplate } = {};
      (runInThisContext(script) as (exports: object) => void)(exports);
      const name = module.name.slice('templates/'.length) as TemplateName;
      const fromScript = fromGenerated(exports.template!, name);
      const fromModule = fromGenerated((await import(new URL(`${module.name}.js`, built).href)).template, name);
      const [view] = viewsOf(name, fixture(fixturesFor(name)[0]!), TODAY);
      expect(fills(fromScript, view!), module.name).toEqual(fills(fromModule, view!));
    }
    expect(JSON.parse(readFileSync(new URL('catalog.json', built), 'utf8'))).toEqual(listTemplates());
  });

  it('keep strict mode: a field the view lacks fails, naming the file, as Handlebars words it', async () => {
    const { generated, handlebars } = (await both).get('thank-you')!;
    expect(() => fillTemplate(generated, {})).toThrow(/thank-you\/subject\.hbs: "role" not defined in \[object Object\] - 1:\d+/);
    expect(fills(generated, {})).toEqual(fills(handlebars, {}));
  });

  it('refuse at build time what they cannot compile, saying where and what', () => {
    const generate = (source: string) =>
      generateTemplate(Handlebars, [{ part: 'text', file: 'x/text.hbs', flavour: 'text', source }], {
        text: new Map([['greeting', { file: 'partials/greeting.txt.hbs', source: 'Dear {{name}}' }]]),
        html: new Map(),
      });
    expect(generate('Dear {{phrase name ","}}{{#each items}} {{this}}{{/each}}{{> greeting}}')).toContain('function (v)');
    expect(() => generate('{{@index}}')).toThrow(/x\/text\.hbs:1:2: @index needs data frames/);
    expect(() => generate('{{#each items}}{{../name}}{{/each}}')).toThrow(/reaches a parent context/);
    expect(() => generate('{{#tone "loud"}}x{{/tone}}')).toThrow(/takes the tones warm, formal, brief, not "loud"/);
    expect(() => generate('{{#variant 5}}x{{/variant}}')).toThrow(/phrasing numbers from 1 to 4/);
    expect(() => generate('{{phrase name "-"}}')).toThrow(/punctuation after the value/);
    expect(() => generate('{{shout name}}')).toThrow(/\{\{shout\}\} is not a helper/);
    expect(() => generate('{{> missing}}')).toThrow(/no partial called missing/);
    expect(() => generate('{{phrase (sentence name)}}')).toThrow(/SubExpression is not supported/);
    expect(() => generate('{{#each items}}{{> greeting}}{{/each}}')).toThrow(/a partial inside \{\{#each\}\} is not supported/);
  });

  it('fill each construct they accept as Handlebars does, for values of every kind, and say where a missing value is', () => {
    const sources = [
      'Dear {{phrase name ","}} {{sentence fit}} {{question ask}} {{capital role}} met {{clause when}} ok',
      '{{#each items}}[{{phrase this}}]{{else}}EMPTY{{/each}}',
      '{{#if n includeZero=1}}yes{{else}}no{{/if}} {{#unless n}}none{{/unless}} {{#if a}}A{{else if b}}B{{else}}C{{/if}}',
      '{{list items}} / {{list items "." or=true}}',
      '{{#tone "brief"}}short{{else tone "formal"}}formal {{name}}{{else}}warm{{/tone}} {{#variant 1}}one{{else variant 2 3}}two{{else}}four{{/variant}}',
      '  {{> greeting}}\n{{name}}\n{{{name}}}',
    ];
    const partial = 'Dear {{name}},\nwith {{phrase role}}\n';
    const reference = Handlebars.create();
    registerComposeHelpers(reference);
    // As the templates compiled from their files register them: errors inside name the partial's file.
    reference.registerPartial('greeting', named(reference.compile(partial, builtInTextOptions), 'partials/greeting.txt.hbs'));
    const referenceHtml = Handlebars.create();
    registerComposeHelpers(referenceHtml);
    referenceHtml.registerPartial('greeting', named(referenceHtml.compile(partial, builtInHtmlOptions), 'partials/greeting.html.hbs'));
    const pairs = sources.flatMap((source) =>
      (['text', 'html'] as const).map((flavour) => {
        const code = generateTemplate(Handlebars, [{ part: 'text', file: 'x', flavour, source }], {
          text: new Map([['greeting', { file: 'partials/greeting.txt.hbs', source: partial }]]),
          html: new Map([['greeting', { file: 'partials/greeting.html.hbs', source: partial }]]),
        });
        const generated = (new Function(`return ${code};`)() as GeneratedTemplate)(codegenRuntime).text!;
        const handlebars = (flavour === 'text' ? reference : referenceHtml).compile(
          source,
          flavour === 'text' ? builtInTextOptions : builtInHtmlOptions,
        );
        return { source, generated, handlebars };
      }),
    );
    const outcome = (fill: (view: object) => string, view: object) => {
      const outer = enterView(view);
      try {
        return fill(view);
      } catch (error) {
        return `throws ${(error as Error).message.replace(/ - \d+:\d+$/, '')}`;
      } finally {
        enterView(outer);
      }
    };
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('', ' a  b .', '<&>"\'`=', 'x\ny', 0, 1, -0, Number.NaN, true, false, null, undefined),
      fc.constantFrom(
        [],
        ['a', 'b.'],
        ['x'],
        new Array(2),
        [0, 'x'],
        {},
        { a: 1 },
        new Set(['s']),
        () => 0,
        () => () => 0,
      ),
      fc.constantFrom({ valueOf: () => '<b>', toString: () => 'plain' }, { toHTML: () => '<i>' }, Object.create({ name: 'inherited' })),
    );
    const view = fc.record(
      {
        name: value,
        fit: value,
        ask: value,
        role: value,
        when: value,
        items: value,
        n: value,
        a: value,
        b: value,
        tone: fc.constantFrom('warm', 'formal', 'brief', undefined),
        phrasing: fc.constantFrom(1, 2, 3, 4, undefined),
        locale: fc.constantFrom('en-US', 'en-GB', undefined),
      },
      { requiredKeys: ['tone', 'phrasing'] },
    );
    fc.assert(
      fc.property(view, (one) => {
        for (const { source, generated, handlebars } of pairs) {
          expect(outcome(generated, one), source).toEqual(outcome(handlebars, one));
        }
      }),
      { numRuns: 400, seed: 15 },
    );
    // Where a missing value is: the generated code names the expression's own line and column.
    const [missing] = pairs.filter(({ source }) => source.startsWith('  {{> greeting}}'));
    expect(() => missing!.generated({})).toThrow(/^partials\/greeting\.txt\.hbs: "name" not defined in \[object Object\] - 1:7$/);
  });
});

/** Every path to a value in a view, objects followed (the fields a template may read). */
function leafPaths(value: Record<string, unknown>, prefix: string[] = []): string[][] {
  return Object.entries(value).flatMap(([key, item]) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? [[...prefix, key], ...leafPaths(item as Record<string, unknown>, [...prefix, key])]
      : [[...prefix, key]],
  );
}

/** The view with the value at `path` replaced, copying the objects on the way. */
function withValue(view: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  const copy = { ...view };
  copy[key!] = rest.length === 0 ? value : withValue((view[key!] ?? {}) as Record<string, unknown>, rest, value);
  return copy;
}

/** The build's generated modules, written as ES modules to a temporary folder. */
async function writeModules(): Promise<Array<{ name: string; file: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'afterview-precompiled-'));
  mkdirSync(join(dir, 'templates'));
  return (await precompiledModules()).map((module) => {
    const file = join(dir, `${module.name}.js`);
    writeFileSync(file, precompiledEsModule(module));
    return { name: module.name, file };
  });
}

async function loadModules(files: Array<{ name: string; file: string }>): Promise<Map<string, GeneratedTemplate>> {
  const modules = new Map<string, GeneratedTemplate>();
  for (const { name, file } of files)
    modules.set(name, ((await import(pathToFileURL(file).href)) as { template: GeneratedTemplate }).template);
  return modules;
}

describe('MJML compiled at run time', () => {
  it('is cached on disk under $XDG_CACHE_HOME/afterview, keyed by its content', async () => {
    const previous = process.env.XDG_CACHE_HOME;
    const cache = mkdtempSync(join(tmpdir(), 'afterview-cache-'));
    process.env.XDG_CACHE_HOME = cache;
    try {
      // A user's template folder: a copy of the built-in one.
      const copy = (change?: string) => {
        const dir = mkdtempSync(join(tmpdir(), 'afterview-templates-'));
        cpSync(fileURLToPath(builtInTemplatesDir()), dir, { recursive: true });
        if (change) writeFileSync(join(dir, 'withdrawal', 'body.mjml'), change);
        return pathToFileURL(`${dir}/`);
      };
      const cached = () => readdirSync(join(cache, 'afterview')).filter((name) => name.endsWith('.html'));
      const dir = copy();
      await loadCompiledTemplate('withdrawal', dir);
      expect(cached()).toHaveLength(1);
      const [file] = cached();
      expect(readFileSync(join(cache, 'afterview', file!), 'utf8')).toBe(
        await compileMjml(await mjmlSource('withdrawal', dir), 'withdrawal'),
      );
      // The same template in another folder: compiled from the cache, not again.
      await loadCompiledTemplate('withdrawal', copy());
      expect(cached()).toEqual([file]);

      await loadCompiledTemplate('withdrawal', copy('<mj-section><mj-column><mj-text>{{company}}</mj-text></mj-column></mj-section>'));
      expect(cached()).toHaveLength(2);
    } finally {
      if (previous === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previous;
    }
  });
});

describe('en-US written out rather than asked of Intl', () => {
  const intl = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });

  it('formats every day from 1999 to 2041 as Intl does', () => {
    const long = intl({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    const letter = intl({ dateStyle: 'long' });
    const dayAndDate = intl({ weekday: 'long', month: 'long', day: 'numeric' });
    const weekday = intl({ weekday: 'long' });
    const wrong: string[] = [];
    for (let time = Date.UTC(1999, 0, 1); time <= Date.UTC(2041, 11, 31); time += 86_400_000) {
      const date = new Date(time);
      const iso = date.toISOString().slice(0, 10);
      if (formatLongDate(iso, 'en-US') !== long.format(date)) wrong.push(`long ${iso}`);
      if (formatLetterDate(iso, 'en-US') !== letter.format(date)) wrong.push(`letter ${iso}`);
      if (formatDayAndDate(iso, 'en-US') !== dayAndDate.format(date)) wrong.push(`dayAndDate ${iso}`);
      if (formatWeekday(iso, 'en-US') !== weekday.format(date)) wrong.push(`weekday ${iso}`);
    }
    expect(wrong).toEqual([]);
  });

  it('joins lists and writes dollars as Intl does', () => {
    for (const type of ['conjunction', 'disjunction'] as const) {
      const list = new Intl.ListFormat('en-US', { style: 'long', type });
      for (let length = 0; length <= 6; length++) {
        const items = Array.from({ length }, (_, i) => `item ${i}, with a comma`);
        expect(formatList(items, 'en-US', type)).toBe(list.format(items));
      }
    }
    const dollars = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    for (const amount of [0, 1, 12, 999, 1000, 1001, 99_999, 165_000, 1_000_000, 123_456_789, 1e12, 165_000.5, 0.4]) {
      expect(formatMoney(amount, 'USD', 'en-US')).toBe(dollars.format(amount));
    }
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 1e12 }), fc.maxSafeNat()), (amount) => {
        expect(formatMoney(amount, 'USD', 'en-US')).toBe(dollars.format(amount));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('the tidy-up of rendered text', () => {
  const text = fc.string({
    unit: fc.constantFrom(
      ...[' ', '\t', '\n', '\r', 'a', 'B', '.', ',', ')', '?', ';', ':', '!', '\u00a0', '\u2028', '\u2029', '\u202f'],
      ...['\u3000', '\ufeff', '\v', '\f', '\u0085', '\u200b', 'é', '😀'],
    ),
    maxLength: 24,
  });

  it('gives what the plain line-by-line tidy-up gives', () => {
    fc.assert(
      fc.property(text, (value) => normalizeText(value) === plainTidyUp.text(value)),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(text, (value) => normalizeLine(value) === plainTidyUp.line(value)),
      { numRuns: 20_000 },
    );
  });

  it('cuts runs of blank lines in tidy text as the plain tidy-up does (runs at the start, the end, side by side)', () => {
    // Mostly tidy lines, so that the searches for runs of line breaks do the work, not the patterns.
    const lines = fc.string({
      unit: fc.constantFrom('a', 'Bc d', 'é.', '😀', '\n', '\n\n', '\n\n\n', '\n\n\n\n\n', ' ', '\u00a0'),
      maxLength: 24,
    });
    fc.assert(
      fc.property(lines, (value) => normalizeText(value) === plainTidyUp.text(value)),
      { numRuns: 20_000 },
    );
  });
});

describe('compose results kept for one message (codegen-runtime.ts)', () => {
  const { compose } = codegenRuntime;
  // Values alike in text but not in identity, alike in identity across views, and of other kinds.
  const texts = ['Acme Inc.', 'acme inc', 'the budget .', 'Kōbe Seiki K.K.', 'really?.', '', 'A, B', 'a  b ', '😀 ok'];
  const value = fc.oneof(
    fc.constantFrom(...texts),
    fc.constantFrom(...texts).map((text) => text.split('').join('')),
    fc.constantFrom(0, 12, null, undefined, false),
  );
  const item = fc.oneof(fc.constantFrom(...texts), fc.constantFrom(1, null));
  // A few lists often, so that calls meet the same items with another mark, kind or locale.
  const list = fc.oneof(
    fc.constantFrom(['Acme Inc.', 'b'], ['Acme Inc.', 'b', 'c'], ['Acme Inc.'], []),
    fc.array(fc.constantFrom(...texts), { maxLength: 4 }),
    fc.array(item, { maxLength: 4 }),
    // With a hole.
    fc.array(fc.constantFrom(...texts), { minLength: 2, maxLength: 3 }).map((items) => {
      const holed = [...items];
      delete holed[1];
      return holed;
    }),
  );
  // Two views, one mostly (a message makes many calls on its view), whose locale may also change between calls.
  const views = [{ locale: 'en-US' }, { locale: 'en-US' }];
  const locale = fc.oneof({ arbitrary: fc.constant('en-US'), weight: 6 }, fc.constantFrom('en-GB', 'fr-FR'));
  const view = fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, fc.constant(1));
  const call = fc.oneof(
    fc.record({
      kind: fc.constantFrom('sentence', 'question', 'capital', 'clause', 'phrase'),
      value,
      view,
      locale,
    }),
    fc.record({ kind: fc.constant('phraseWithMark'), value, mark: fc.constantFrom('', '.', ','), view, locale }),
    fc.record({ kind: fc.constant('list'), value: list, mark: fc.constantFrom('', '.'), or: fc.boolean(), view, locale }),
  );
  const plain: Record<string, (text: string) => string> = { sentence, question, capital: capitalise, clause, phrase };
  const outcome = (fn: () => string): string => {
    try {
      return fn();
    } catch (error) {
      return `error: ${(error as Error).message}`;
    }
  };

  it('give what composing each value afresh gives, in any order of calls and views', () => {
    fc.assert(
      fc.property(fc.array(call, { maxLength: 40 }), (calls) => {
        for (const one of calls) {
          const view = views[one.view]!;
          view.locale = one.locale;
          const { kind, value: given } = one as { kind: string; value: unknown };
          if (one.kind === 'list') {
            expect(outcome(() => compose.list(given, view, one.mark, one.or))).toBe(
              outcome(() => helperList(given, view, one.mark, one.or)),
            );
          } else if (one.kind === 'phraseWithMark') {
            expect(outcome(() => compose.phraseWithMark(given, one.mark, view))).toBe(
              outcome(() => phraseWithMark(helperText(given, 'phrase'), one.mark)),
            );
          } else {
            const kept = compose[kind as 'phrase'];
            expect(outcome(() => kept(given, view))).toBe(outcome(() => plain[kind]!(helperText(given, kind))));
          }
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('compose again past the most they keep for one message', () => {
    const view = { locale: 'en-GB' };
    const many = Array.from({ length: 150 }, (_, i) => `item ${i}.`);
    for (let round = 0; round < 2; round++) {
      for (const text of many) expect(compose.phrase(text, view)).toBe(phrase(text));
      for (const text of many) expect(compose.list([text, 'b'], view, '.', false)).toBe(helperList([text, 'b'], view, '.', false));
    }
  });
});

describe('counting the characters of a short message', () => {
  // Surrogates at both ends of either range, paired and alone, among letters inside and outside Latin-1.
  const unit = fc.constantFrom('a', ' ', '\n', 'é', '–', '’', '日', '😀', '𝒳', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00');

  it('counts code points, as spreading the text into characters does', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 12 }), { maxLength: 6 }), (pieces) => {
        // Joined piece by piece, as a rendered part is, and once more as one flat string.
        let joined = '';
        for (const piece of pieces) joined += piece;
        const flat = pieces.join('');
        expect(characterCount(joined)).toBe([...flat].length);
        expect(characterCount(flat)).toBe([...flat].length);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("the compose rules' scans of typed values", () => {
  // Every kind of white space \s matches, and characters that look like it but are not (U+180E, U+200B, U+0085);
  // the marks and closers the rules look at; letters inside and outside ASCII and beyond the BMP.
  const unit = fc.constantFrom(
    ...[
      ' ',
      '  ',
      '\t',
      '\n',
      '\r',
      '\v',
      '\f',
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u200a',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
      '\ufeff',
    ],
    ...['\u180e', '\u200b', '\u0085', '.', '.', ',', ';', ':', '!', '?', '…', '"', "'", '’', '”', '»', ')', ']', '(', '-'],
    ...['a', 'Z', '7', 'é', 'Ω', 'ß', 'ǅ', '日', '٣', '𝒳', '😀', '\ud835', '\udcb3', 'Inc', 'K.K', 'e.g', 'co', 'iOS', 'the'],
    ...['The', 'I', 'Documenting', 'Ébauche', 'Ω', 'Spring', 'Training'],
  );
  const text = fc.string({ unit, maxLength: 16 });

  it('give what the plain regular expressions give', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(tidySpaces(value)).toBe(plainCompose.tidySpaces(value));
        expect(tidyEnd(value)).toBe(plainCompose.tidyEnd(value));
        expect(lastWord(value)).toBe(plainCompose.lastWord(value));
        expect(trimListEnd(value)).toBe(plainCompose.listItem(value));
        expect(phrase(value)).toBe(plainCompose.phrase(value));
        expect(clause(value)).toBe(plainCompose.clause(value));
        expect(capitalise(value)).toBe(plainCompose.capitalise(value));
        expect(sentence(value)).toBe(plainCompose.sentence(value));
        expect(question(value)).toBe(plainCompose.question(value));
        expect(capitalisedCommonWord(value)).toBe(plainCompose.capitalisedCommonWord(value));
        for (const mark of ['', '.', ',', ';', ':', '?', '!']) {
          expect(punctuate(value, mark)).toBe(plainCompose.punctuate(value, mark));
          expect(phraseWithMark(value, mark)).toBe(plainCompose.phraseWithMark(value, mark));
        }
      }),
      { numRuns: 8_000 },
    );
    // Thousands of runs of every rule: slow on a loaded machine, and no timing is being tested.
  }, 120_000);
});

describe('validation', () => {
  it('reports the same on the first use and later ones (zod compiles its parser after the first)', () => {
    for (const template of templateNames) {
      const definition = templateDefinition(template);
      const context = fixture(`${template}.yaml`);
      const broken = { ...context, company: '', sender: { ...context.sender, emial: 'x' } };
      const results = [0, 1, 2].map(() => validateContext(definition, context, { today: TODAY }));
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
      const failures = [0, 1, 2].map(() => {
        try {
          validateContext(definition, broken, { today: TODAY });
          return undefined;
        } catch (error) {
          return error;
        }
      });
      expect(failures[0]).toBeDefined();
      expect(failures[1]).toEqual(failures[0]);
      expect(failures[2]).toEqual(failures[0]);
    }
  });
});

const bundle = fileURLToPath(new URL('../dist/cli/afterview.cjs', import.meta.url));

describe.skipIf(!existsSync(bundle))('the bundled CLI (dist/cli/afterview.cjs; `npm run build` makes it)', () => {
  const home = mkdtempSync(join(tmpdir(), 'afterview-home-'));
  const env = { HOME: home, XDG_CONFIG_HOME: home, NO_COLOR: '1' };

  it('prints what the CLI in src/ prints, for every command', async () => {
    const { loadBundle } = createRequire(import.meta.url)('../bin/afterview.js') as { loadBundle: () => { run: typeof run } };
    const bundled = loadBundle();
    const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
    const runs = [
      ['--help'],
      ['render', '--help'],
      ['send', '--help'],
      ['list'],
      ['list', '--json'],
      ['list', '--nope'],
      ['rendr'],
      ['render'],
      ['render', 'thank-you', '--format'],
      ['init', 'counteroffer'],
      ['schema', 'thank-you'],
    ];
    for (const template of templateNames) {
      for (const format of ['text', 'html', 'message', 'json'])
        runs.push(['render', template, `${fixtures}${template}.yaml`, '--today', TODAY, '--format', format]);
    }
    runs.push(['render', 'thank-you', `${fixtures}panel.yaml`, '--today', TODAY, '--format', 'json']);
    runs.push(['validate', 'offer-review', `${fixtures}application.yaml`, '--today', TODAY]);
    runs.push(['render', 'counteroffer', `${fixtures}thank-you.yaml`, '--today', TODAY]);
    for (const args of runs) {
      expect({ args, ...(await capture(bundled.run, args, env)) }).toEqual({ args, ...(await capture(run, args, env)) });
    }
  });
});

const renderBundle = fileURLToPath(new URL('../dist/cli-render/afterview.cjs', import.meta.url));

describe.skipIf(!existsSync(renderBundle))("the everyday render's own bundle (dist/cli-render/; `npm run build` makes it)", () => {
  type Run = (args: string[], io: CliIO) => Promise<number> | undefined;
  const loader = createRequire(import.meta.url)('../bin/bundle-loader.js') as { load: (name: string) => Record<string, Run> };
  const everyday = loader.load('render').runEverydayRender!;
  const whole = loader.load('cli').run!;
  const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

  /** As capture(), an .eml's MIME boundaries (random in each run) made alike. */
  async function captureAlike(runner: Run, args: string[], env: NodeJS.ProcessEnv) {
    const captured = await capture(runner, args, env);
    return captured && { ...captured, out: captured.out.replace(/_NmP-[0-9a-f]+-Part_/g, '_NmP-…-Part_') };
  }

  it('prints what the whole CLI prints, for every template, format and mistake', async () => {
    const home = mkdtempSync(join(tmpdir(), 'afterview-home-'));
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), NO_COLOR: '1' };
    const broken = join(home, 'broken.yaml');
    writeFileSync(broken, 'company: "Acme\nrole: [Engineer\n');
    const runs: string[][] = [];
    for (const template of templateNames) {
      for (const format of ['text', 'html', 'message', 'json', 'eml'])
        runs.push(['render', template, `${fixtures}${template}.yaml`, '--today', TODAY, '--format', format]);
    }
    runs.push(
      ['render', 'thank-you', `${fixtures}panel.yaml`, '--today', TODAY],
      ['render', 'thank-you', `${fixtures}panel.yaml`, '--today', TODAY, '--format', 'html'],
      ['render', 'thank-you', `${fixtures}thank-you.yaml`, '--today', '2026-01-02'],
      ['render', 'counteroffer', `${fixtures}thank-you.yaml`, '--today', TODAY],
      ['render', 'nonesuch', `${fixtures}thank-you.yaml`],
      ['render', 'thank-you', join(home, 'missing.yaml')],
      ['render', 'thank-you', broken],
      ['render', 'thank-you', `${fixtures}thank-you.yaml`, '--today', 'tomorrow'],
      ['render', 'offer-review', `${fixtures}application.yaml`, '--today', TODAY],
    );
    for (const args of runs) {
      const ours = await captureAlike(everyday, args, env);
      expect({ args, ...ours }).toEqual({ args, ...(await captureAlike(whole, args, env)) });
    }
    // A template folder of the user's own (which the everyday render reads too).
    const folder = join(home, 'config', 'afterview', 'templates', 'thank-you');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'subject.hbs'), 'Thanks again, {{recipient.name}}');
    const args = ['render', 'thank-you', `${fixtures}thank-you.yaml`, '--today', TODAY];
    const own = await captureAlike(everyday, args, env);
    expect(own?.out).toContain('Thanks again, Ana');
    expect(own).toEqual(await captureAlike(whole, args, env));
  });

  it('leaves every other form to the whole CLI, doing nothing', async () => {
    const env = { HOME: mkdtempSync(join(tmpdir(), 'afterview-home-')), NO_COLOR: '1' };
    const file = `${fixtures}thank-you.yaml`;
    for (const args of [
      ['render', 'thank-you', file, '--copy'],
      ['render', 'thank-you', file, '--set', 'company=Acme'],
      ['render', 'thank-you', file, '--format=html'],
      ['render', 'thank-you', file, '--format', 'pdf'],
      ['render', 'thank-you', '--today', '2026-11-25'],
      ['render', 'thank-you'],
      ['render', '--help'],
      ['validate', 'thank-you', file],
    ]) {
      expect(await captureAlike(everyday, args, env), args.join(' ')).toBeUndefined();
    }
  });
});

const generatedModule = new URL('../dist/render/generated.js', import.meta.url);

describe.skipIf(!existsSync(generatedModule))('generated templates (dist/render/generated.js; `npm run build` makes them)', () => {
  type LoadGenerated = (name: string) => Promise<GeneratedTemplate | undefined>;
  const load = async () => ((await import(generatedModule.href)) as { loadGenerated: LoadGenerated }).loadGenerated;

  it('load one template at a time: its own four parts, partials written in', async () => {
    const loadGenerated = await load();
    const parts = (await loadGenerated('templates/counteroffer'))!(codegenRuntime);
    expect(Object.keys(parts).sort()).toEqual(['html', 'message', 'subject', 'text']);
    expect(await loadGenerated('partials'), 'no module of partials').toBeUndefined();
  });

  it('reach no file but the ones the build wrote, whatever the name', async () => {
    const loadGenerated = await load();
    for (const name of [
      'templates/nonesuch',
      'templates/../templates/thank-you',
      '../render/generated',
      'templates/Thank-You',
      'templates/',
      'catalog',
    ]) {
      expect(await loadGenerated(name), name).toBeUndefined();
    }
  });
});
