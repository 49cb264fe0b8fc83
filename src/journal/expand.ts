import type { Locate } from '../context/issues.js';
import { AfterviewError, type ContextIssue } from '../errors.js';

/**
 * The journal speaks for a template when the template's own fields are not
 * written: a thank-you goes to the people of the latest round (each with the
 * topic noted for them), the interview date of a withdrawal or a check-in
 * is that round's, and a check-in names the date they gave for news. Fields
 * the user wrote always win.
 */

type Data = Record<string, unknown>;

function isObject(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const RECIPIENT_KEYS = ['name', 'email', 'title', 'addressAs'] as const;
const INTERVIEW_KEYS = ['topic', 'takeaway', 'alsoDiscussed'] as const;

/** The latest round on or before today, with its index in the file. */
function latestRound(context: Data, today: string): { round: Data; index: number } | undefined {
  const rounds = context.rounds;
  if (!Array.isArray(rounds)) return undefined;
  let latest: { round: Data; index: number } | undefined;
  rounds.forEach((round, index) => {
    if (!isObject(round) || typeof round.date !== 'string' || round.date > today) return;
    if (!latest || round.date >= (latest.round.date as string)) latest = { round, index };
  });
  return latest;
}

function pick(source: Data, keys: readonly string[]): Data {
  const picked: Data = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

function thankYouContext(context: Data, today: string, locate?: Locate): Data {
  if (context.interview !== undefined || context.recipients !== undefined) return context;
  const latest = latestRound(context, today);
  const people = latest?.round.people;
  if (!latest || !Array.isArray(people) || people.length === 0) return context;
  const issues: ContextIssue[] = [];
  const recipients = people.filter(isObject).map((person, index) => {
    if (person.topic === undefined) {
      const path = ['rounds', latest.index, 'people', index];
      const source = locate?.(path);
      issues.push({
        path: `rounds.${latest.index}.people.${index}.topic`,
        message: `is required for ${typeof person.name === 'string' ? person.name : 'this person'}'s thank-you note: one specific point you discussed with them`,
        ...(source === undefined ? {} : { source }),
      });
    }
    return { ...pick(person, RECIPIENT_KEYS), interview: pick(person, INTERVIEW_KEYS) };
  });
  if (issues.length) {
    throw new AfterviewError('INVALID_CONTEXT', `The thank-you notes for the round of ${String(latest.round.date)} need more:`, {
      issues,
      hint: 'Or write the thank-you fields yourself (interview, recipients): run `afterview init thank-you` for an example.',
    });
  }
  const { recipient: _recruiter, ...rest } = context;
  return { ...rest, interview: { date: latest.round.date }, recipients };
}

/**
 * The context a template sees for an application file: as written, plus what
 * the journal says where the template's own fields are missing.
 */
export function contextFromJournal(template: string, context: Data, today: string, locate?: Locate): Data {
  if (!Array.isArray(context.rounds)) return context;
  if (template === 'thank-you') return thankYouContext(context, today, locate);
  if ((template === 'withdrawal' || template === 'check-in') && context.interview === undefined) {
    const latest = latestRound(context, today);
    if (!latest) return context;
    const derived: Data = { ...context, interview: { date: latest.round.date } };
    // The date they gave for news, when the round notes one.
    if (template === 'check-in' && context.answerBy === undefined && typeof latest.round.answerBy === 'string') {
      derived.answerBy = latest.round.answerBy;
    }
    return derived;
  }
  return context;
}
