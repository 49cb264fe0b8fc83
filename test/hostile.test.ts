import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AfterviewError } from '../src/errors.js';
import { renderContext } from '../src/render/render.js';
import { templateNames as registered, type TemplateName } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { TODAY, fixture, fixturePath } from './helpers/fixtures.js';
import { runBin, type SpawnResult } from './helpers/spawn.js';

// Only the built-in templates are registered in these tests.
const templateNames = registered as readonly TemplateName[];

/**
 * Issue 5, part 1: whatever arrives, afterview produces a correct message or
 * refuses with a clear error, with no crash, hang, stack trace or effect
 * beyond the message. The binary runs under a 512 MB heap for every input
 * here that could cost time or memory.
 */

const scratchDir = mkdtempSync(join(tmpdir(), 'afterview-hostile-'));

function scratch(name: string, content: string | Buffer): string {
  const path = join(scratchDir, name);
  writeFileSync(path, content);
  return path;
}

const thankYouYaml = readFileSync(fixturePath('thank-you.yaml'), 'utf8');

/** The thank-you fixture with one top-level line replaced (or added). */
function thankYouWith(line: string): string {
  const key = line.slice(0, line.indexOf(':'));
  const lines = thankYouYaml.split('\n').filter((l) => !l.startsWith(`${key}:`));
  return `${lines.join('\n')}\n${line}\n`;
}

/** What every refusal shares: the code, nothing on standard output, no crash, no hang, no file written. */
function expectRefusal(result: SpawnResult, code: number, message: string): void {
  expect(result.timedOut, 'timed out').toBe(false);
  expect(result.signal).toBeNull();
  expect(result.stderr).toContain(message);
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expectNoCrash(result);
}

function expectNoCrash(result: SpawnResult): void {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/internal error|FATAL ERROR|heap out of memory|RangeError|TypeError/);
  expect(result.leftBehind).toEqual([]);
}

/**
 * The same command in this process, for cases where what matters is the
 * message rather than time or memory, and where a prototype polluted by the
 * command would show in this process.
 */
async function runHere(args: string[]): Promise<SpawnResult> {
  const result = await runCli(args);
  return { ...result, signal: null, timedOut: false, stdinBytes: 0, leftBehind: [] };
}

/** Runs under the 512 MB binary when `binary` is set, else in this process. */
function runEither(binary: boolean, args: string[]): Promise<SpawnResult> {
  return binary ? runBin(args) : runHere(args);
}

function expectNoPollution(): void {
  for (const key of ['polluted', 'title', 'company', 'x']) expect(Object.prototype).not.toHaveProperty(key);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

function nested(depth: number, open: string, close: string, inner = '1'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

describe('hostile files and streams, through the binary under a 512 MB heap', () => {
  const laughs = scratch(
    'laughs.yaml',
    [
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...'bcdefghi'.split('').map((name, i) => {
        const previous = 'abcdefghi'[i]!;
        return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`;
      }),
    ].join('\n'),
  );
  // Each anchor holds the one before it inside ten more levels: shallow as text, deep once expanded.
  const aliasDepth = scratch(
    'alias-depth.yaml',
    ['a0: &a0 1', ...Array.from({ length: 5 }, (_, i) => `a${i + 1}: &a${i + 1} ${nested(10, '[', ']', `*a${i}`)}`)].join('\n'),
  );
  const kib = 1024;
  const cases: Array<[string, string[], number, string]> = [
    ['a "billion laughs" alias bomb', [laughs], 1, `${laughs}: its YAML aliases (*name) expand to far more than a context holds`],
    [
      'nesting 10,000 flow lists deep',
      [scratch('deep-flow.yaml', `company: ${nested(10_000, '[', ']')}\n`)],
      1,
      'deep-flow.yaml:1: the lists and mappings here are nested more than 32 levels deep, far more than a context needs',
    ],
    [
      'JSON nested 10,000 objects deep',
      [scratch('deep.json', nested(10_000, '{"a":', '}'))],
      1,
      'deep.json:1: the lists and mappings here are nested more than 32 levels deep',
    ],
    [
      'block mappings nested 40 levels deep',
      [scratch('deep-block.yaml', Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n')],
      1,
      'deep-block.yaml:33: the lists and mappings here are nested more than 32 levels deep',
    ],
    ['aliases that nest 50 levels deep once expanded', [aliasDepth], 1, 'are nested more than 32 levels deep through YAML aliases'],
    [
      'an alias inside its own anchor',
      [scratch('circular.yaml', 'sender: &s\n  name: Ana\n  self: *s\n')],
      1,
      'circular.yaml:3: sender.self contains itself (a YAML alias inside its own anchor); a context cannot be circular.',
    ],
    [
      'a binary file',
      [scratch('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))],
      1,
      'photo.png is not a text file (it contains NUL bytes); give a YAML or JSON context, saved as UTF-8.',
    ],
    [
      'a UTF-16 file',
      [scratch('utf16.yaml', Buffer.from(`\ufeff${thankYouYaml}`, 'utf16le'))],
      1,
      'utf16.yaml is not a text file (it contains NUL bytes)',
    ],
    [
      'a Latin-1 file',
      [scratch('latin1.yaml', Buffer.from(thankYouWith('company: Société Générale'), 'latin1'))],
      1,
      'latin1.yaml is not UTF-8 text; give a YAML or JSON context, saved as UTF-8.',
    ],
    ['an empty file', [scratch('empty.yaml', '')], 1, "empty.yaml is empty; it should hold the context's fields."],
    [
      'a file of comments',
      [scratch('comments.yaml', '# company: Acme\n\n# role: Engineer\n')],
      1,
      "comments.yaml is empty; it should hold the context's fields.",
    ],
    ['a folder', [scratchDir], 1, `${scratchDir} is a folder; give the context file inside it.`],
    [
      'JSON that is an array',
      [scratch('array.json', '[{"company": "Acme"}]')],
      1,
      'array.json must hold a mapping of fields (such as "company: Acme Corp"), not a list.',
    ],
    ['JSON that is null', [scratch('null.json', 'null')], 1, "null.json is empty; it should hold the context's fields."],
    [
      'JSON that is a string',
      [scratch('string.json', '"Acme Corp"')],
      1,
      'string.json must hold a mapping of fields (such as "company: Acme Corp"), not a single string.',
    ],
    ['a missing file', [join(scratchDir, 'missing.yaml')], 1, `The context file ${join(scratchDir, 'missing.yaml')} does not exist.`],
    [
      'a file over the size limit',
      [scratch('huge.yaml', `company: ${'a'.repeat(300 * kib)}\n`)],
      1,
      'huge.yaml is 301 KiB; a context may be at most 256 KiB. Is it the right file?',
    ],
    [
      'a mapping of 5,000 keys',
      [scratch('keys.yaml', Array.from({ length: 5000 }, (_, i) => `k${i}: 1`).join('\n'))],
      1,
      'keys.yaml:1: this mapping has 5000 entries; a context needs far fewer (at most 1000 in one list or mapping). Is it the right file?',
    ],
    [
      'a list of 100,000 items',
      [scratch('items.json', `{"holidays": [${Array(100_000).fill('1').join(',')}]}`)],
      1,
      'items.json:1: this list has 100000 entries',
    ],
    [
      'a key given twice',
      [scratch('twice.yaml', `${thankYouYaml}company: Other Corp\n`)],
      1,
      'twice.yaml:21:1: "company" is given twice in the same mapping; keep one\nFix the YAML syntax there',
    ],
    ['two YAML documents', [scratch('two.yaml', `${thankYouYaml}---\n${thankYouYaml}`)], 1, 'two.yaml:'],
    [
      'a YAML 1.1 timestamp',
      [scratch('yaml11.yaml', `%YAML 1.1\n---\n${thankYouYaml}`)],
      1,
      'yaml11.yaml:16: interview.date is a YAML 1.1 timestamp, which a context cannot hold; write plain text, numbers, lists and mappings (dates as "2026-11-24", with no %YAML 1.1 line).',
    ],
    [
      'binary data in a field',
      [scratch('binary-field.yaml', thankYouWith('company: !!binary QWNtZQ=='))],
      1,
      'company is binary data (!!binary), which a context cannot hold',
    ],
  ];
  if (existsSync('/dev/zero')) {
    cases.push([
      'a device that never ends (/dev/zero)',
      ['/dev/zero'],
      1,
      '/dev/zero is larger than 256 KiB, the most a context may be; is it the right input?',
    ]);
  }

  it.concurrent.each(cases)('refuses %s', async (_name, files, code, message) => {
    const result = await runBin(['render', 'thank-you', ...files, '--today', TODAY]);
    expectRefusal(result, code, message);
  });

  it.concurrent('stops reading standard input that never ends at the size limit, and says so', async () => {
    const result = await runBin(['render', 'thank-you', '-', '--today', TODAY], { stdin: 'endless' });
    expectRefusal(result, 1, 'afterview: standard input is larger than 256 KiB, the most a context may be; is it the right input?');
    expect(result.stdinBytes).toBeGreaterThan(256 * kib);
  });

  it.concurrent('refuses binary and empty standard input', async () => {
    const [binary, empty] = await Promise.all([
      runBin(['validate', 'thank-you', '-', '--today', TODAY], { stdin: '\u0000\u0001\u0002' }),
      runBin(['validate', 'thank-you', '-', '--today', TODAY], { stdin: '' }),
    ]);
    expectRefusal(binary, 1, 'afterview: standard input is not a text file (it contains NUL bytes)');
    expectRefusal(empty, 1, "afterview: standard input is empty; it should hold the context's fields.");
  });

  it.concurrent('applies the same limits to a profile', async () => {
    const profiles = [laughs, ...(existsSync('/dev/zero') ? ['/dev/zero'] : [])];
    const results = await Promise.all(
      profiles.map((profile) => runBin(['render', 'thank-you', fixturePath('thank-you.yaml'), '--profile', profile, '--today', TODAY])),
    );
    expectRefusal(results[0]!, 1, 'its YAML aliases (*name) expand to far more than a context holds');
    if (results[1]) expectRefusal(results[1], 1, '/dev/zero is larger than 256 KiB');
  });
});

describe('hostile values, through the binary under a 512 MB heap', () => {
  const thankYou = fixturePath('thank-you.yaml');
  const huge = 'A'.repeat(100 * 1024);

  it.concurrent('refuses a 100 kB company name, from a file or --set, and shows only its start', async () => {
    const fromFile = scratch('long-company.yaml', thankYouWith(`company: ${huge}`));
    const [file, set] = await Promise.all([
      runBin(['render', 'thank-you', fromFile, '--today', TODAY]),
      runBin([
        'render',
        'thank-you',
        thankYou,
        '--set',
        `company=${huge}`,
        '--set',
        `fit=${huge}`,
        '--set',
        `interview.topic=${huge}`,
        '--today',
        TODAY,
      ]),
    ]);
    const shown = `"${'A'.repeat(40)}…"`;
    expectRefusal(file, 1, `long-company.yaml:21: company: ${shown} is too long for one line (300 characters at most); shorten it`);
    expectRefusal(set, 1, 'The context does not fit the thank-you template (3 problems):');
    expect(set.stderr).toContain(`--set company: ${shown} is too long for one line (300 characters at most)`);
    expect(set.stderr).toContain(`--set interview.topic: ${shown} is too long for one line`);
    expect(set.stderr).toContain(`--set fit: ${shown} is too long (600 characters at most); a sentence or two is enough`);
    expect(file.stderr.length + set.stderr.length).toBeLessThan(2000);
  });

  it('prints template syntax in a value as text, and never runs it', async () => {
    const result = await runHere([
      'render',
      'thank-you',
      thankYou,
      '--format',
      'json',
      '--today',
      TODAY,
      '--set',
      'company={{#each this}}X{{/each}}',
      '--set',
      'role={{> signature}} {{{sender.email}}}',
      '--set',
      'recipient.addressAs={{recipient.name}}',
      '--set',
      'interview.topic={{lookup this "constructor"}}',
    ]);
    expect(result.code).toBe(0);
    expectNoCrash(result);
    const [message] = JSON.parse(result.stdout) as Array<Record<string, string>>;
    expect(message!.subject).toBe('Thank you – {{> signature}} {{{sender.email}}} interview');
    expect(message!.text).toContain('Dear {{recipient.name}},');
    expect(message!.text).toContain('about the {{> signature}} {{{sender.email}}} role at {{#each this}}X{{/each}}.');
    expect(message!.text).toContain('our conversation about {{lookup this "constructor"}}.');
    expect(message!.message).toMatch(/^Hi \{\{recipient\.name\}\}, /);
    expect(message!.html).toContain('role at {{#each this}}X{{/each}}.');
    expect(message!.html).toContain('{{lookup this &quot;constructor&quot;}}');
    expect(message!.html).not.toContain('{{> signature}}');
    expect(message!.html).toContain('{{&gt; signature}}');
  });

  it.concurrent('escapes <script> and every HTML special character in HTML, and keeps them as typed in text', async () => {
    const hostile = `<script>alert("x")</script> & 'Sons'`;
    const args = [
      'render',
      'thank-you',
      thankYou,
      '--today',
      TODAY,
      '--set',
      `company=${hostile}`,
      '--set',
      `recipient.addressAs=<img src=x onerror=alert(1)>`,
    ];
    const [html, text] = await Promise.all([runBin([...args, '--format', 'html']), runHere(args)]);
    expect(html.code).toBe(0);
    expectNoCrash(html);
    expect(html.stdout).not.toContain('<script>');
    expect(html.stdout).not.toContain('<img');
    expect(html.stdout).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Sons&#x27;');
    expect(html.stdout).toMatch(/<p[^>]*>Dear &lt;img src&#x3D;x onerror&#x3D;alert\(1\)&gt;,<\/p>/);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`role at ${hostile}.`);
    expect(text.stdout).toContain('Dear <img src=x onerror=alert(1)>,');
    expect(text.stdout).not.toMatch(/&(amp|lt|gt|quot|#x?[0-9a-f]+);/i);
  });

  // Every field that reaches a header of the .eml: From (sender), To (recipient), Subject (role, or the sender's name).
  const injection = '\r\nBcc: victim@example.com';
  const headerFields: Array<[string, string]> = [
    ['sender.name', 'must be a single line (no line breaks)'],
    ['sender.email', 'must be an email address such as name@example.com'],
    ['recipient.name', 'must be a single line (no line breaks)'],
    ['recipient.email', 'must be an email address such as name@example.com'],
    ['recipient.addressAs', 'must be a single line (no line breaks)'],
    ['role', 'must be a single line (no line breaks)'],
    ['company', 'must be a single line (no line breaks)'],
  ];
  // Two templates through the binary: a subject made from the role, and one made from the sender's name.
  it.concurrent.each(templateNames)('refuses CR/LF in every field of a %s message that reaches a header', async (template) => {
    const sets = headerFields.flatMap(([field]) => [
      '--set',
      `${field}=${field.endsWith('email') ? 'ana@example.com' : 'Ana'}${injection}`,
    ]);
    const result = await runEither(template === 'thank-you' || template === 'resignation', [
      'render',
      template,
      fixturePath(`${template}.yaml`),
      '--format',
      'eml',
      '--today',
      TODAY,
      ...sets,
    ]);
    expectRefusal(result, 1, `The context does not fit the ${template} template (${headerFields.length} problems):`);
    for (const [field, message] of headerFields) {
      const value = JSON.stringify(`${field.endsWith('email') ? 'ana@example.com' : 'Ana'}${injection}`);
      expect(result.stderr).toContain(`  - --set ${field}: ${value} ${message}\n`);
    }
    expect(result.stderr).not.toContain('\nBcc:');
  });

  it.concurrent('refuses a bare CR, a Unicode line separator, control characters and escape sequences from a file', async () => {
    const file = scratch(
      'controls.yaml',
      thankYouYaml
        .replace('name: Ana Ruiz', 'name: "Ana\\rRuiz"')
        .replace('company: Acme Corp', 'company: "Acme\\u2028Corp"')
        .replace('role: Senior Platform Engineer', 'role: "Senior\\e]0;pwned\\aEngineer"')
        .replace('name: Marty Hale-Evans', 'name: "Marty\\0Hale"')
        .replace('  phone: "+1 555 0100"', '  phone: "+1\\x85555"'),
    );
    const result = await runBin(['render', 'thank-you', file, '--format', 'eml', '--today', TODAY]);
    expectRefusal(result, 1, 'The context does not fit the thank-you template (5 problems):');
    expect(result.stderr).toContain('controls.yaml:7: recipient.name: "Ana\\rRuiz" must be a single line (no line breaks)');
    expect(result.stderr).toContain('controls.yaml:11: company: "Acme\\u2028Corp" must be a single line (no line breaks)');
    expect(result.stderr).toContain(
      'controls.yaml:12: role: "Senior\\u001b]0;pwned\\u0007Engineer" must not contain control characters (such as an escape or NUL); retype it as plain text',
    );
    expect(result.stderr).toContain('controls.yaml:3: sender.name: "Marty\\u0000Hale" must not contain control characters');
    expect(result.stderr).toContain('controls.yaml:5: sender.phone: "+1\\u0085555" must be a single line (no line breaks)');
    // Nothing unprintable reaches the terminal.
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('never reads a name as an address in the .eml headers', async () => {
    const file = scratch(
      'name-address.yaml',
      thankYouYaml.replace('  email: ana.ruiz@acme.example\n', '').replace('name: Ana Ruiz', 'name: "Ana <evil@attacker.example>"'),
    );
    const result = await runHere(['render', 'thank-you', file, '--format', 'eml', '--today', TODAY]);
    expect(result.code).toBe(0);
    const headers = result.stdout.slice(0, result.stdout.indexOf('\r\n\r\n'));
    expect(headers).not.toContain('attacker');
    expect(headers).not.toMatch(/^(To|Cc|Bcc):/im);
    expect(headers).toContain('From: "Marty Hale-Evans" <marty@example.com>');
  });

  const impossibleDates: Array<[TemplateName, string[], string[]]> = [
    ['thank-you', ['interview.date=2026-02-30', 'holidays=[2025-02-29]'], ['interview.date: "2026-02-30"', 'holidays.0: "2025-02-29"']],
    [
      'offer-review',
      ['offer.receivedOn=2026-04-31', 'offer.startDate=2027-13-01', 'replyBy=2026-11-31'],
      ['offer.receivedOn: "2026-04-31"', 'offer.startDate: "2027-13-01"', 'replyBy: "2026-11-31"'],
    ],
    ['withdrawal', ['interview.date=2026-00-10'], ['interview.date: "2026-00-10"']],
    ['resignation', ['notice.date=2026-06-31', 'lastDay=2026-09-31'], ['notice.date: "2026-06-31"', 'lastDay: "2026-09-31"']],
    ['feedback-request', ['decision.date=2026-11-25T00:00:00Z'], ['decision.date: "2026-11-25T00:00:00Z"']],
  ];
  it.concurrent.each(impossibleDates)('refuses impossible dates in a %s context', async (template, sets, paths) => {
    const result = await runEither(template === 'offer-review', [
      'validate',
      template,
      fixturePath(`${template}.yaml`),
      '--today',
      TODAY,
      ...sets.flatMap((set) => ['--set', set]),
    ]);
    expectRefusal(
      result,
      1,
      `The context does not fit the ${template} template (${paths.length} problem${paths.length === 1 ? '' : 's'}):`,
    );
    for (const path of paths) expect(result.stderr).toContain(`${path} must be a real calendar date written as YYYY-MM-DD\n`);
  });

  it('refuses a salary with cents, which would be printed rounded', async () => {
    const result = await runHere([
      'render',
      'counteroffer',
      fixturePath('counteroffer.yaml'),
      '--set',
      'offer.base=168000.4',
      '--set',
      'counter.base=168000.6',
      '--today',
      TODAY,
    ]);
    expectRefusal(result, 1, '--set offer.base: must be a whole number, such as 120000 (salaries are written without cents), not 168000.4');
    expect(result.stderr).toContain('--set counter.base: must be a whole number');
  });

  it.concurrent('refuses a --set list index that would make a list without end, and a name on a list', async () => {
    const [huge, named, panel] = await Promise.all([
      runBin(['render', 'offer-review', fixturePath('offer-review.yaml'), '--set', 'questions.4294967294=Why?', '--today', TODAY]),
      runBin(['render', 'offer-review', fixturePath('offer-review.yaml'), '--set', 'questions.first=Why?', '--today', TODAY]),
      runBin(['render', 'thank-you', fixturePath('panel.yaml'), '--set', 'recipients.99999999.name=Eve', '--today', TODAY]),
    ]);
    expectRefusal(
      huge,
      1,
      'afterview: --set questions.4294967294: 4294967294 is past the end of any list a context holds (at most 1000 items); questions has 3 items, so give an index from 0 to 3 (3 adds one at the end).',
    );
    expectRefusal(
      named,
      1,
      'afterview: --set questions.first: questions is a list; give the number of an item (from 0) instead of "first", e.g. --set questions.0=…',
    );
    expectRefusal(panel, 1, 'afterview: --set recipients.99999999.name: 99999999 is past the end of any list a context holds');
  });
});

describe('keys that reach prototypes, in YAML, JSON and --set', () => {
  const thankYou = fixturePath('thank-you.yaml');
  const cases: Array<[string, string[], number, string]> = [
    [
      '__proto__ in YAML',
      [scratch('proto.yaml', `${thankYouYaml}__proto__:\n  polluted: true\n`)],
      1,
      'proto.yaml:21: the key "__proto__" is not allowed (it names an object prototype). Remove it.',
    ],
    [
      'constructor.prototype in YAML',
      [scratch('ctor.yaml', thankYouYaml.replace('recipient:\n', 'recipient:\n  constructor:\n    prototype:\n      polluted: true\n'))],
      1,
      'ctor.yaml:7: the key "recipient.constructor" is not allowed (it names an object prototype). Remove it.',
    ],
    [
      'prototype in a panel entry',
      [
        scratch(
          'panel-proto.yaml',
          readFileSync(fixturePath('panel.yaml'), 'utf8').replace(
            '  - name: Mateus Araújo\n',
            '  - name: Mateus Araújo\n    prototype: {company: Evil}\n',
          ),
        ),
      ],
      1,
      'the key "recipients.1.prototype" is not allowed (it names an object prototype). Remove it.',
    ],
    [
      '__proto__ in JSON',
      [scratch('proto.json', JSON.stringify({ ...fixture('thank-you.yaml') }).replace('{', '{"__proto__":{"polluted":true},'))],
      1,
      'proto.json:1: the key "__proto__" is not allowed (it names an object prototype). Remove it.',
    ],
    [
      '__proto__ in a YAML merge key',
      [scratch('merge.yaml', `${thankYouYaml}<<: {__proto__: {polluted: true}}\n`)],
      1,
      'the key "<<.__proto__" is not allowed',
    ],
    [
      '__proto__ in a --set path',
      [thankYou, '--set', '__proto__.polluted=true'],
      2,
      'afterview: --set path "__proto__.polluted" is not allowed: "__proto__" names an object prototype.',
    ],
    [
      'constructor.prototype in a --set path',
      [thankYou, '--set', 'recipient.constructor.prototype.polluted=true'],
      2,
      'afterview: --set path "recipient.constructor.prototype.polluted" is not allowed: "constructor" names an object prototype.',
    ],
    [
      '__proto__ in a --set value',
      [thankYou, '--set', 'interview.alsoDiscussed=[{__proto__: {polluted: true}}]'],
      1,
      'afterview: --set interview.alsoDiscussed: the key "0.__proto__" is not allowed (it names an object prototype). Remove it.',
    ],
    [
      'an alias bomb in a --set value',
      [thankYou, '--set', `interview.alsoDiscussed=[${'&a [x, x, x, x, x, x, x, x, x, x]'}, ${Array(200).fill('*a').join(', ')}]`],
      1,
      'afterview: --set interview.alsoDiscussed: its YAML aliases (*name) expand to far more than a context holds',
    ],
    [
      'deep nesting in a --set value',
      [thankYou, '--set', `interview.alsoDiscussed=${nested(5000, '[', ']')}`],
      1,
      'afterview: --set interview.alsoDiscussed: the lists and mappings here are nested more than 32 levels deep',
    ],
  ];
  // In this process, where a polluted prototype would show; what costs time or memory, under the binary.
  it.concurrent.each(cases)('refuses %s', async (name, args, code, message) => {
    const result = await runEither(/alias bomb|deep/.test(name), ['render', 'thank-you', ...args, '--today', TODAY]);
    expectRefusal(result, code, message);
    expectNoPollution();
  });

  it('treats Object.prototype method names as unknown fields', async () => {
    const file = scratch('methods.yaml', `${thankYouYaml}toString: x\nhasOwnProperty: x\n`);
    const result = await runHere([
      'render',
      'thank-you',
      file,
      '--set',
      'valueOf=x',
      '--set',
      'recipient.isPrototypeOf=x',
      '--today',
      TODAY,
    ]);
    expectRefusal(result, 1, 'The context does not fit the thank-you template (4 problems):');
    expect(result.stderr).toContain('methods.yaml:21: toString: is not a field afterview knows');
    expect(result.stderr).toContain('methods.yaml:22: hasOwnProperty: is not a field afterview knows');
    expect(result.stderr).toContain(
      '--set valueOf: is not a field afterview knows; the fields here are sender, company, role, locale, subject, holidays, tone, recipient, interview, fit',
    );
    expect(result.stderr).toContain('--set recipient.isPrototypeOf: is not a field afterview knows');
    expectNoPollution();
  });
});

describe('keys that reach prototypes, from an embedding application', () => {
  const base = fixture('thank-you.yaml');

  async function refusal(context: unknown): Promise<AfterviewError> {
    const error = await renderContext('thank-you', context, { today: TODAY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfterviewError);
    return error as AfterviewError;
  }

  it.each([
    ['a top-level __proto__', JSON.parse(JSON.stringify(base).replace('{', '{"__proto__":{"polluted":true},')), '__proto__'],
    [
      '__proto__ in the recipient',
      JSON.parse(JSON.stringify(base).replace('"recipient":{', '"recipient":{"__proto__":{"title":"Evil"},')),
      'recipient.__proto__',
    ],
    [
      'constructor in a panel entry',
      { ...fixture('panel.yaml'), recipients: [{ name: 'Eve', constructor: { prototype: { polluted: true } } }] },
      'recipients.0.constructor',
    ],
    [
      'prototype in a list',
      { ...base, interview: { ...base.interview, alsoDiscussed: [{ prototype: 1 }] } },
      'interview.alsoDiscussed.0.prototype',
    ],
  ])('refuses %s (JSON.parse keeps it as a key), and merges nothing into a prototype', async (_name, context, path) => {
    const error = await refusal(context);
    expect(error.code).toBe('INVALID_CONTEXT');
    expect(error.issues).toEqual([{ path, message: 'is not allowed: the key names an object prototype; remove it' }]);
    expectNoPollution();
  });

  it('refuses a context that contains itself, and one nested without end, instead of overflowing the stack', async () => {
    const circular = structuredClone(base);
    circular.holidays = [];
    circular.holidays.push(circular.holidays);
    expect((await refusal(circular)).issues).toEqual([
      { path: 'holidays.0', message: 'contains itself (a circular reference); a context must be plain data' },
    ]);

    const deep = structuredClone(base);
    let list: unknown[] = [];
    deep.holidays = list;
    for (let i = 0; i < 100_000; i++) list.push((list = []));
    const [issue] = (await refusal(deep)).issues;
    expect(issue!.message).toBe('is nested more than 32 levels deep, far more than a context needs');
  });
});

describe('template names, unknown options and missing arguments', () => {
  const thankYou = fixturePath('thank-you.yaml');
  const hint =
    'Templates: thank-you, check-in, offer-review, counteroffer, negotiation-reply, accept-offer, decline-offer, withdrawal, resignation, feedback-request. Run `afterview list` to see what each is for.\n';
  const names = [
    '../thank-you',
    'thank-you/../thank-you',
    './thank-you',
    'thank-you/',
    '..\\thank-you',
    '/etc/passwd',
    'partials/greeting',
    'layouts/email',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '',
  ];

  it.each(
    names.flatMap((name) => [
      ['render', name, thankYou, '--today', TODAY],
      ['validate', name, thankYou, '--today', TODAY],
      ['init', name],
      ['schema', name],
    ]),
  )('%s %j is an unknown template (exit 2)', async (...args) => {
    const result = await runCli(args);
    expect(result.stderr.startsWith(`afterview: There is no template called "${args[1]}".`)).toBe(true);
    expect(result.stderr.endsWith(hint)).toBe(true);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });

  const usage = (command: string) =>
    `Usage: afterview ${command}\nRun \`afterview ${command.split(' ')[0] === '<command>' ? '' : `${command.split(' ')[0]} `}--help\` for the options.\n`;
  const cases: Array<[string[], string, string]> = [
    [['render', 'thank-you', thankYou, '--bogus'], 'Unknown argument: bogus', usage('render <template> [context..]')],
    [['render', 'thank-you', thankYou, '-x'], 'Unknown argument: x', usage('render <template> [context..]')],
    [['validate', 'thank-you', thankYou, '--format', 'html'], 'Unknown argument: format', usage('validate <template> [context..]')],
    [['list', '--bogus'], 'Unknown argument: bogus', usage('list')],
    [['--bogus'], 'Unknown argument: bogus', usage('<command>')],
    [['render'], 'Not enough non-option arguments: got 0, need at least 1', usage('render <template> [context..]')],
    [['validate'], 'Not enough non-option arguments: got 0, need at least 1', usage('validate <template> [context..]')],
    [['init'], 'Not enough non-option arguments: got 0, need at least 1', usage('init <template>')],
    [['schema'], 'Not enough non-option arguments: got 0, need at least 1', usage('schema <template>')],
    [['render', 'thank-you', thankYou, '--format'], 'Not enough arguments following: format', usage('render <template> [context..]')],
    [['render', 'thank-you', thankYou, '--today'], 'Not enough arguments following: today', usage('render <template> [context..]')],
    [['render', 'thank-you', thankYou, '--out'], 'Not enough arguments following: out', usage('render <template> [context..]')],
    [['render', 'thank-you', thankYou, '--profile'], 'Not enough arguments following: profile', usage('render <template> [context..]')],
    [['render', 'thank-you', thankYou, '--set'], 'Not enough arguments following: set', usage('render <template> [context..]')],
    [['init', 'thank-you', '--out'], 'Not enough arguments following: out', usage('init <template>')],
  ];

  it.each(cases)('%j exits 2 with the usage line', async (args, message, usageLines) => {
    const result = await runCli(args);
    expect(result.stderr).toBe(`afterview: ${message}\n${usageLines}`);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });

  it.concurrent('does the same in the binary under a 512 MB heap', async () => {
    const [template, option, missing] = await Promise.all([
      runBin(['render', '../../templates/thank-you', thankYou]),
      runBin(['render', 'thank-you', thankYou, '--bogus']),
      runBin(['render', 'thank-you', thankYou, '--format']),
    ]);
    expectRefusal(template, 2, 'afterview: There is no template called "../../templates/thank-you".\nTemplates: thank-you,');
    expectRefusal(option, 2, `afterview: Unknown argument: bogus\n${usage('render <template> [context..]')}`);
    expectRefusal(missing, 2, `afterview: Not enough arguments following: format\n${usage('render <template> [context..]')}`);
  });
});

describe('the limits leave real contexts alone', () => {
  it('renders a panel whose every field is at its longest, and the largest application file', async () => {
    const panel = fixture('panel.yaml');
    panel.holidays = Array.from(
      { length: 60 },
      (_, i) => `2027-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    );
    panel.recipients = Array.from({ length: 10 }, (_, i) => ({
      // Names are at most 50 characters, a greeting 40.
      name: `Person ${i} ${'N'.repeat(41)}`,
      addressAs: 'A'.repeat(40),
      interview: { topic: 'T'.repeat(300), takeaway: 'S'.repeat(600), alsoDiscussed: Array(10).fill('A'.repeat(300)) },
    }));
    const file = scratch('longest-panel.json', JSON.stringify(panel));
    const result = await runCli(['validate', 'thank-you', file, '--today', TODAY]);
    expect(result.stderr).toContain('The context fits the thank-you template: 10 messages');
    expect(result.code).toBe(0);
  });
});
