import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { templateNames as registered, type TemplateName } from '../src/index.js';
import { emptyHome, runCli } from './helpers/cli.js';
import { TODAY, fixturePath } from './helpers/fixtures.js';

// Only the built-in templates are registered in these tests.
const templateNames = registered as readonly TemplateName[];

const thankYou = fixturePath('thank-you.yaml');
const panel = fixturePath('panel.yaml');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'afterview-cli-'));
}

function writeScratch(name: string, content: string): string {
  const path = join(scratch(), name);
  writeFileSync(path, content);
  return path;
}

describe('afterview render', () => {
  it('prints the subject, a blank line and the text body', async () => {
    const { code, stdout, stderr } = await runCli(['render', 'thank-you', thankYou, '--today', TODAY]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const [subject, blank, greeting] = stdout.split('\n');
    expect(subject).toBe('Thank you – Senior Platform Engineer interview');
    expect(blank).toBe('');
    expect(greeting).toBe('Dear Ana,');
    expect(stdout).toMatch(/Marty Hale-Evans\n\+1 555 0100\nmarty@example\.com\n$/);
  });

  it('reads the context from standard input for "-"', async () => {
    const fromFile = await runCli(['render', 'thank-you', thankYou, '--today', TODAY]);
    const fromStdin = await runCli(['render', 'thank-you', '-', '--today', TODAY], { stdin: readFileSync(thankYou, 'utf8') });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('lets later files and then --set override earlier layers, over the profile', async () => {
    const profile = writeScratch('profile.yaml', 'sender:\n  name: Pat Profile\n  email: pat@example.com\n  phone: "+1 555 0199"\n');
    const context = parseYaml(readFileSync(thankYou, 'utf8'));
    delete context.sender;
    const base = writeScratch('base.yaml', JSON.stringify(context));
    const later = writeScratch('later.yaml', 'company: Later Corp\nrole: Staff Engineer\n');
    const { code, stdout } = await runCli(['render', 'thank-you', base, later, '--set', 'role=Principal Engineer', '--today', TODAY], {
      env: { AFTERVIEW_PROFILE: profile },
    });
    expect(code).toBe(0);
    expect(stdout).toContain('about the Principal Engineer role at Later Corp.');
    expect(stdout).toContain('Pat Profile\n+1 555 0199\npat@example.com');
  });

  it('finds the profile in $XDG_CONFIG_HOME/afterview/profile.yaml', async () => {
    const home = emptyHome();
    const config = join(home, 'config');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(config, 'afterview'), { recursive: true });
    writeFileSync(join(config, 'afterview', 'profile.yaml'), 'sender:\n  name: Xdg Person\n  email: xdg@example.com\n');
    const context = parseYaml(readFileSync(thankYou, 'utf8'));
    delete context.sender;
    const file = writeScratch('no-sender.yaml', JSON.stringify(context));
    const { code, stdout } = await runCli(['render', 'thank-you', file, '--today', TODAY], { env: { XDG_CONFIG_HOME: config } });
    expect(code).toBe(0);
    expect(stdout).toContain('Xdg Person\nxdg@example.com');
  });

  it('prints a JSON array of message objects', async () => {
    const { code, stdout } = await runCli(['render', 'thank-you', thankYou, '--format', 'json', '--today', TODAY]);
    expect(code).toBe(0);
    const messages = JSON.parse(stdout);
    expect(messages).toHaveLength(1);
    expect(Object.keys(messages[0])).toEqual(['template', 'to', 'subject', 'text', 'html', 'message']);
    expect(messages[0].to).toEqual({ name: 'Ana Ruiz', email: 'ana.ruiz@acme.example' });
  });

  it('prints an HTML document', async () => {
    const { code, stdout } = await runCli(['render', 'thank-you', thankYou, '--format', 'html', '--today', TODAY]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!doctype html>/i);
    expect(stdout).toContain('<title>Thank you – Senior Platform Engineer interview</title>');
    expect(stdout).toMatch(/<p[^>]*>Dear Ana,<\/p>/);
  });

  it('prints an .eml draft that a mail client opens as multipart/alternative, without Bcc', async () => {
    const { code, stdout } = await runCli(['render', 'thank-you', thankYou, '--format', 'eml', '--today', TODAY]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(stdout).not.toMatch(/^Bcc:/im);
    expect(stdout).toMatch(/^X-Unsent: 1$/m);
    const mail = await simpleParser(stdout);
    expect(mail.subject).toBe('Thank you – Senior Platform Engineer interview');
    expect(mail.from?.value).toEqual([{ name: 'Marty Hale-Evans', address: 'marty@example.com' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([{ name: 'Ana Ruiz', address: 'ana.ruiz@acme.example' }]);
    // A draft: the mail client dates it and gives it its Message-ID when it is sent.
    expect(stdout).not.toMatch(/^Date:/im);
    expect(stdout).not.toMatch(/^Message-ID:/im);
    expect(mail.messageId).toBeUndefined();
    expect(mail.text).toContain('I especially appreciated our conversation about how the platform team plans');
    expect(mail.html).toMatch(/<p[^>]*>Dear Ana,<\/p>/);
  });

  it('prints the short message and says how it fits LinkedIn and SMS', async () => {
    const { code, stdout, stderr } = await runCli(['render', 'thank-you', thankYou, '--format', 'message', '--today', TODAY]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Hi Ana, thank you for speaking with me yesterday/);
    const length = [...stdout.trimEnd()].length;
    expect(stderr).toContain(`Short message: ${length} characters;`);
    expect(stderr).toMatch(/As SMS: GSM-7, 1 segment\./);
  });

  it('warns, without failing, when a thank-you note is late', async () => {
    const { code, stderr } = await runCli(['render', 'thank-you', thankYou, '--today', '2026-11-28']);
    expect(code).toBe(0);
    expect(stderr).toContain(
      'warning: The interview was 4 days ago (Tuesday, November 24, 2026); a thank-you note lands best within 24 hours',
    );
  });

  it('fits the short message in a free LinkedIn note, and writes the longer form with --long', async () => {
    const topic = 'how the platform team plans to move every build, test and deploy job to ephemeral runners over the next two quarters';
    const args = ['render', 'thank-you', thankYou, '--format', 'message', '--set', `interview.topic=${topic}`, '--today', TODAY];
    const free = await runCli(args);
    expect(free.code).toBe(0);
    const short = free.stdout.trimEnd();
    expect([...short].length).toBeLessThanOrEqual(200);
    expect(free.stderr).not.toContain('warning:');
    expect(free.stderr).toContain('fits a LinkedIn connection note (300; 200 on free accounts)');
    const paid = await runCli([...args, '--long']);
    expect(paid.code).toBe(0);
    const long = paid.stdout.trimEnd();
    expect([...long].length).toBeGreaterThan([...short].length);
    expect([...long].length).toBeLessThanOrEqual(300);
    expect(long).toContain('ephemeral runners over the next two quarters');
  });

  it('colours messages for a terminal only, and never with NO_COLOR', async () => {
    const late = ['render', 'thank-you', thankYou, '--today', '2026-11-28'];
    expect((await runCli(late, { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stderr).toContain('\u001b[33mwarning:\u001b[39m');
    expect((await runCli(late, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).stderr).not.toContain('\u001b[');
    expect((await runCli(late, { env: { NO_COLOR: '' } })).stderr).not.toContain('\u001b[');
  });

  it('renders one personal message per person on a panel', async () => {
    const { code, stdout } = await runCli(['render', 'thank-you', panel, '--format', 'json', '--today', TODAY]);
    expect(code).toBe(0);
    const messages = JSON.parse(stdout) as Array<{ to: { name: string }; text: string }>;
    expect(messages.length).toBeGreaterThanOrEqual(3);
    const names = messages.map((m) => m.to.name);
    expect(new Set(names).size).toBe(names.length);
    for (const message of messages) expect(message.text.split('\n')[0]).not.toContain(',,');
    expect(new Set(messages.map((m) => m.text)).size).toBe(messages.length);
  });

  it('writes one file per person for a panel of HTML documents', async () => {
    const dir = scratch();
    const { code, stderr } = await runCli([
      'render',
      'thank-you',
      panel,
      '--format',
      'html',
      '--out',
      join(dir, 'notes.html'),
      '--today',
      TODAY,
    ]);
    expect(code).toBe(0);
    const written = [...stderr.matchAll(/^Wrote (.+\.html) \(to /gm)].map((m) => m[1]!);
    expect(written.length).toBeGreaterThanOrEqual(3);
    for (const path of written) {
      expect(path.startsWith(join(dir, 'notes-'))).toBe(true);
      expect(readFileSync(path, 'utf8')).toMatch(/^<!doctype html>/i);
    }
  });

  it('writes --out and prints nothing on standard output', async () => {
    const out = join(scratch(), 'note.txt');
    const { code, stdout, stderr } = await runCli(['render', 'thank-you', thankYou, '--out', out, '--today', TODAY]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(`Wrote ${out}.\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/^Thank you – Senior Platform Engineer interview\n\nDear Ana,/);
  });
});

describe('afterview list, init, schema, validate', () => {
  it('lists every template', async () => {
    const { code, stdout } = await runCli(['list', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((t: { name: string }) => t.name)).toEqual(templateNames);
    const plain = await runCli(['list']);
    expect(plain.stdout.split('\n').filter(Boolean)).toHaveLength(templateNames.length);
  });

  it.each(templateNames)('init %s gives an example that validate accepts and render renders', async (template) => {
    const out = join(scratch(), `${template}.yaml`);
    const init = await runCli(['init', template, '--out', out]);
    expect(init.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^#/);
    const validate = await runCli(['validate', template, out, '--today', TODAY]);
    expect(validate.stderr).toMatch(new RegExp(`The context fits the ${template} template: 1 message, to `));
    expect(validate.code).toBe(0);
    const rendered = await runCli(['render', template, out, '--today', TODAY]);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).not.toMatch(/\{\{|undefined|NaN|\[object Object\]/);
  });

  it.each(templateNames)('schema %s is draft-07 JSON Schema that accepts the example and the fixture', async (template) => {
    const { code, stdout } = await runCli(['schema', template]);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const ajv = new Ajv.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const example = parseYaml(readFileSync(new URL(`../templates/${template}/example.yaml`, import.meta.url), 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    const fixture = parseYaml(readFileSync(fixturePath(`${template}.yaml`), 'utf8'));
    expect(validate(fixture), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example, compnay: 'typo' })).toBe(false);
  });

  it('init never overwrites a file', async () => {
    const existing = writeScratch('mine.yaml', 'company: Mine\n');
    const { code, stderr } = await runCli(['init', 'thank-you', '--out', existing]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `afterview: ${existing} already exists; afterview init never overwrites a file. Choose another name, or delete it first.\n`,
    );
    expect(readFileSync(existing, 'utf8')).toBe('company: Mine\n');
  });
});

describe('errors a user can cause', () => {
  const folder = fixturePath('');
  const badYaml = writeScratch('bad.yaml', 'company: Acme\nrole: [Engineer\nlocale: en-US\n');
  const invalid = writeScratch(
    'invalid.yaml',
    readFileSync(thankYou, 'utf8')
      .replace('email: ana.ruiz@acme.example', 'email: ana.ruiz@')
      .replace('date: 2026-11-24', 'date: 2026-02-30'),
  );
  const empty = writeScratch('empty.yaml', '');
  const existing = writeScratch('note.txt', 'my edited note\n');
  const missingComma = '{\n  "company": "Acme Corp"\n  "role": "Engineer"\n}\n';
  const badJson = writeScratch('bad.json', missingComma);
  const unclosedJson = writeScratch('unclosed.json', '{\n  "company": "Acme Corp",\n  "role": "Engineer\n}\n');
  const unclosedQuote = writeScratch('quote.yaml', 'company: Acme Corp\nrole: "Senior Engineer\nlocale: en-US\nfit: Four years of CI\n');
  const lowerCurrency = writeScratch(
    'usd.yaml',
    readFileSync(fixturePath('counteroffer.yaml'), 'utf8').replace('currency: USD', 'currency: usd'),
  );
  const panelProblems = writeScratch(
    'panel.yaml',
    readFileSync(panel, 'utf8')
      .replace('email: mateus.araujo@quillonmarsh.example', 'email: mateus@')
      .replace('      topic: how the team runs blameless incident reviews', '      topc: blameless incident reviews'),
  );
  const fixJson =
    'Fix the JSON syntax there (names and text in double quotes, a comma between entries, every { and [ closed), then run `afterview validate` again to see the next problem.\n';
  const fixYaml = 'Fix the YAML syntax there (indentation, quotes, colons), then run `afterview validate` again to see the next problem.\n';

  it.each([
    [
      [],
      2,
      'afterview: Give a command: list, init, schema, validate, render, send, draft, outbox, due, lint or preview.\nUsage: afterview <command>\n',
    ],
    [['rendr'], 2, 'afterview: Unknown command "rendr".\nDid you mean render?\nRun `afterview --help` for what each does.\n'],
    [
      ['frobnicate'],
      2,
      'afterview: Unknown command "frobnicate".\nThe commands: list, init, schema, validate, render, send, draft, outbox, due, lint, preview, completion, help.\n',
    ],
    [['render', 'thank-you', thankYou, '--fromat', 'html'], 2, 'afterview: Unknown argument: fromat\n'],
    [['render', 'thank-you', thankYou, '--fromat', 'html'], 2, 'Did you mean --format?\nRun `afterview render --help` for the options.\n'],
    [['list', '--jsn'], 2, 'Did you mean --json?\n'],
    [
      ['render'],
      2,
      'afterview: Not enough non-option arguments: got 0, need at least 1\nUsage: afterview render <template> [context..]\nRun `afterview render --help` for the options.\n',
    ],
    [
      ['render', 'thank-you', thankYou, '--format', 'pdf'],
      2,
      'afterview: Invalid values: Argument: format, Given: "pdf", Choices: "text", "html", "message", "json", "eml"\n',
    ],
    [['render', 'thank-you', thankYou, '--set'], 2, 'afterview: Not enough arguments following: set\n'],
    [['render', 'thank-you', thankYou, '--bogus'], 2, 'afterview: Unknown argument: bogus\n'],
    [
      ['render', 'thnk-you', thankYou],
      2,
      'afterview: There is no template called "thnk-you". Did you mean "thank-you"?\nTemplates: thank-you, check-in, offer-review, counteroffer, negotiation-reply, accept-offer, decline-offer, withdrawal, resignation, feedback-request. Run `afterview list` to see what each is for.\n',
    ],
    [['render', '../thank-you', thankYou], 2, 'afterview: There is no template called "../thank-you". Did you mean "thank-you"?\n'],
    [['render', '__proto__', thankYou], 2, 'afterview: There is no template called "__proto__".\n'],
    [
      ['render', 'thank-you', 'missing.yaml'],
      1,
      'afterview: The context file missing.yaml does not exist.\nCheck the path, or create one with `afterview init <template> --out FILE`.\n',
    ],
    [['render', 'thank-you', folder], 1, `afterview: ${folder} is a folder; give the context file inside it.\n`],
    [
      ['render', 'thank-you', badYaml],
      1,
      `afterview: ${badYaml}:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]\n`,
    ],
    [['render', 'thank-you', empty], 1, `afterview: ${empty} is empty; it should hold the context's fields.\n`],
    [
      ['render', 'thank-you', invalid, '--set', 'recipient.emial=x'],
      1,
      `afterview: The context does not fit the thank-you template (3 problems):\n  - ${invalid}:9: recipient.email: "ana.ruiz@" must be an email address such as name@example.com\n  - --set recipient.emial: is not a field afterview knows; did you mean "email"?\n  - ${invalid}:14: interview.date: "2026-02-30" must be a real calendar date written as YYYY-MM-DD\nRun \`afterview init thank-you\` for a complete, commented example.\n`,
    ],
    [
      ['render', 'thank-you', thankYou, '--set', 'interview.date=tomorrow'],
      1,
      '  - --set interview.date: "tomorrow" must be a real calendar date written as YYYY-MM-DD\n',
    ],
    [
      ['render', 'thank-you', thankYou, '--today', '2026-02-30'],
      2,
      'afterview: "2026-02-30" is not a date; give today as YYYY-MM-DD, e.g. 2026-11-25.\n',
    ],
    [
      ['render', 'thank-you', thankYou, '--profile', 'nope.yaml'],
      1,
      'afterview: The profile nope.yaml does not exist.\nCheck the path given with --profile or $AFTERVIEW_PROFILE.\n',
    ],
    [['render', 'thank-you', '-', '-'], 2, 'afterview: Standard input ("-") can be read only once; give it as one of the contexts.\n'],
    [
      ['render', 'thank-you', panel, '--format', 'eml'],
      2,
      'makes one document per message.\nGive --out FILE to write one file per person, or use --format json.\n',
    ],
    [
      ['render', 'thank-you'],
      2,
      'afterview: No context given for the thank-you template. Name a context file (`afterview init thank-you --out FILE` makes one), "-" to read it from standard input, or fields with --set path=value.\n',
    ],
    [
      ['render', 'thank-you', thankYou, '--out', existing],
      2,
      `afterview: ${existing} already exists. Choose another file, or replace it with --force.\n`,
    ],
    [
      ['render', 'thank-you', thankYou, '--out', thankYou],
      2,
      `afterview: --out ${thankYou} is one of the context files; writing there would destroy it. Choose another file.\n`,
    ],
    [
      ['validate', 'thank-you', thankYou, '--today', '2026-11-20'],
      1,
      `  - ${thankYou}:14: interview.date: is after today (2026-11-20); a thank-you note follows the interview. Check the date, or pass --today\n`,
    ],
    // A JSON file's syntax error in JSON's terms, where it is: file:line:col, and the fix.
    [['render', 'thank-you', badJson], 1, `afterview: ${badJson}:3:3: a comma is missing before this\n${fixJson}`],
    [
      ['render', 'thank-you', unclosedJson],
      1,
      `afterview: ${unclosedJson}:3:11: this text has no closing double quote on its line; end it with "\n${fixJson}`,
    ],
    [['render', 'thank-you', '-'], 1, `afterview: standard input:3:3: a comma is missing before this\n${fixJson}`, missingComma],
    // An unclosed quote where it opens, not where the file ends.
    [
      ['render', 'thank-you', unclosedQuote],
      1,
      `afterview: ${unclosedQuote}:2:7: this " quote is never closed; end the value with "\n${fixYaml}`,
    ],
    // A lower-case currency: one problem, with the code it means.
    [
      ['render', 'counteroffer', lowerCurrency, '--today', TODAY],
      1,
      `afterview: The context does not fit the counteroffer template (1 problem):\n  - ${lowerCurrency}:17: offer.currency: "usd" must be written in capitals: did you mean "USD"?\nRun \`afterview init counteroffer\` for a complete, commented example.\n`,
    ],
    [
      ['render', 'counteroffer', fixturePath('counteroffer.yaml'), '--set', 'offer.currency=XYZ', '--today', TODAY],
      1,
      'afterview: The context does not fit the counteroffer template (1 problem):\n  - --set offer.currency: "XYZ" is not a currency code this system knows (ISO 4217, such as USD, EUR or GBP)\nRun `afterview init counteroffer` for a complete, commented example.\n',
    ],
    [
      ['render', 'counteroffer', fixturePath('counteroffer.yaml'), '--set', 'offer.currency=€', '--today', TODAY],
      1,
      '  - --set offer.currency: "€" is a currency sign; write its code instead: did you mean "EUR"?\n',
    ],
    // A panel's problems by the path --set takes, naming the person.
    [
      ['render', 'thank-you', panelProblems, '--today', TODAY],
      1,
      `afterview: The context does not fit the thank-you template (3 problems):\n  - ${panelProblems}:25: recipients.1 (Mateus Araújo).email: "mateus@" must be an email address such as name@example.com\n  - ${panelProblems}:35: recipients.2 (Grace Whitfield).interview.topc: is not a field afterview knows; did you mean "topic"?\n  - recipients.2 (Grace Whitfield).interview.topic: is required (One specific point you discussed with this person; it completes "I especially enjoyed our conversation about …", e.g. "how the platform team plans to move CI to ephemeral runners")\nRun \`afterview init thank-you\` for a complete, commented example.\n`,
    ],
  ] as Array<[string[], number, string, string?]>)('%j exits %i and explains', async (args, code, message, stdin = '') => {
    const result = await runCli(args, { stdin });
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('render --out', () => {
  it('replaces an existing file only with --force, and leaves it untouched without', async () => {
    const out = writeScratch('note.txt', 'my edited note\n');
    const refused = await runCli(['render', 'thank-you', thankYou, '--today', TODAY, '--out', out]);
    expect(refused.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('my edited note\n');
    const forced = await runCli(['render', 'thank-you', thankYou, '--today', TODAY, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^Thank you – Senior Platform Engineer interview\n\nDear Ana,/);
  });
});

describe('help', () => {
  const commands = ['list', 'init', 'schema', 'validate', 'render', 'send', 'draft', 'outbox', 'due'];

  it('`help` is --help, and `help COMMAND` is COMMAND --help', async () => {
    const main = await runCli(['--help']);
    expect((await runCli(['help'])).stdout).toBe(main.stdout);
    expect(main.stdout).toMatch(/^afterview <command>/);
    const render = await runCli(['render', '--help']);
    const helped = await runCli(['help', 'render']);
    expect(helped.code).toBe(0);
    expect(helped.stdout).toBe(render.stdout);
    expect(helped.stdout).toMatch(/^afterview render <template> \[context\.\.\]/);
  });

  it.each(commands)('%s --help has an example and describes every option', async (command) => {
    const { code, stdout } = await runCli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`Examples:\\n {2}afterview ${command}`));
    // Every option line has words after its name (yargs lays out "--name  description  [type]").
    const options = stdout.slice(stdout.indexOf('Options:'), stdout.indexOf('Examples:'));
    for (const line of options.split('\n').filter((l) => /^ {2}-/.test(l))) expect(line, line).toMatch(/^ {2}(-\w, )?--[\w-]+ {2,}\S/);
  });

  it('describes every --format value', async () => {
    const { stdout } = await runCli(['render', '--help']);
    const help = stdout.replace(/\s+/g, ' ');
    for (const format of ['text:', 'html:', 'message:', 'json:', 'eml:']) expect(help).toContain(format);
  });

  it.each(['init', 'schema'])('%s --help lists the templates', async (command) => {
    const { stdout } = await runCli([command, '--help']);
    const help = stdout.replace(/\s+/g, ' ');
    for (const name of templateNames) expect(help).toContain(name);
  });

  it('-v prints the version of the package', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((await runCli(['-v'])).stdout).toBe(`${version}\n`);
  });

  it('prints a shell completion script that asks afterview for the words', async () => {
    const script = await runCli(['completion']);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('afterview --get-yargs-completions');
    const words = await runCli(['--get-yargs-completions', 're']);
    expect(words.stdout.split('\n')).toContain('render');
  });
});

describe('the afterview binary', () => {
  const bin = new URL('../bin/afterview.js', import.meta.url).pathname;
  const exec = promisify(execFile);

  it('renders from a fresh process and exits 0', async () => {
    const { stdout } = await exec(process.execPath, [bin, 'render', 'thank-you', thankYou, '--today', TODAY]);
    expect(stdout.split('\n')[0]).toBe('Thank you – Senior Platform Engineer interview');
  });

  it('exits with the documented code for a bad context', async () => {
    const error = await exec(process.execPath, [bin, 'render', 'thank-you', 'missing.yaml']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain('missing.yaml does not exist');
  });

  it('ends quietly when the reader stops early, as in `afterview list | head -1`', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, 'render', 'thank-you', panel, '--today', TODAY], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Closing our end before anything arrives makes every write of the child fail with EPIPE.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('prints help and the version', async () => {
    const { stdout } = await exec(process.execPath, [bin, '--help']);
    expect(stdout).toContain('afterview render <template> [context..]');
    expect(existsSync(bin)).toBe(true);
  });
});
