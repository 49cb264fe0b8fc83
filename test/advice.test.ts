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
  const sentence = (words: number) => Array.from({ length: words }, (_, i) => `word${i}`).join(' ');
  const shared = (warnings: readonly string[]) => warnings.filter((w) => w.includes('word for word'));

  it('warns every person when a sentence of yours goes word for word to the whole panel', async () => {
    const panel = fixture('panel.yaml');
    // The fixture gives each person their own fit: no such warning.
    expect((await renderPanel('thank-you', panel as never, { today: TODAY })).flatMap((m) => shared(m.warnings))).toEqual([]);
    for (const person of panel.recipients) delete person.fit;
    panel.fit = 'Having led the move to real-time payments at my bank, I know this kind of migration first-hand.';
    const messages = await renderPanel('thank-you', panel as never, { today: TODAY });
    for (const message of messages) {
      expect(message.text).toContain('I know this kind of migration first-hand');
      expect(shared(message.warnings)).toEqual([
        'Every note (to Dr. Felicity Osei, Mateus Araújo and Grace Whitfield) carries your fit word for word ("Having led the move to real-time payments at…"), and panel members compare notes; write one for each person, tied to what you discussed with them (fit in each person\'s entry under recipients).',
      ]);
    }
  });

  it('names only the people whose notes share the sentence, at its field path', async () => {
    const panel = fixture('panel.yaml');
    const takeaway = 'That point about replaying a year of events changed how I think about audit trails.';
    panel.recipients[0].interview.takeaway = takeaway;
    panel.recipients[2].interview.takeaway = takeaway;
    const messages = await renderPanel('thank-you', panel as never, { today: TODAY });
    const warning = shared(messages[0]!.warnings);
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatch(/^The notes to Dr\. Felicity Osei and Grace Whitfield both carry your interview\.takeaway word for word/);
    expect(shared(messages[2]!.warnings)).toEqual(warning);
    expect(shared(messages[1]!.warnings)).toEqual([]);
  });

  it('does not count what every note names by nature, nor a few words, nor a single person', async () => {
    const panel = fixture('panel.yaml');
    // A long employer name and role are in every note; a short shared topic is the lookalike check's to judge.
    panel.company = 'Office of the Chief Medical Examiner of the City of New York';
    panel.role = 'Senior Forensic Toxicologist, Division of Special Investigations';
    for (const person of panel.recipients) person.interview.topic = 'blameless incident reviews';
    const messages = await renderPanel('thank-you', panel as never, { today: TODAY });
    expect(messages.flatMap((m) => shared(m.warnings))).toEqual([]);
    const one = fixture('thank-you.yaml');
    one.fit = sentence(12);
    expect(shared((await render('thank-you', one as never, { today: TODAY })).warnings)).toEqual([]);
  });

  it('warns, naming the two people, when two notes still read alike', async () => {
    const panel = fixture('panel.yaml');
    // Five people: the fifth gets the first one's phrasing again, and here the same topic.
    panel.fit = 'I have run payment migrations like this one.';
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
