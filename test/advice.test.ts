import { describe, expect, it } from 'vitest';
import { AfterviewError, render, renderPanel } from '../src/index.js';
import { TODAY, fixture } from './helpers/fixtures.js';

/**
 * Issue 8: the advice a career coach would give, naming the field and the
 * words it found; and, for every rule, ordinary text it must leave alone.
 */

type Change = (context: Record<string, any>) => void;

async function warningsFor(template: string, change: Change, today = TODAY): Promise<string[]> {
  const context = fixture(`${template}.yaml`);
  change(context);
  // biome-ignore lint/suspicious/noExplicitAny: the fixtures are untyped on purpose, to hold any change.
  return (await render(template as any, context as any, { today })).warnings;
}

describe('advice that names the field and the words', () => {
  it.each<[string, string, Change, string]>([
    [
      'an apology in a thank-you',
      'thank-you',
      (c) => {
        c.interview.takeaway = 'Sorry I blanked on the recursion question.';
      },
      'interview.takeaway ("Sorry"): a thank-you note is no place for apologies',
    ],
    [
      'an excuse in a thank-you',
      'thank-you',
      (c) => {
        c.fit = 'I was nervous, but my four years building CI match what your team needs.';
      },
      'fit ("I was nervous")',
    ],
    [
      'something forgotten in a thank-you',
      'thank-you',
      (c) => {
        c.interview.alsoDiscussed = ['the on-call rotation', 'what I forgot to mention about Kafka'];
      },
      'interview.alsoDiscussed.1 ("forgot to mention")',
    ],
    [
      'pay in a thank-you',
      'thank-you',
      (c) => {
        c.interview.topic = 'the salary band for the role';
      },
      'interview.topic ("salary"): leave pay out of a thank-you note',
    ],
    [
      'criticism in a withdrawal',
      'withdrawal',
      (c) => {
        c.reason = 'Your process was disorganized and slow.';
      },
      'reason ("disorganized"): criticism has no place in a withdrawal',
    ],
    [
      'a grievance in a resignation',
      'resignation',
      (c) => {
        c.highlight = 'I learned a lot, despite being underpaid for two years.';
      },
      'highlight ("underpaid"): a resignation is not the place for grievances',
    ],
    [
      'a personal expense as a reason',
      'counteroffer',
      (c) => {
        c.reasons.experience = 'I need more to cover my student loans.';
      },
      'reasons.experience ("student loans"): personal expenses are not a reason',
    ],
    [
      'a capital that reads wrong mid-sentence',
      'resignation',
      (c) => {
        c.handover = ['Documenting patient recall procedures'];
      },
      'handover.0 starts with "Documenting", which lands mid-sentence',
    ],
    [
      'a benefit typed with a capital article',
      'counteroffer',
      (c) => {
        c.counter.benefits = ['A relocation allowance'];
      },
      'counter.benefits.0 starts with "A"',
    ],
  ])('catches %s', async (_, template, change, expected) => {
    const warnings = await warningsFor(template, change);
    expect(
      warnings.some((warning) => warning.includes(expected)),
      warnings.join('\n'),
    ).toBe(true);
  });

  it.each<[string, string, Change]>([
    [
      '"paid search" and "pay-per-click" in a thank-you',
      'thank-you',
      (c) => {
        c.interview.topic = 'how the team splits budget between paid search and the pay-per-click pilot';
      },
    ],
    [
      '"health equity" in a thank-you',
      'thank-you',
      (c) => {
        c.fit = 'I built the county health equity dashboard.';
      },
    ],
    [
      'a neutral reason in a withdrawal',
      'withdrawal',
      (c) => {
        c.reason = 'I have accepted a role in chaos engineering closer to my family.';
      },
    ],
    [
      'a benefit asked for, such as tuition reimbursement',
      'counteroffer',
      (c) => {
        c.counter.benefits = ['tuition reimbursement toward my MSN', 'two remote days a week'];
      },
    ],
    [
      'a name at the start of a hand-over item',
      'resignation',
      (c) => {
        c.handover = ['Kubernetes upgrades', 'Spring Boot services'];
      },
    ],
    [
      'an agreed week of notice',
      'resignation',
      (c) => {
        c.notice = { length: '1 week', agreed: true };
        delete c.lastDay;
      },
    ],
  ])('leaves alone %s', async (_, template, change) => {
    expect(await warningsFor(template, change)).toEqual([]);
  });
});

describe('timing and amounts', () => {
  it('advises two weeks’ notice, naming the notice given', async () => {
    const week = await warningsFor('resignation', (c) => {
      c.notice = { length: '1 week' };
      delete c.lastDay;
    });
    expect(week).toEqual([
      'notice.length ("1 week") is less than the usual two weeks\' notice; give two weeks, or set notice.agreed: true if your employer agreed to it (the letter then says so).',
    ]);
    const twoWeeks = await warningsFor('resignation', (c) => {
      c.notice = { length: '2 weeks' };
      delete c.lastDay;
    });
    expect(twoWeeks).toEqual([]);
  });

  it('refuses no notice at all unless it was agreed, and then names only the last day', async () => {
    const context = fixture('resignation.yaml');
    context.notice = { length: '0 days' };
    delete context.lastDay;
    const refused = await render('resignation', context as never, { today: TODAY }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AfterviewError);
    expect((refused as AfterviewError).issues).toEqual([
      {
        path: 'notice.length',
        message:
          'is no notice at all; give at least "2 weeks", or set notice.agreed: true if your employer agreed to let you leave at once',
      },
    ]);
    context.notice = { length: '0 days', agreed: true };
    const agreed = await render('resignation', context as never, { today: TODAY });
    expect(agreed.text).toContain('at Lumen Logistics. My last day will be Wednesday, November 25, 2026.');
    expect(agreed.text).not.toContain("no days'");
  });

  it('advises when the ask is above the top of the range cited', async () => {
    const above = await warningsFor('counteroffer', (c) => {
      c.counter.base = 199000;
    });
    expect(above).toEqual([
      'counter.base ($199,000) is above the top of the range you cite (reasons.market.high, $195,000); ask within the range your research supports.',
    ]);
    expect(await warningsFor('counteroffer', (c) => (c.counter.base = 190000))).toEqual([]);
  });

  it('advises asking for review time within about a business day of the offer', async () => {
    // Received Friday 2026-11-20; Wednesday the 25th is three business days later.
    const late = await warningsFor('offer-review', (c) => {
      c.offer.receivedOn = '2026-11-20';
      delete c.replyBy;
    });
    expect(late[0]).toContain('The offer arrived 3 business days ago (offer.receivedOn 2026-11-20)');
    // Received Friday, sent Monday: one business day, on time.
    const monday = await warningsFor(
      'offer-review',
      (c) => {
        c.offer.receivedOn = '2026-11-20';
        delete c.replyBy;
      },
      '2026-11-23',
    );
    expect(monday).toEqual([]);
  });

  it('advises a thank-you sent later than a day after the interview', async () => {
    expect((await warningsFor('thank-you', () => {}, '2026-11-27'))[0]).toContain('The interview was 3 days ago');
    expect(await warningsFor('thank-you', () => {}, '2026-11-25')).toEqual([]);
  });
});

describe('panels', () => {
  it('warns, naming the two people, when two notes still read alike', async () => {
    const panel = fixture('panel.yaml');
    // Five people: the fifth gets the first one's phrasing again, and here the same topic.
    panel.recipients = ['Ana Ruiz', 'Ben Ode', 'Cy Tan', 'Dee Park', 'Eve Marsh'].map((name) => ({
      name,
      interview: { topic: 'how the payments platform will handle the move to ISO 20022 messaging' },
    }));
    const messages = await renderPanel('thank-you', panel as never, { today: TODAY });
    const warning = messages[0]!.warnings.find((w) => w.startsWith('The notes to Ana Ruiz and Eve Marsh share'));
    expect(warning).toMatch(/share \d+% of their word pairs/);
    expect(messages[4]!.warnings).toContain(warning);
    expect(messages[1]!.warnings.filter((w) => w.startsWith('The notes to'))).toEqual([]);
  });
});
