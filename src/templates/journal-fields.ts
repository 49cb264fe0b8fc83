import { z } from 'zod';
import { isoDate, line, list, recipientFields, sentence } from './fields.js';

/**
 * The fields an application file holds beside the templates' own: the journal
 * of the process. No template renders them; every template accepts a file
 * that has them (see validate.ts), so one file serves every message.
 */

/** A longer note: a few sentences, kept for yourself. */
function note(description: string) {
  return z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(4000, { message: 'is too long (4000 characters at most); keep the journal to notes' })
    .describe(description);
}

export const OUTCOMES = ['waiting', 'offer', 'negotiating', 'accepted', 'declined', 'offer-declined', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The journal's own fields: what happened in the process, for you and for `afterview due`. */
export function journalFields() {
  const person = z
    .strictObject({
      ...recipientFields,
      topic: line('One specific point you discussed with this person (for their thank-you note).').optional(),
      takeaway: sentence('Optional: a sentence on what that point made you think.').optional(),
      alsoDiscussed: list('Optional: other things you talked about.').optional(),
      notes: note('Your notes on this person.').optional(),
    })
    .describe('Someone you met: the fields of a recipient, and what you discussed.');
  const question = z
    .strictObject({
      asked: note('The question, as they asked it.'),
      answer: note('What you answered.').optional(),
      better: note('What you would answer differently next time.').optional(),
    })
    .describe('A question you were asked.');
  const round = z
    .strictObject({
      date: isoDate('The day of the interview.'),
      kind: line('What kind of round, e.g. "phone screen", "system design", "final panel".').optional(),
      people: z.array(person).max(20, { message: 'has too many people (20 at most)' }).optional().describe('The people you met.'),
      questions: z.array(question).max(100, { message: 'has too many questions (100 at most)' }).optional(),
      answerBy: isoDate('The day they said they would get back to you.').optional(),
      notes: note('Your notes on the round.').optional(),
    })
    .describe('One interview round.');
  return {
    rounds: z
      .array(round)
      .max(30, { message: 'has too many rounds (30 at most)' })
      .optional()
      .describe('Your interview rounds, oldest first.'),
    outcome: z
      .enum(OUTCOMES)
      .optional()
      .describe(
        'Where the process stands: waiting (the default), offer (they made one), negotiating (you countered), accepted (you accepted their offer), declined (they turned you down), offer-declined (you turned their offer down), withdrawn.',
      ),
    outcomeDate: isoDate('The day the outcome happened: the offer, your acceptance, their decision, your withdrawal.').optional(),
    negotiation: z
      .strictObject({
        sentOn: isoDate('The day you sent your counteroffer.').optional(),
        answer: z
          .enum(['accepted', 'improved', 'refused'])
          .optional()
          .describe('Their answer: accepted (your figure), improved (a revised offer), refused (the offer stands).'),
        answeredOn: isoDate('The day they answered.').optional(),
      })
      .optional()
      .describe('Your counteroffer and their answer.'),
    current: z
      .boolean()
      .optional()
      .describe('true for the job you hold now: the resignation goes to it once you accept an offer elsewhere.'),
    notes: z
      .union([note('Your notes.'), z.array(note('A note.')).max(100)])
      .optional()
      .describe('Your notes on the application.'),
  };
}

let journal: z.ZodObject | undefined;

/** The journal's fields as one schema, built on first use: validation asks it which keys are the journal's. */
export function journalSchema(): z.ZodObject {
  journal ??= z.strictObject(journalFields());
  return journal;
}
