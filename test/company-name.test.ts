import { describe, expect, it } from 'vitest';
import { render } from '../src/index.js';
import { companyInSentence, takesArticle } from '../src/text/company-name.js';
import { TODAY, fixture } from './helpers/fixtures.js';

/**
 * An employer named for what it is ("Office of …", "… Department") takes "the" inside a
 * sentence; any other name is written as given. Held over names of both kinds, and through
 * the templates: in the body after "at", "to" and "join", bare where it heads a subject or
 * stands before a noun ("my … application", "the … offer").
 */
const WITH_ARTICLE = [
  'Office of the Chief Medical Examiner of the City of New York',
  'University of Toronto',
  'Metro County Public Health Department',
  'City of Boston',
  'Ministry of Health',
  'Greater London Authority',
  'Arts Council',
  'European Commission',
  'State of Oregon',
  'Museum of Modern Art',
  'Institute of Cancer Research',
  'Theatre Royal Department',
  'Tampa Bay Water Authority',
];
const AS_WRITTEN = [
  'Acme Corp',
  'Bank of America',
  'Massachusetts Institute of Technology',
  'The New York Times',
  'the Wellcome Trust',
  'the Metro County Public Health Department',
  'The University of Toronto',
  'Department Store Holdings Ltd.',
  'Transport for London',
  'Quillon & Marsh',
  'Yahoo! Kitchens',
  'Hyundai Samho Heavy Industries Co., Ltd.',
  'officeofficial GmbH',
  'University Hospitals Birmingham',
  'THE Arts Council',
  'Council',
  'Authority',
  'University ofToronto',
  'Office Depot',
  'department of Health',
  'Health Department Ltd',
  'Transport Authority ',
  'Office  of Fair Trading',
];

describe('an employer in a sentence', () => {
  it('takes "the" when named for what it is, and is written as given otherwise', () => {
    for (const name of WITH_ARTICLE) {
      expect(takesArticle(name), name).toBe(true);
      expect(companyInSentence(name)).toBe(`the ${name}`);
    }
    for (const name of AS_WRITTEN) {
      expect(takesArticle(name), name).toBe(false);
      expect(companyInSentence(name)).toBe(name);
    }
  });

  it('reads "at the …" in every body and short message, and heads a subject without it', async () => {
    const company = 'Office of the Chief Medical Examiner';
    for (const template of ['thank-you', 'check-in', 'withdrawal', 'feedback-request', 'decline-offer'] as const) {
      for (const tone of ['warm', 'formal', 'brief'] as const) {
        const context = { ...fixture(`${template}.yaml`), company, tone };
        const message = await render(template, context as never, { today: TODAY });
        for (const part of [message.text, message.message, message.subject]) {
          // Never bare after a word that needs the article, never doubled.
          expect(part, `${template} ${tone}`).not.toMatch(/\b(at|to|join|joining|from|of|for|about|that) Office of/);
          expect(part).not.toMatch(/the the\b/i);
        }
        expect(message.text.includes(`the ${company}`) || !message.text.includes(company), `${template} ${tone}`).toBe(true);
        // A subject that names it as a heading, or before a noun, keeps the name as written.
        expect(message.subject).not.toMatch(/– the Office|the Office of the Chief Medical Examiner (application|offer|interviews)/);
      }
    }
  });

  it('stands before a noun as written: "my … application", "the … offer"', async () => {
    const checkIn = await render(
      'check-in',
      { ...fixture('check-in.yaml'), company: 'Metro County Public Health Department', tone: 'brief' } as never,
      { today: TODAY },
    );
    expect(`${checkIn.subject}\n${checkIn.message}`).not.toMatch(/my the /);
    const decline = await render(
      'decline-offer',
      { ...fixture('decline-offer.yaml'), company: 'Arts Council', role: 'Grants Officer, North' } as never,
      {
        today: TODAY,
      },
    );
    expect(decline.subject).not.toMatch(/the the|Declining the Arts Council offer/);
    const plain = await render('check-in', { ...fixture('check-in.yaml'), company: 'Acme Corp' } as never, { today: TODAY });
    expect(plain.text).toContain('at Acme Corp');
    expect(plain.text).not.toContain('the Acme Corp');
  });
});
