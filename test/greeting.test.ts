import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { givenName, greetingName } from '../src/text/greeting.js';
import * as plain from './helpers/plain-greeting.js';
import { renderContext } from '../src/render/render.js';
import { TODAY, fixture } from './helpers/fixtures.js';

describe('the greeting without addressAs', () => {
  it.each([
    ['Kevin Brooks', 'Kevin'],
    ['Linda Park', 'Linda'],
    ['Dr. Amara Nwosu', 'Dr. Nwosu'],
    ['Dr Amara Nwosu', 'Dr Nwosu'],
    ['Principal Maria Santos', 'Principal Santos'],
    ['Prof. Ludwig van der Berg', 'Prof. van der Berg'],
    ['Dr. María de la Cruz', 'Dr. de la Cruz'],
    ['Ms. Santos', 'Ms. Santos'],
    ['Mrs. Olufunke Adeyemi-Bello', 'Mrs. Adeyemi-Bello'],
    ['Patricia Gómez, RN, MSN', 'Patricia'],
    ['Dr. Amara Nwosu, PhD', 'Dr. Nwosu'],
    ['Kevin Brooks Jr.', 'Kevin'],
    ['Martin Luther King, Jr.', 'Martin'],
    ['Sir Ian Blackwood', 'Sir Ian'],
    ['Robert "Bob" Whitaker', 'Bob'],
    ['J. Robert Fielding', 'Robert'],
    ['Mary-Jane O’Neill', 'Mary-Jane'],
    ['Zoë Ångström', 'Zoë'],
    ['Ólafur Ragnarsson', 'Ólafur'],
    ['sofia marchetti', 'Sofia'],
    ['Madonna', 'Madonna'],
    ['山田太郎', '山田太郎'],
    ['山田 太郎', '山田 太郎'],
    ['김민준', '김민준'],
    ['王芳', '王芳'],
    ['Σοφία Παπαδοπούλου', 'Σοφία'],
    ['Анна Иванова', 'Анна'],
    ['Herr Dr. Jonas Weber', 'Herr Weber'],
  ])('%s → %s', (name, expected) => {
    expect(greetingName(name)).toBe(expected);
  });
});

describe('the name a short message is signed with', () => {
  const context = (sender: Record<string, string>) => ({
    ...fixture('withdrawal.yaml'),
    sender: { email: 'minseo.kim@example.com', ...sender },
  });

  it('is sender.signAs when given, and the email still signs with the full name', async () => {
    const [message] = await renderContext('withdrawal', context({ name: 'Kim Min-seo', signAs: 'Min-seo' }), { today: TODAY });
    expect(message!.message).toMatch(/ Min-seo$/);
    expect(message!.message).not.toMatch(/\bKim$/);
    expect(message!.text).toContain('\nKim Min-seo\n');
  });

  it('is the first word of the name without signAs, and a Hangul name as written', async () => {
    const [latin] = await renderContext('withdrawal', context({ name: 'Kim Min-seo' }), { today: TODAY });
    expect(latin!.message).toMatch(/ Kim$/);
    const [hangul] = await renderContext('withdrawal', context({ name: '김민서' }), { today: TODAY });
    expect(hangul!.message).toMatch(/ 김민서$/);
  });

  it('refuses a signAs too long for a note, naming the field', async () => {
    await expect(renderContext('withdrawal', context({ name: 'Kim Min-seo', signAs: 'M'.repeat(41) }), { today: TODAY })).rejects.toThrow(
      /sender\.signAs/,
    );
  });
});

describe('the quicker name rules', () => {
  // Titles, particles, suffixes and initials with and without their dot, each kind of quotation mark,
  // commas, spaces of every width, and letters inside and outside Latin script.
  const unit = fc.constantFrom(
    ...['Dr.', 'dr', 'Prof', 'Mr.', 'Sir', 'Dame', 'Herr', 'M.', 'van', 'de', 'la', 'bin', 'Jr.', 'sr', 'III', 'iv.', 'J.', 'é.', 'Ω.'],
    ...['"', '“', '”', "'", '‘', '’', ',', '.', '-', ' ', ' ', '  ', '\t', '\u00a0', '\u3000'],
    ...['Ana', 'ruiz', 'Bob', 'Zoë', 'Ólafur', 'Σοφία', '山田', '김', 'x', 'Ă'],
  );
  const name = fc.string({ unit, maxLength: 10 });

  it('give what the plain rules give', () => {
    fc.assert(
      fc.property(name, (value) => {
        expect(greetingName(value)).toBe(plain.greetingName(value));
        expect(givenName(value)).toBe(plain.givenName(value));
      }),
      { numRuns: 20_000 },
    );
  }, 60_000);
});
