import { describe, expect, it } from 'vitest';
import { greetingName } from '../src/text/greeting.js';

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
