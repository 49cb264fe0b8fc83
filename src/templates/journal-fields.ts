import * as z from 'zod/mini';
import { isoDate, line, list, recipientFields, sentence } from './fields.js';
import { described } from '../shared/zod-schema.js';

/**
 * The fields an application file holds beside the templates' own: the journal
 * of the process. No template renders them; every template accepts a file
 * that has them (see validate.ts), so one file serves every message.
 */

/** A longer note: a few sentences, kept for yourself. */
function note(description: string) {
  return described(
    z
      .string()
      .check(
        z.trim(),
        z.minLength(1, { message: 'must not be empty' }),
        z.maxLength(4000, { message: 'is too long (4000 characters at most); keep the journal to notes' }),
      ),
    description,
  );
}

export const OUTCOMES = ['waiting', 'offer', 'negotiating', 'accepted', 'declined', 'offer-declined', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The journal's own fields: what happened in the process, for you and for `afterview due`. */
export function journalFields() {
  const person = described(
    z.strictObject({
      ...recipientFields,
      topic: z.optional(line('One specific point you discussed with this person (for their thank-you note).')),
      takeaway: z.optional(sentence('Optional: a sentence on what that point made you think.')),
      alsoDiscussed: z.optional(list('Optional: other things you talked about.')),
      notes: z.optional(note('Your notes on this person.')),
    }),
    'Someone you met: the fields of a recipient, and what you discussed.',
  );
  const question = described(
    z.strictObject({
      asked: note('The question, as they asked it.'),
      answer: z.optional(note('What you answered.')),
      better: z.optional(note('What you would answer differently next time.')),
    }),
    'A question you were asked.',
  );
  const round = described(
    z.strictObject({
      date: isoDate('The day of the interview.'),
      kind: z.optional(line('What kind of round, e.g. "phone screen", "system design", "final panel".')),
      people: described(
        z.optional(z.array(person).check(z.maxLength(20, { message: 'has too many people (20 at most)' }))),
        'The people you met.',
      ),
      questions: z.optional(z.array(question).check(z.maxLength(100, { message: 'has too many questions (100 at most)' }))),
      answerBy: z.optional(isoDate('The day they said they would get back to you.')),
      notes: z.optional(note('Your notes on the round.')),
    }),
    'One interview round.',
  );
  return {
    rounds: described(
      z.optional(z.array(round).check(z.maxLength(30, { message: 'has too many rounds (30 at most)' }))),
      'Your interview rounds, oldest first.',
    ),
    outcome: described(
      z.optional(z.enum(OUTCOMES)),
      'Where the process stands: waiting (the default), offer (they made one), negotiating (you countered), accepted (you accepted their offer), declined (they turned you down), offer-declined (you turned their offer down), withdrawn.',
    ),
    outcomeDate: z.optional(isoDate('The day the outcome happened: the offer, your acceptance, their decision, your withdrawal.')),
    negotiation: described(
      z.optional(
        z.strictObject({
          sentOn: z.optional(isoDate('The day you sent your counteroffer.')),
          answer: described(
            z.optional(z.enum(['accepted', 'improved', 'refused'])),
            'Their answer: accepted (your figure), improved (a revised offer), refused (the offer stands).',
          ),
          answeredOn: z.optional(isoDate('The day they answered.')),
        }),
      ),
      'Your counteroffer and their answer.',
    ),
    current: described(
      z.optional(z.boolean()),
      'true for the job you hold now: the resignation goes to it once you accept an offer elsewhere.',
    ),
    notes: described(
      z.optional(z.union([note('Your notes.'), z.array(note('A note.')).check(z.maxLength(100))])),
      'Your notes on the application.',
    ),
  };
}

let journal: z.ZodMiniObject | undefined;

/** The journal's fields as one schema, built on first use: validation asks it which keys are the journal's. */
export function journalSchema(): z.ZodMiniObject {
  journal ??= z.strictObject(journalFields());
  return journal;
}
