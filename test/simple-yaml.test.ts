import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseSimpleYaml } from '../src/context/simple-yaml.js';
import { parseContext } from '../src/context/load.js';
import { runBin } from './helpers/spawn.js';

/**
 * The quick reader of plain block YAML must give exactly what the full parser
 * (the yaml package) gives, or leave the document to it: never other data,
 * never data for a document the full parser refuses.
 */

const ERROR = Symbol('error');

/** What the full parser makes of a document, as the context reader takes it (one document, no errors or warnings). */
function reference(text: string): unknown {
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(documents) || documents.length !== 1) return ERROR;
  const [document] = documents;
  if (document!.errors.length > 0 || document!.warnings.length > 0) return ERROR;
  return document!.toJS();
}

function expectAgreement(text: string): 'quick' | 'full' {
  const quick = parseSimpleYaml(text);
  if (quick === undefined) return 'full';
  const full = reference(text);
  expect(full, `the full parser refuses what the quick reader read: ${JSON.stringify(text)}`).not.toBe(ERROR);
  expect(quick.data, JSON.stringify(text)).toStrictEqual(full);
  return 'quick';
}

const root = new URL('..', import.meta.url);
const yamlFiles = (folder: string) =>
  readdirSync(new URL(folder, root))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => `${folder}${name}`);
const examples = readdirSync(new URL('templates/', root), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'partials' && entry.name !== 'layouts')
  .map((entry) => `templates/${entry.name}/example.yaml`);
const realFiles = [...yamlFiles('test/corpus/'), ...yamlFiles('fixtures/'), ...examples, 'templates/application.yaml'];

describe('the quick YAML reader', () => {
  it.each(realFiles)('reads %s exactly as the full parser does', (file) => {
    const text = readFileSync(new URL(file, root), 'utf8');
    expectAgreement(text);
  });

  it('reads the fixtures, the examples and nearly every corpus file itself (the point of having it)', () => {
    const readQuickly = realFiles.filter((file) => parseSimpleYaml(readFileSync(new URL(file, root), 'utf8')) !== undefined);
    expect(readQuickly.length).toBeGreaterThanOrEqual(Math.ceil(realFiles.length * 0.9));
    for (const file of ['fixtures/thank-you.yaml', 'templates/thank-you/example.yaml', 'templates/counteroffer/example.yaml']) {
      expect(readQuickly).toContain(file);
    }
  });

  // Values chosen to sit on the edges of YAML's plain style: numbers and words the core schema
  // resolves, colons, hashes, quotes, dashes, spaces, other scripts.
  const tricky = fc.constantFrom(
    'Acme Inc.',
    'true',
    'False',
    'null',
    '~',
    'NULL',
    'yes',
    'on',
    '0',
    '007',
    '165000',
    '-12',
    '+5',
    '1e3',
    '1e-3',
    '-1.5E+10',
    '+.inf',
    '-.Inf',
    '1-2',
    '3+4',
    '0x1e-5',
    '5.',
    '.5',
    '0x1F',
    '0o17',
    '.inf',
    '.NaN',
    '12345678901234567890',
    '2026-11-24',
    '10:30',
    'a: b',
    'ends with:',
    'C# developer',
    'issue #42',
    'x #y',
    '#hash',
    '- dash',
    '-dash',
    "it's",
    'say "hi"',
    '"quoted"',
    '"quoted"#no space',
    '"quoted" # a comment',
    "'single'",
    "'single'#no space",
    'back\\slash',
    'Zoë Ångström',
    'Müller & Söhne GmbH',
    '田中 太郎',
    'Ольга',
    '@handle',
    '%percent',
    '`tick`',
    '[bracket]',
    '{brace}',
    '*star',
    '&amp',
    '!bang',
    '|pipe',
    '>fold',
    '?question',
    ',comma',
    'a, b',
    'trailing space ',
    ' leading space',
    '',
  );
  const word = fc.oneof(
    tricky,
    fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', ':', '#', '-', "'", '"', '\\', 'é', '.', ',', '\t'), maxLength: 12 }),
  );
  const key = fc.oneof(
    fc.constantFrom(
      'company',
      'role',
      'recipient',
      'name',
      'email',
      'alsoDiscussed',
      'base',
      'sign-as',
      'x_1',
      '__proto__',
      'true',
      'True',
      'null',
      'Null',
      '1',
      'a b',
      'key:',
    ),
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/),
  );
  type Node = string | number | boolean | null | Node[] | { [key: string]: Node };
  const { node } = fc.letrec<{ node: Node }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      word,
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    ),
  }));
  const style = fc.record({
    indent: fc.integer({ min: 1, max: 4 }),
    listAtKeyIndent: fc.boolean(),
    quote: fc.constantFrom('plain', 'single', 'double', 'mixed'),
    comments: fc.boolean(),
    blankLines: fc.boolean(),
    flowLists: fc.boolean(),
  });
  type Style = typeof style extends fc.Arbitrary<infer S> ? S : never;

  function scalarText(value: string | number | boolean | null, style: Style, seed: number): string {
    if (typeof value !== 'string') return String(value);
    const quote = style.quote === 'mixed' ? (['plain', 'single', 'double'] as const)[seed % 3]! : style.quote;
    if (quote === 'single') return `'${value.replaceAll("'", "''")}'`;
    if (quote === 'double') return JSON.stringify(value);
    return value;
  }

  /** Writes a value as block YAML, however the style says; not always valid YAML, on purpose. */
  function write(value: Node, style: Style, depth = 0): string[] {
    const pad = ' '.repeat(depth * style.indent);
    const lines: string[] = [];
    let seed = depth;
    const comment = () => (style.comments && seed++ % 3 === 0 ? ' # note' : '');
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item !== null && typeof item === 'object') {
          const inner = write(item, style, depth + 1);
          if (inner.length === 0) lines.push(`${pad}- ${Array.isArray(item) ? '[]' : '{}'}`);
          else lines.push(`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
        } else lines.push(`${pad}- ${scalarText(item, style, seed++)}${comment()}`);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [k, item] of Object.entries(value)) {
        if (style.blankLines && seed++ % 4 === 0) lines.push('');
        if (style.comments && seed % 5 === 0) lines.push(`${pad}# about ${k}`);
        const flat = Array.isArray(item) && item.every((entry) => entry === null || typeof entry !== 'object');
        if (style.flowLists && flat) {
          lines.push(
            `${pad}${k}: [${(item as Array<string | number | boolean | null>).map((entry) => scalarText(entry, style, seed++)).join(', ')}]${comment()}`,
          );
        } else if (item !== null && typeof item === 'object') {
          lines.push(`${pad}${k}:${comment()}`);
          const inner = Array.isArray(item) && style.listAtKeyIndent ? write(item, style, depth) : write(item, style, depth + 1);
          lines.push(...inner);
        } else lines.push(`${pad}${k}: ${scalarText(item, style, seed++)}${comment()}`);
      }
    } else lines.push(`${pad}${scalarText(value, style, seed)}`);
    return lines;
  }

  it('gives what the full parser gives for generated documents, or leaves them to it', () => {
    let quick = 0;
    fc.assert(
      fc.property(fc.dictionary(key, node, { minKeys: 1, maxKeys: 6 }), style, (document, how) => {
        if (expectAgreement(`${write(document, how).join('\n')}\n`) === 'quick') quick += 1;
      }),
      { numRuns: 1500, seed: 20261129 },
    );
    // The generator writes plain documents often enough that the quick reader is really exercised.
    expect(quick).toBeGreaterThan(150);
  });

  it('never reads a document the full parser refuses, or reads it otherwise, after random damage', () => {
    const damage = fc.constantFrom(
      '\t',
      ':',
      ': ',
      '#',
      ' #',
      '"',
      "'",
      '-',
      '- ',
      ' ',
      '  ',
      '\n',
      '\n  ',
      '{',
      '[',
      '&a ',
      '*a',
      '|',
      '>',
      '\\',
      '\r',
      '\u00a0',
      '---\n',
    );
    fc.assert(
      fc.property(
        fc.dictionary(key, node, { minKeys: 1, maxKeys: 5 }),
        style,
        fc.array(fc.tuple(fc.nat(), damage), { minLength: 1, maxLength: 3 }),
        (document, how, edits) => {
          let text = `${write(document, how).join('\n')}\n`;
          for (const [at, piece] of edits) {
            const position = at % (text.length + 1);
            text = text.slice(0, position) + piece + text.slice(position);
          }
          expectAgreement(text);
        },
      ),
      { numRuns: 2500, seed: 11292026 },
    );
  });

  it('places a problem in a quickly read file on the line it was written, as the full parser does', () => {
    const source = parseContext('company: Acme\nrole: Engineer\nrecipient:\n  name: Ana\n  email: nope\n', 'ctx.yaml');
    expect(source.locate(['recipient', 'email'])).toBe('ctx.yaml:5');
    expect(source.locate(['role'])).toBe('ctx.yaml:2');
  });
});

// The built command loads the yaml package, a script of its own, only when a file needs it (scripts/build.mjs, yamlVendored):
// what the quick reader leaves to it must still be read, and its problems placed, from a fresh process.
describe('the built command, for files the quick reader leaves to the yaml package', () => {
  const fixture = readFileSync(new URL('fixtures/thank-you.yaml', root), 'utf8');
  const folder = mkdtempSync(join(tmpdir(), 'afterview-yaml-'));
  const write = (name: string, text: string) => {
    const file = join(folder, name);
    writeFileSync(file, text);
    return file;
  };

  it('reads an anchor, an alias and a folded block value as the yaml package does, and places a problem', async () => {
    const folded = fixture
      .replace(/^fit: .*$/m, 'fit: >\n  My four years building CI\n  match what your team needs.')
      .replace(/^company: (.*)$/m, 'company: &employer $1');
    const valid = write('folded.yaml', folded);
    expect(parseSimpleYaml(folded)).toBeUndefined();
    const rendered = await runBin(['render', 'thank-you', valid, '--today', '2026-11-25']);
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toContain('My four years building CI match what your team needs.');
    const text = `${folded}x-employer: *employer\n`;
    const unknown = write('alias.yaml', text);
    const refused = await runBin(['render', 'thank-you', unknown, '--today', '2026-11-25']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`alias.yaml:${text.split('\n').length - 1}: x-employer: is not a field afterview knows`);
  });

  it('places a syntax error on its line and column', async () => {
    const file = write('broken.yaml', 'company: Acme\nrole: "Engineer\nrecipient:\n  name: Ana\n');
    const result = await runBin(['render', 'thank-you', file, '--today', '2026-11-25']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('broken.yaml:2:7: this " quote is never closed');
  });
});
