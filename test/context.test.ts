import { describe, expect, it } from 'vitest';
import { AfterviewError } from '../src/index.js';
import { applySets, contextSchemas, parseContext, templateDefinition, validateContext } from '../src/internal.js';
import { TODAY, fixture } from './helpers/fixtures.js';

const thankYou = templateDefinition('thank-you');
const counteroffer = templateDefinition('counteroffer');

function problems(template: string, context: unknown, today = TODAY): string[] {
  try {
    validateContext(templateDefinition(template), context, { today });
  } catch (error) {
    if (!(error instanceof AfterviewError)) throw error;
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
}

describe('context validation', () => {
  it('accepts the fixture', () => {
    expect(problems('thank-you', fixture('thank-you.yaml'))).toEqual([]);
  });

  it('lists every problem with its path, in one error', () => {
    const context = fixture('thank-you.yaml');
    context.recipient.email = 'ana.ruiz@';
    context.company = '   ';
    delete context.interview.topic;
    context.interview.date = '2026-02-30';
    expect(problems('thank-you', context)).toEqual([
      'company: must not be empty',
      'recipient.email: "ana.ruiz@" must be an email address such as name@example.com',
      'interview.date: "2026-02-30" must be a real calendar date written as YYYY-MM-DD',
      'interview.topic: is required (One specific point you discussed with this person; it completes "I especially enjoyed our conversation about …", e.g. "how the platform team plans to move CI to ephemeral runners")',
    ]);
  });

  it('names an unknown key and the key that was probably meant', () => {
    const context = fixture('thank-you.yaml');
    context.recipeint = context.recipient;
    delete context.recipient;
    context.interview.topci = 'x';
    expect(problems('thank-you', context)).toEqual([
      'recipient: is required (The person you write to)',
      'interview.topci: is not a field afterview knows; did you mean "topic"?',
      'recipeint: is not a field afterview knows; did you mean "recipient"?',
    ]);
  });

  it('ignores fields that belong to another template, so one file serves a whole application', () => {
    const context = { ...fixture('thank-you.yaml'), offer: { base: 150000, currency: 'USD' }, questions: ['When?'] };
    expect(problems('thank-you', context)).toEqual([]);
  });

  it('refuses a message that names a line break in a single-line field', () => {
    const context = fixture('thank-you.yaml');
    context.company = 'Acme\r\nBcc: everyone@example.com';
    expect(problems('thank-you', context)).toEqual([
      'company: "Acme\\r\\nBcc: everyone@example.com" must be a single line (no line breaks)',
    ]);
  });

  it('requires a counteroffer to ask for more than the offer, in the same currency', () => {
    const base = {
      ...fixture('thank-you.yaml'),
      offer: { base: 150000, currency: 'USD' },
      counter: { base: 150000 },
      contribution: 'I can help.',
      reasons: { experience: 'Eight years of platform work.' },
    };
    expect(problems('counteroffer', base)).toEqual(['counter.base: must be more than offer.base (150000); a counteroffer asks for more']);
    expect(problems('counteroffer', { ...base, counter: { base: 170000, currency: 'EUR' } })).toEqual([
      'counter.currency: must be the same as offer.currency (USD); compare like with like',
    ]);
    expect(problems('counteroffer', { ...base, counter: { base: 170000 }, reasons: {} })).toEqual([
      'reasons: needs at least one verifiable reason: market, experience, credentials or relocation',
    ]);
  });

  it('refuses an interview date after today', () => {
    expect(problems('thank-you', fixture('thank-you.yaml'), '2026-11-23')).toEqual([
      'interview.date: is after today (2026-11-23); a thank-you note follows the interview. Check the date',
    ]);
  });

  it('names the person of a panel entry, in the path form --set takes, and reports a field nobody gave once', () => {
    const context = fixture('thank-you.yaml');
    const { recipient } = context;
    delete context.recipient;
    delete context.interview.topic;
    context.recipients = [
      { ...recipient, email: 'ana@' },
      { name: 'Bo \u001b[31mChen', email: 'bo@acme.example', interview: { topc: 'on-call' } },
    ];
    let error: AfterviewError | undefined;
    try {
      validateContext(thankYou, context, { today: TODAY });
    } catch (caught) {
      error = caught as AfterviewError;
    }
    expect(error?.issues).toEqual([
      { path: 'recipients.0.email', person: 'Ana Ruiz', message: '"ana@" must be an email address such as name@example.com' },
      {
        path: 'recipients.1.name',
        person: 'Bo \\u001b[31mChen',
        message: '"Bo \\u001b[31mChen" must not contain control characters (such as an escape or NUL); retype it as plain text',
      },
      {
        path: 'recipients.1.interview.topc',
        person: 'Bo \\u001b[31mChen',
        message: 'is not a field afterview knows; did you mean "topic"?',
      },
      {
        path: 'interview.topic',
        message:
          'is required (One specific point you discussed with this person; it completes "I especially enjoyed our conversation about …", e.g. "how the platform team plans to move CI to ephemeral runners")',
      },
    ]);
    expect(error?.message.split('\n').slice(1, 4)).toEqual([
      '  - recipients.0 (Ana Ruiz).email: "ana@" must be an email address such as name@example.com',
      '  - recipients.1 (Bo \\u001b[31mChen).name: "Bo \\u001b[31mChen" must not contain control characters (such as an escape or NUL); retype it as plain text',
      '  - recipients.1 (Bo \\u001b[31mChen).interview.topc: is not a field afterview knows; did you mean "topic"?',
    ]);
  });

  it('gives each person on a panel their own overrides and reports problems in their entry', () => {
    const context = fixture('thank-you.yaml');
    const { recipient } = context;
    delete context.recipient;
    delete context.interview.topic;
    context.recipients = [
      { ...recipient, interview: { topic: 'the CI roadmap' } },
      { name: 'Bo Chen', email: 'not-an-email', interview: { topic: 'on-call' } },
      { name: 'Cy Dee' },
    ];
    // Cy Dee's entry lacks the topic the others give in theirs: the problem is in that entry.
    expect(problems('thank-you', context)).toEqual([
      'recipients.1.email: "not-an-email" must be an email address such as name@example.com',
      'recipients.2.interview.topic: is required (One specific point you discussed with this person; it completes "I especially enjoyed our conversation about …", e.g. "how the platform team plans to move CI to ephemeral runners")',
    ]);
    context.recipients[1].email = 'bo@acme.example';
    context.recipients[2].interview = { topic: 'pairing' };
    const validated = validateContext(thankYou, context, { today: TODAY });
    const people = validated.map(({ context: c }) => c as { recipient: { name: string }; interview: { topic: string } });
    expect(people.map((c) => [c.recipient.name, c.interview.topic])).toEqual([
      ['Ana Ruiz', 'the CI roadmap'],
      ['Bo Chen', 'on-call'],
      ['Cy Dee', 'pairing'],
    ]);
  });
});

describe('context files', () => {
  it('points at the file and line of a YAML syntax error', () => {
    expect(() => parseContext('company: Acme\nrole: [Engineer\nlocale: en-US\n', 'acme.yaml')).toThrowError(/^acme\.yaml:3:\d+: /);
  });

  it.each([
    ['', "acme.yaml is empty; it should hold the context's fields."],
    ['- a\n- b\n', 'acme.yaml must hold a mapping of fields (such as "company: Acme Corp"), not a list.'],
    ['null', "acme.yaml is empty; it should hold the context's fields."],
    ['42', 'acme.yaml must hold a mapping of fields (such as "company: Acme Corp"), not a single number.'],
    ['a: 1\n__proto__:\n  polluted: true\n', 'acme.yaml:2: the key "__proto__" is not allowed (it names an object prototype). Remove it.'],
    [
      '{"sender": {"constructor": {"prototype": 1}}}',
      'acme.yaml:1: the key "sender.constructor" is not allowed (it names an object prototype). Remove it.',
    ],
  ])('refuses %j with a clear message', (text, message) => {
    expect(() => parseContext(text, 'acme.yaml')).toThrowError(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('finds the line where a field was written', () => {
    const source = parseContext('company: Acme\nrecipient:\n  name: Ana\n  email: nope\n', 'acme.yaml');
    expect(source.locate(['recipient', 'email'])).toBe('acme.yaml:4');
    expect(source.locate(['role'])).toBeUndefined();
  });
});

describe('--set', () => {
  const { single } = contextSchemas(counteroffer);

  it('types each value as the schema expects', () => {
    const result = applySets(
      {},
      ['offer.base=165_000', 'role=2024', 'counter.benefits=[a relocation allowance, equity]', 'recipient.name=Ana = Ruiz'],
      single,
    );
    expect(result).toEqual({
      offer: { base: 165000 },
      role: '2024',
      counter: { benefits: ['a relocation allowance', 'equity'] },
      recipient: { name: 'Ana = Ruiz' },
    });
  });

  it('overrides a value from a file without changing the original', () => {
    const original = { offer: { base: 1, currency: 'USD' } };
    expect(applySets(original, ['offer.base=2'], single)).toEqual({ offer: { base: 2, currency: 'USD' } });
    expect(original.offer.base).toBe(1);
  });

  it('addresses panel entries by index', () => {
    const { panel } = contextSchemas(thankYou);
    expect(applySets({}, ['recipients[1].name=Bo', 'recipients.0.interview.topic=CI'], panel)).toEqual({
      recipients: [{ interview: { topic: 'CI' } }, { name: 'Bo' }],
    });
  });

  it.each([
    ['offer.base=lots', 'set offer.base: "lots" is not a number; write digits only, such as 165000.'],
    ['role', 'set "role" has no "=".'],
    ['=x', 'set needs a field path before "=".'],
    ['__proto__.polluted=1', 'set path "__proto__.polluted" is not allowed: "__proto__" names an object prototype.'],
    [
      'sender.constructor.prototype.x=1',
      'set path "sender.constructor.prototype.x" is not allowed: "constructor" names an object prototype.',
    ],
  ])('refuses --set %s', (assignment, message) => {
    expect(() => applySets({}, [assignment], single)).toThrowError(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
