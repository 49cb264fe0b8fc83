import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { formatJson } from '../src/index.js';
import { AfterviewError } from '../src/errors.js';
import { toEml } from '../src/render/eml.js';
import { builtInTemplatesDir, compileMjml, fillTemplate, loadCompiledTemplate, mjmlSource } from '../src/internal.js';
import { renderContext, type RenderedMessage } from '../src/render/render.js';
import { templateNames as registered, type TemplateName } from '../src/index.js';
import { TODAY, fixture } from './helpers/fixtures.js';
import { misnamedWeekdays } from './helpers/weekdays.js';

// Only the built-in templates are registered in these tests.
const templateNames = registered as readonly TemplateName[];

async function renderOne(template: TemplateName, context: unknown, today = TODAY): Promise<RenderedMessage> {
  const messages = await renderContext(template, context, { today });
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

describe.each(templateNames)('the %s fixture', (template) => {
  it('renders every part without leftovers, entities or gaps', async () => {
    const message = await renderOne(template, fixture(`${template}.yaml`));
    for (const part of [message.subject, message.text, message.message]) {
      expect(part).not.toMatch(/\{\{|\}\}|undefined|NaN|\[object Object\]|\bnull\b/);
      expect(part).not.toMatch(/&(amp|lt|gt|quot|#x?[0-9a-f]+);/i);
      expect(part).not.toMatch(/ {2,}|\s[,.;:]|\n{3,}|,,|Dear ,/);
    }
    expect(message.html).not.toMatch(/\{\{|\}\}|undefined|NaN|\[object Object\]/);
    expect(message.subject.length).toBeLessThanOrEqual(50);
    expect([...message.message].length).toBeLessThanOrEqual(300);
    expect(words(message.text)).toBeGreaterThanOrEqual(90);
    expect(words(message.text)).toBeLessThanOrEqual(220);
    expect(misnamedWeekdays(`${message.text}\n${message.message}`)).toEqual([]);
    expect(message.warnings).toEqual([]);
  });

  it('keeps every Handlebars expression of its MJML through MJML compilation', async () => {
    const source = await mjmlSource(template);
    const expressions = [...source.matchAll(/\{\{[^}]*\}\}/g)].map((m) => m[0]);
    expect(expressions.length).toBeGreaterThan(3);
    const compiled = await compileMjml(source, template);
    const missing = expressions.filter((expression) => !compiled.includes(expression));
    expect(missing).toEqual([]);
  });
});

describe('rendered messages', () => {
  it('writes the thank-you note from the fixture', async () => {
    const message = await renderOne('thank-you', fixture('thank-you.yaml'));
    expect(message.subject).toMatchInlineSnapshot(`"Thank you – Senior Platform Engineer interview"`);
    expect(message.text).toMatchInlineSnapshot(`
      "Dear Ana,

      Thank you for taking the time to speak with me yesterday about the Senior Platform Engineer role at Acme Corp. I enjoyed learning more about the team and the work ahead.

      I especially appreciated our conversation about how the platform team plans to move CI to ephemeral runners. It reminded me of the runner fleet I rebuilt at Northwind, where we cut queue times from twelve minutes to under one. It was also good to hear about the on-call rotation and the move to a single deploy pipeline.

      My four years building self-service CI for 200 engineers at Northwind match what your team needs next. Our conversation made me even more excited about the chance to contribute to Acme Corp.

      If there is anything else I can share to help with your decision, please let me know. I look forward to hearing about the next steps.

      Best regards,
      Marty Hale-Evans
      +1 555 0100
      marty@example.com"
    `);
    expect(message.message).toMatchInlineSnapshot(
      `"Hi Ana, thank you for speaking with me yesterday. I'm excited about the chance to contribute to Acme Corp. Best, Marty"`,
    );
  });

  it('writes the thank-you HTML body from the fixture', async () => {
    const { html } = await renderOne('thank-you', fixture('thank-you.yaml'));
    const paragraphs = [...html.matchAll(/<p[^>]*>([\s\S]*?)<\/p>/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim());
    expect(paragraphs).toMatchInlineSnapshot(`
      [
        "Dear Ana,",
        "Thank you for taking the time to speak with me yesterday about the Senior Platform Engineer role at Acme Corp. I enjoyed learning more about the team and the work ahead.",
        "I especially appreciated our conversation about how the platform team plans to move CI to ephemeral runners. It reminded me of the runner fleet I rebuilt at Northwind, where we cut queue times from twelve minutes to under one. It was also good to hear about the on-call rotation and the move to a single deploy pipeline.",
        "My four years building self-service CI for 200 engineers at Northwind match what your team needs next. Our conversation made me even more excited about the chance to contribute to Acme Corp.",
        "If there is anything else I can share to help with your decision, please let me know. I look forward to hearing about the next steps.",
        "Best regards,",
        "Marty Hale-Evans<br><a href="tel:+15550100">+1 555 0100</a><br><a href="mailto:marty@example.com">marty@example.com</a>",
      ]
    `);
  });

  it('writes the offer review from the fixture', async () => {
    const message = await renderOne('offer-review', fixture('offer-review.yaml'));
    expect(`${message.subject}\n\n${message.text}\n\n${message.message}`).toMatchInlineSnapshot(`
      "Senior Data Engineer offer – a few questions

      Dear Ciarán,

      Thank you for offering me the Senior Data Engineer role at Brightwater Analytics. I am excited about the chance to join the team, and I appreciate the time everyone gave me during the process.

      I have read through the offer, including the base salary of €92,000 and the proposed start date of Monday 11 January 2027, and I would like a little time to consider it carefully. I will give you my answer by Thursday 26 November 2026.

      To help me decide, I would be grateful for more detail on the following:

      - How is the annual bonus calculated, and what has it paid out in recent years?
      - What does the employer contribute to the pension scheme?
      - Is there flexibility to start a week later, on 18 January?

      I am happy to go through these on a short call if that is easier for you.

      Thank you again for the offer; I look forward to speaking with you soon.

      Best regards,
      Zoë Ó Briain
      +353 87 555 0142
      zoe.obriain@example.ie

      Hi Ciarán, thank you for the offer. I've emailed you a few questions about the package, and I will give you my answer by Thursday 26 November 2026. Best, Zoë"
    `);
  });

  it('writes the counteroffer from the fixture', async () => {
    const message = await renderOne('counteroffer', fixture('counteroffer.yaml'));
    expect(`${message.subject}\n\n${message.text}\n\n${message.message}`).toMatchInlineSnapshot(`
      "Discussing the Senior Firmware Engineer offer

      Dear Daniel,

      Thank you again for the offer of the Senior Firmware Engineer role at Fernhill Robotics. I am excited about the team and the work ahead. I am confident I can help the motion-control team ship the new arm controller on schedule and cut field firmware defects in my first year.

      Having reviewed the package, I would like to explain the figure I have in mind. I bring eight years of embedded C and Rust on safety-certified products, including two robot arms now in production. I hold the TÜV Functional Safety Engineer certification and an MSc in Electrical Engineering, which I would put to direct use in this role. Given the range of $175,000 to $195,000 for this role according to Levels.fyi and the 2026 Dice Tech Salary Report, and what I have set out above, I believe a base salary of $182,000 reflects the value I would bring to the role, rather than the $168,000 offered.

      I would also like to discuss a signing bonus of $10,000 and two remote days a week.

      Once we agree on these terms, I am ready to sign. I am happy to talk them through on a call, and thank you for considering my request.

      Best regards,
      Priya Raman
      +1 919 555 0187
      priya.raman@example.com
      https://linkedin.com/in/priyaraman

      Hi Daniel, thank you again for the offer. I'm excited about joining Fernhill Robotics. I've emailed you my thoughts on the salary. I look forward to talking it through. Best, Priya"
    `);
  });

  it('writes the withdrawal from the fixture', async () => {
    const message = await renderOne('withdrawal', fixture('withdrawal.yaml'));
    expect(`${message.subject}\n\n${message.text}\n\n${message.message}`).toMatchInlineSnapshot(`
      "Withdrawing my Product Designer application

      Dear Megan,

      I am writing to let you know that I am withdrawing my application for the Product Designer role at Kestrel Health. I have accepted a role at another company.

      Thank you for your time and consideration, and for our conversation on Tuesday, November 17, 2026. I enjoyed learning about Kestrel Health, and I appreciate the care you put into the process.

      I would be grateful if you kept my details on file for future openings, as I would welcome the chance to be considered again. I wish you and the team every success.

      Kind regards,
      Tomás Herrera
      +1 312 555 0163
      tomas.herrera@example.com

      Hi Megan, I'm withdrawing my application to Kestrel Health. I have accepted a role at another company. Thank you for your time; please keep my details on file for future openings. Best, Tomás"
    `);
  });

  it('writes the resignation from the fixture', async () => {
    const message = await renderOne('resignation', fixture('resignation.yaml'));
    expect(`${message.subject}\n\n${message.text}\n\n${message.message}`).toMatchInlineSnapshot(`
      "Resignation – Jordan Blake

      Dear Rachel,

      Please accept this message as formal notice of my resignation from my position as Software Engineer II at Lumen Logistics. I am giving two weeks' notice from today, and my last day will be Wednesday, December 9, 2026.

      Thank you for the opportunities and support I have had since I joined. Leading the warehouse-scanning rollout taught me more than any course could. I am grateful to have worked with such a talented team.

      I want to make the transition as smooth as possible, and I am glad to help with the handover, including documenting the route-planning service and pairing with whoever takes over my on-call shifts. Please let me know what would be most useful before I leave.

      I wish you and everyone at Lumen Logistics continued success, and I hope we stay in touch.

      Sincerely,
      Jordan Blake
      +1 206 555 0119
      jordan.blake@example.com

      Hi Rachel, I've just emailed you my formal resignation. My last day will be Wednesday, December 9, 2026. Thank you for everything; I'll do all I can to make the handover smooth. Best, Jordan"
    `);
  });

  it('writes the feedback request from the fixture', async () => {
    const message = await renderOne('feedback-request', fixture('feedback-request.yaml'));
    expect(`${message.subject}\n\n${message.text}\n\n${message.message}`).toMatchInlineSnapshot(`
      "UX Researcher – a request for feedback

      Dear Dr. Sørensen,

      Thank you for letting me know your decision about the UX Researcher role at Nordlys Energy, and for the time you and the team spent with me during the process. I understand and respect the decision.

      I am always looking to improve, so I would value your honest assessment of my interviews and any advice on what I could do better, particularly on the research case presentation and how I framed trade-offs in the portfolio review. Even a few brief points would help me a great deal.

      I understand if you are not able to share feedback, and I thank you for considering it either way.

      I enjoyed getting to know the team, and I would welcome the chance to be considered for future roles at Nordlys Energy.

      Kind regards,
      Aiyana Brooks
      aiyana.brooks@example.com
      https://linkedin.com/in/aiyanabrooks

      Hi Dr. Sørensen, thank you for letting me know your decision. I respect it. If you can share any honest feedback on what I could improve, I'd be grateful, and I understand if you can't. Best, Aiyana"
    `);
  });

  it('serves several templates from one application file', async () => {
    const application = fixture('application.yaml');
    for (const template of ['thank-you', 'offer-review', 'counteroffer', 'withdrawal', 'feedback-request'] as const) {
      const message = await renderOne(template, application);
      expect(message.text).toContain(application.company);
    }
  });
});

describe('timing and dates', () => {
  function offerReview(receivedOn: string, extra: Record<string, unknown> = {}) {
    const context = fixture('offer-review.yaml');
    context.locale = 'en-US';
    context.offer.receivedOn = receivedOn;
    delete context.replyBy;
    return { ...context, ...extra };
  }

  it.each([
    ['2026-11-23', 'Wednesday, November 25, 2026'], // Monday → Wednesday
    // Thursday → Monday over the weekend, but that is today: never a reply by the day the request goes out.
    ['2026-11-19', 'Tuesday, November 24, 2026'],
    ['2026-11-20', 'Tuesday, November 24, 2026'], // Friday → Tuesday
  ])('proposes a reply two business days after an offer received on %s', async (receivedOn, reply) => {
    const message = await renderOne('offer-review', offerReview(receivedOn), '2026-11-23');
    expect(message.text).toContain(reply);
    expect(message.message).toContain(reply);
  });

  it('skips listed holidays when proposing the reply date', async () => {
    const message = await renderOne('offer-review', offerReview('2026-11-25', { holidays: ['2026-11-26', '2026-11-27'] }));
    expect(message.text).toContain('Tuesday, December 1, 2026');
  });

  it.each([
    ['2026-11-25', undefined, 'Wednesday, December 9, 2026'],
    ['2026-11-27', undefined, 'Friday, December 11, 2026'],
    // Two weeks from a Saturday is a Saturday: the last working day is the Friday before.
    ['2026-11-28', undefined, 'Friday, December 11, 2026'],
    ['2026-11-25', '1 month', 'Friday, December 25, 2026'],
    ['2026-11-25', '30 days', 'Friday, December 25, 2026'],
  ])('gives notice on %s for %s and names the right last day', async (date, length = 'the default two weeks', lastDay) => {
    const context = fixture('resignation.yaml');
    context.locale = 'en-US';
    context.notice = { date, ...(length.startsWith('the default') ? {} : { length }) };
    delete context.lastDay;
    const message = await renderOne('resignation', context, '2026-11-25');
    expect(message.text).toContain(`my last day will be ${lastDay}.`);
  });

  it('moves a last day that lands on a holiday back to the working day before', async () => {
    const context = fixture('resignation.yaml');
    context.locale = 'en-US';
    context.notice = { date: '2026-11-25', length: '1 month' };
    context.holidays = ['2026-12-25'];
    delete context.lastDay;
    const message = await renderOne('resignation', context, '2026-11-25');
    expect(message.text).toContain('my last day will be Thursday, December 24, 2026.');
  });
});

describe('optional fields', () => {
  it('leaves no gap when optional sentences are absent', async () => {
    const full = fixture('thank-you.yaml');
    const bare = fixture('thank-you.yaml');
    delete bare.interview.takeaway;
    delete bare.interview.alsoDiscussed;
    delete bare.sender.phone;
    const message = await renderOne('thank-you', bare);
    const withAll = await renderOne('thank-you', full);
    expect(message.text).toContain(
      'I especially appreciated our conversation about how the platform team plans to move CI to ephemeral runners.\n\n',
    );
    expect(withAll.text).toContain('It was also good to hear about the on-call rotation and the move to a single deploy pipeline.');
    expect(message.text).toMatch(/Marty Hale-Evans\nmarty@example\.com$/);
    expect(message.text).not.toMatch(/ {2,}|\s[,.]|\n{3,}/);
    expect(message.html).not.toMatch(/<p[^>]*>\s*<\/p>/);
  });

  it('joins lists the way the locale writes them', async () => {
    const context = fixture('thank-you.yaml');
    context.interview.alsoDiscussed = ['the on-call rotation', 'pairing', 'the deploy pipeline'];
    expect((await renderOne('thank-you', context)).text).toContain('the on-call rotation, pairing, and the deploy pipeline.');
    context.locale = 'en-GB';
    expect((await renderOne('thank-you', context)).text).toContain('the on-call rotation, pairing and the deploy pipeline.');
  });

  it('formats money for the locale and currency, without cents', async () => {
    const context = fixture('counteroffer.yaml');
    const us = await renderOne('counteroffer', context);
    expect(us.text).toMatch(/\$\d{3},\d{3}\b(?!\.)/);
    // The words are English: a German locale gives English words with German conventions, not "und".
    context.locale = 'de-DE';
    context.offer.currency = 'EUR';
    delete context.counter.currency;
    const de = await renderOne('counteroffer', context);
    expect(de.text).toContain('a base salary of €182,000 reflects the value I would bring to the role, rather than the €168,000 offered.');
    expect(de.text).not.toMatch(/\bund\b|[.,]\d{2}\b/);
  });
});

describe("a user's own values: & < > quotes, apostrophes and diacritics", () => {
  const hostile = {
    name: "Zoë O'Brien-Łukasiewicz",
    company: 'O\'Brien & Sons <Ltd> "Best"',
    topic: 'the <script>alert("x")</script> & {{#each this}} question',
  };

  async function hostileThankYou(): Promise<RenderedMessage> {
    const context = fixture('thank-you.yaml');
    context.recipient.name = hostile.name;
    context.recipient.addressAs = hostile.name;
    context.company = hostile.company;
    context.interview.topic = hostile.topic;
    return renderOne('thank-you', context);
  }

  it('keeps them as written in the subject, text and short message', async () => {
    const message = await hostileThankYou();
    expect(message.text).toContain(`Dear ${hostile.name},`);
    expect(message.text).toContain(`role at ${hostile.company}.`);
    expect(message.text).toContain(`conversation about ${hostile.topic}.`);
    expect(message.message).toContain(hostile.company);
    expect(message.text).not.toMatch(/&(amp|lt|gt|quot|#x?[0-9a-f]+);/);
  });

  it('escapes them in the HTML, where template syntax in a value is never run', async () => {
    const { html } = await hostileThankYou();
    expect(html).toContain('Dear Zoë O&#x27;Brien-Łukasiewicz,');
    expect(html).toContain('O&#x27;Brien &amp; Sons &lt;Ltd&gt; &quot;Best&quot;');
    expect(html).toContain('the &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {{#each this}} question');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<Ltd>');
  });

  it('survives JSON and .eml intact', async () => {
    const message = await hostileThankYou();
    const [fromJson] = JSON.parse(formatJson([message]));
    expect(fromJson.text).toBe(message.text);
    expect(fromJson.to.name).toBe(hostile.name);
    const mail = await simpleParser(await toEml(message, { date: new Date('2026-11-25T10:00:00Z') }));
    expect(mail.text?.trimEnd()).toBe(message.text);
    expect(mail.html).toContain('O&#x27;Brien &amp; Sons &lt;Ltd&gt;');
    const to = mail.to && !Array.isArray(mail.to) ? mail.to.value : [];
    expect(to).toEqual([{ name: hostile.name, address: 'ana.ruiz@acme.example' }]);
  });

  it('refuses a header-breaking value in an .eml recipient', async () => {
    const message = await renderOne('thank-you', fixture('thank-you.yaml'));
    await expect(toEml(message, { to: 'ana@acme.example\r\nBcc: all@example.com' })).rejects.toThrow(
      'The recipient contains a line break, which could inject a mail header; remove it.',
    );
  });
});

describe('the template engine', () => {
  it('fails loudly when a template refers to a field the view lacks, rather than printing nothing', async () => {
    const compiled = await loadCompiledTemplate('thank-you');
    expect(() => fillTemplate(compiled, {})).toThrow(AfterviewError);
    expect(() => fillTemplate(compiled, {})).toThrow(/thank-you\/subject\.hbs: "role" not defined/);
  });

  it('compiles each template once and reuses it', async () => {
    expect(await loadCompiledTemplate('withdrawal')).toBe(await loadCompiledTemplate('withdrawal'));
  });

  it('takes the built-in folder given by its address, or by a copy of that address, as the built-in templates', async () => {
    const builtIn = await loadCompiledTemplate('decline-offer');
    expect(await loadCompiledTemplate('decline-offer', builtInTemplatesDir())).toBe(builtIn);
    expect(await loadCompiledTemplate('decline-offer', new URL(builtInTemplatesDir().href))).toBe(builtIn);
  });
});
