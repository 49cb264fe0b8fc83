import { describe, expect, it } from 'vitest';
import { AfterviewError } from '../src/errors.js';
import { type RenderedMessage, renderContext } from '../src/render/render.js';
import { runCli } from './helpers/cli.js';
import { fixture, fixturePath } from './helpers/fixtures.js';

const TODAY = '2026-11-25';

async function renderOne(template: string, context: unknown, today = TODAY): Promise<RenderedMessage> {
  const [message] = await renderContext(template, context, { today });
  return message!;
}

async function refusal(template: string, context: unknown, today = TODAY): Promise<AfterviewError> {
  const error = await renderContext(template, context, { today }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AfterviewError);
  return error as AfterviewError;
}

describe('check-in', () => {
  it('asks where things stand, names the date they gave, and says you are still interested', async () => {
    const message = await renderOne('check-in', fixture('check-in.yaml'));
    expect(message.subject).toBe('Checking in on the Platform Engineer role');
    expect(message.text).toContain('after our interview on Tuesday, November 10, 2026');
    expect(message.text).toContain('You mentioned that you hoped to have news by Wednesday, November 18, 2026');
    expect(message.text).toContain('I remain very interested in the role');
    expect(message.warnings).toEqual([]);
  });

  it('asks about a timeline when they gave no date, and warns when it is too early', async () => {
    const context = fixture('check-in.yaml');
    delete context.answerBy;
    context.interview.date = '2026-11-23';
    const message = await renderOne('check-in', context);
    expect(message.text).toContain('whether there is a timeline for next steps');
    // A week of business days after Monday's interview, skipping Thanksgiving and the day after (US-CA).
    expect(message.warnings).toEqual([
      'It is early to check in: the interview was on 2026-11-23; a check-in reads best from Wednesday, December 2, 2026.',
    ]);
  });

  it('warns when the interest line reads as pressure', async () => {
    const context = fixture('check-in.yaml');
    context.interest = 'I have another offer and need an answer ASAP.';
    expect((await renderOne('check-in', context)).warnings).toEqual([expect.stringContaining('reads as pressure')]);
  });

  it('takes the latest round and the date they gave from an application file', async () => {
    const result = await runCli([
      'render',
      'check-in',
      fixturePath('journey/umbrella.yaml'),
      '--today',
      TODAY,
      '--set',
      'sender.name=Marty Hale-Evans',
      '--set',
      'sender.email=marty@example.com',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('after our interview on Friday, November 13, 2026');
    expect(result.stdout).toContain('hoped to have news by Friday, November 20, 2026');
  });
});

describe('accept-offer', () => {
  it('accepts, and confirms the title, pay and start date', async () => {
    const message = await renderOne('accept-offer', fixture('accept-offer.yaml'));
    expect(message.subject).toBe('Accepting the Staff Engineer offer');
    expect(message.text).toContain('I am delighted to accept');
    expect(message.text).toContain(
      'the position is Staff Engineer, with a base salary of $205,000, and my start date is Monday, January 11, 2027.',
    );
    expect(message.text).toContain('As I understand it, the next steps are signing the contract and meeting the team in January.');
    expect(message.warnings).toEqual([]);
  });

  it('warns when the start date leaves no rest day after the last day, and refuses a start before it', async () => {
    const context = fixture('accept-offer.yaml');
    context.lastDay = '2027-01-08';
    context.offer.startDate = '2027-01-09';
    expect((await renderOne('accept-offer', context)).warnings).toEqual([expect.stringContaining('no rest in between')]);
    context.offer.startDate = '2027-01-08';
    const error = await refusal('accept-offer', context);
    expect(error.issues).toEqual([
      expect.objectContaining({ path: 'offer.startDate', message: expect.stringContaining('not after your last day') }),
    ]);
  });

  it('warns when the next steps renegotiate', async () => {
    const context = fixture('accept-offer.yaml');
    context.nextSteps = ['revisiting the bonus once I start'];
    expect((await renderOne('accept-offer', context)).warnings).toEqual([expect.stringContaining('leave negotiation out')]);
  });
});

describe('decline-offer', () => {
  it('thanks them, declines clearly with the brief reason, and leaves the door open', async () => {
    const message = await renderOne('decline-offer', fixture('decline-offer.yaml'));
    expect(message.subject).toBe('Declining the Principal Engineer offer');
    expect(message.text).toContain('I have decided to decline the offer. I have accepted a role that is a closer match');
    expect(message.text).toContain('If a future role at Hooli fits, I would welcome hearing from you.');
    expect(message.warnings).toEqual([]);
  });

  it('declines without a reason, and warns about criticism', async () => {
    const context = fixture('decline-offer.yaml');
    delete context.reason;
    expect((await renderOne('decline-offer', context)).text).toContain('I have decided to decline the offer. It was not an easy choice');
    context.reason = 'The offer was too low and the process was disorganized.';
    expect((await renderOne('decline-offer', context)).warnings).toEqual([expect.stringContaining('criticises')]);
  });

  it.each([
    'I have decided to accept an offer closer to my family.',
    "I've decided to stay in my current role for now",
    'After a long talk with my family I decided to stay in Denver.',
    'It was a hard decision, but the commute would be too long.',
  ])('says "decided" and "decision" once in every tone when the reason speaks of deciding: %s', async (reason) => {
    for (const tone of ['warm', 'formal', 'brief']) {
      const message = await renderOne('decline-offer', { ...fixture('decline-offer.yaml'), reason, tone });
      for (const part of [message.text, message.html]) {
        expect(part.match(/\bdecid\w*|\bdecision\b/gi), `${tone}: ${part}`).toHaveLength(1);
      }
      expect(message.text, tone).toMatch(/\bdeclin\w* (it|the offer)\b/);
    }
  });
});

describe('negotiation-reply', () => {
  it.each([
    ['accepted', 'and for agreeing to it.'],
    ['improved', 'and for coming back with a revised offer.'],
    ['refused', 'and for explaining where the offer stands.'],
  ])('thanks them for considering the counteroffer when they %s it', async (answer, thanks) => {
    const context = fixture('negotiation-reply.yaml');
    context.negotiation.answer = answer;
    const message = await renderOne('negotiation-reply', context);
    expect(message.text).toContain(`Thank you for considering my counteroffer for the Staff Engineer role at Globex, ${thanks}`);
  });

  it('accepts the revised offer, confirming it', async () => {
    const message = await renderOne('negotiation-reply', fixture('negotiation-reply.yaml'));
    expect(message.subject).toBe('Accepting the Staff Engineer offer');
    expect(message.text).toContain(
      'I am delighted to accept the offer, with a base salary of $212,000 and a start date of Monday, January 11, 2027.',
    );
    expect(message.warnings).toEqual([]);
  });

  it('declines politely, and warns about resentment', async () => {
    const context = fixture('negotiation-reply.yaml');
    context.response = 'decline';
    delete context.offer;
    context.reason = 'I have decided to stay closer to my family.';
    const message = await renderOne('negotiation-reply', context);
    expect(message.subject).toBe('Declining the Staff Engineer offer');
    expect(message.text).toContain('I am declining the offer. I have decided to stay closer to my family. I am grateful');
    expect(message.warnings).toEqual([]);
    context.reason = 'Frankly I expected more after everything.';
    expect((await renderOne('negotiation-reply', context)).warnings).toEqual([expect.stringContaining('resentment')]);
  });

  it.each([
    'I have decided to stay in my current role for another year.',
    'After a long talk with my family I decided to stay in Denver.',
    'It was a hard decision, but the commute would be too long.',
  ])('says "decided" and "decision" once in every tone when the reason for declining speaks of deciding: %s', async (reason) => {
    const context: Record<string, unknown> = { ...fixture('negotiation-reply.yaml'), response: 'decline', reason };
    delete context.offer;
    for (const tone of ['warm', 'formal', 'brief']) {
      const message = await renderOne('negotiation-reply', { ...context, tone });
      for (const part of [message.text, message.html]) {
        expect(part.match(/\bdecid\w*|\bdecision\b/gi), `${tone}: ${part}`).toHaveLength(1);
      }
    }
  });

  it('refuses a reason with an acceptance, and an answer it does not know', async () => {
    const context = fixture('negotiation-reply.yaml');
    context.reason = 'Thanks.';
    expect((await refusal('negotiation-reply', context)).issues[0]).toMatchObject({ path: 'reason' });
    context.negotiation.answer = 'maybe';
    delete context.reason;
    expect((await refusal('negotiation-reply', context)).issues[0]).toMatchObject({ path: 'negotiation.answer' });
  });
});
