import { describe, expect, it } from 'vitest';
import { greetingName } from '../src/text/greeting.js';
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
