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

  it('is the first word of the name without signAs, the given name of a Korean name written family name first, and a Hangul name as written', async () => {
    const signed = async (name: string) =>
      (await renderContext('withdrawal', context({ name }), { today: TODAY }))[0]!.message.split(' ').slice(-2).join(' ');
    expect(await signed('Marty Hale-Evans')).toMatch(/ Marty$/);
    expect(await signed('Kim Min-seo')).toMatch(/ Min-seo$/);
    expect(await signed('Park Ji-hoon')).toMatch(/ Ji-hoon$/);
    // A Western double given name is capitalised after its hyphen; another family-first name needs signAs.
    expect(await signed('Jean-Luc Picard')).toMatch(/ Jean-Luc$/);
    expect(await signed('Lee Jean-Luc')).toMatch(/ Lee$/);
    expect(await signed('Wang Wei')).toMatch(/ Wang$/);
    expect(await signed('Kim Min-seo Lee')).toMatch(/ Kim$/);
    expect(await signed('김민서')).toMatch(/ 김민서$/);
    // The email is still signed with the full name.
    const [message] = await renderContext('withdrawal', context({ name: 'Kim Min-seo' }), { today: TODAY });
    expect(message!.text).toContain('\nKim Min-seo\n');
  });

  it('greets a Korean name written family name first by the whole name, as a name in Hangul', async () => {
    const greeted = async (name: string) => {
      const [message] = await renderContext('withdrawal', { ...fixture('withdrawal.yaml'), recipient: { name } }, { today: TODAY });
      return /^Dear (.+),$/m.exec(message!.text)?.[1];
    };
    expect(await greeted('Park Ji-hoon')).toBe('Park Ji-hoon');
    expect(await greeted('이준호')).toBe('이준호');
    expect(await greeted('Ji-hoon Park')).toBe('Ji-hoon');
    expect(await greeted('Jean-Luc Picard')).toBe('Jean-Luc');
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
