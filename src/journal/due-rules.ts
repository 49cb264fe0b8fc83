import { addBusinessDays, addDays } from '../format/dates.js';
import { lastWorkingDay } from '../templates/resignation.js';
import type { Application, Round } from './application.js';
import { type DueItem, item, personOf, type Scope, sentSince } from './due-item.js';

/**
 * The guidance's timings, one rule per stage of an application: what is due,
 * from the journal's dates, unless the sent log shows it was sent.
 */

/** The guidance: expect news about a week after a round, and check in a few business days after that. */
const DEFAULT_ANSWER_BUSINESS_DAYS = 5;
const CHECK_IN_AFTER_BUSINESS_DAYS = 3;
/** Never more than one follow-up a week, and not more than two without an answer. */
const CHECK_IN_INTERVAL_BUSINESS_DAYS = 5;
const MOST_CHECK_INS = 2;
const FEEDBACK_WINDOW_DAYS = 7;
const OPEN: ReadonlySet<string | undefined> = new Set([undefined, 'waiting', 'offer', 'negotiating']);

function latestRound(app: Application, today: string): Round | undefined {
  return app.rounds
    ?.filter((round) => round.date <= today)
    .sort((a, b) => a.date.localeCompare(b.date))
    .at(-1);
}

function thankYous(scope: Scope, round: Round): DueItem[] {
  return (round.people ?? []).flatMap((person) => {
    const who = personOf(person);
    const done = who.email ? sentSince(scope, ['thank-you'], round.date, who.email).length > 0 : false;
    if (done) return [];
    return [
      item(scope, {
        date: addDays(round.date, 1),
        kind: 'thank-you',
        title: `Thank ${person.name} for the ${round.kind ? `${round.kind} ` : ''}interview on ${round.date}`,
        template: 'thank-you',
        person: who,
        anchor: round.date,
      }),
    ];
  });
}

function checkIn(scope: Scope, round: Round): DueItem[] {
  const expected = round.answerBy ?? addBusinessDays(round.date, DEFAULT_ANSWER_BUSINESS_DAYS, scope.holidays);
  const sent = sentSince(scope, ['check-in'], round.date).sort((a, b) => a.time.localeCompare(b.time));
  if (sent.length >= MOST_CHECK_INS) return [];
  let date = addBusinessDays(expected, CHECK_IN_AFTER_BUSINESS_DAYS, scope.holidays);
  const last = sent.at(-1)?.time.slice(0, 10);
  if (last !== undefined) {
    const next = addBusinessDays(last, CHECK_IN_INTERVAL_BUSINESS_DAYS, scope.holidays);
    if (next > date) date = next;
  }
  const said = round.answerBy ? `they said they would answer by ${round.answerBy}` : `no news since the interview on ${round.date}`;
  return [
    item(scope, {
      date,
      kind: 'check-in',
      title: `${sent.length ? 'Check in again' : 'Check in'}: ${said}`,
      template: 'check-in',
      anchor: `${round.date}#${sent.length}`,
    }),
  ];
}

function offerItems(scope: Scope): DueItem[] {
  const { app } = scope;
  const received = app.offer?.receivedOn ?? app.outcomeDate;
  if (received === undefined) return [];
  const answers = ['accept-offer', 'decline-offer', 'counteroffer'];
  if (sentSince(scope, answers, received).length > 0) return [];
  const items: DueItem[] = [];
  if (app.replyBy === undefined && sentSince(scope, ['offer-review'], received).length === 0) {
    items.push(
      item(scope, {
        date: addBusinessDays(received, 1, scope.holidays),
        kind: 'offer-review',
        title: `Thank them for the offer of ${received} and ask for time to review it`,
        template: 'offer-review',
        anchor: received,
      }),
    );
  }
  const by = app.replyBy ?? addBusinessDays(received, 2, scope.holidays);
  items.push(
    item(scope, {
      date: by,
      kind: 'answer-offer',
      title: `Answer the offer of ${received}: accept (accept-offer), negotiate (counteroffer) or decline (decline-offer)`,
      template: 'accept-offer',
      anchor: received,
    }),
  );
  return items;
}

function negotiationItems(scope: Scope): DueItem[] {
  const { app } = scope;
  const since = app.offer?.receivedOn ?? app.outcomeDate ?? '0000-01-01';
  const counter = sentSince(scope, ['counteroffer'], since).at(-1)?.time.slice(0, 10);
  const sentOn = app.negotiation?.sentOn ?? counter ?? app.outcomeDate;
  if (sentOn === undefined) return [];
  const answer = app.negotiation?.answer;
  if (answer !== undefined) {
    const answeredOn = app.negotiation?.answeredOn ?? sentOn;
    if (sentSince(scope, ['negotiation-reply', 'accept-offer', 'decline-offer'], answeredOn).length > 0) return [];
    return [
      item(scope, {
        date: addBusinessDays(answeredOn, 1, scope.holidays),
        kind: 'negotiation-reply',
        title: `Thank them for considering your counteroffer (${answer}), then accept or decline`,
        template: 'negotiation-reply',
        anchor: answeredOn,
      }),
    ];
  }
  if (sentSince(scope, ['check-in', 'negotiation-reply'], sentOn).length > 0) return [];
  return [
    item(scope, {
      date: addBusinessDays(sentOn, CHECK_IN_AFTER_BUSINESS_DAYS, scope.holidays),
      kind: 'counteroffer-check-in',
      title: `No answer to your counteroffer of ${sentOn}: a short, polite check-in`,
      template: 'check-in',
      anchor: sentOn,
    }),
  ];
}

/** What accepting this offer makes due: confirming it, leaving the other processes, resigning. */
function acceptedItems(scope: Scope, others: readonly Scope[]): DueItem[] {
  const { app } = scope;
  const confirmations = sentSince(scope, ['accept-offer'], app.offer?.receivedOn ?? '0000-01-01');
  const acceptedOn = app.outcomeDate ?? confirmations[0]?.time.slice(0, 10) ?? scope.options.today;
  const items: DueItem[] = [];
  if (confirmations.length === 0) {
    items.push(
      item(scope, {
        date: acceptedOn,
        kind: 'accept-offer',
        title: 'Accept the offer in writing: title, pay and start date',
        template: 'accept-offer',
        anchor: acceptedOn,
      }),
    );
  }
  for (const other of others) {
    if (other === scope || other.app.current) continue;
    if (OPEN.has(other.app.outcome)) items.push(...leaveProcess(other, acceptedOn, app.company));
  }
  for (const job of others.filter((other) => other.app.current)) items.push(...resignationItems(job, acceptedOn));
  return items;
}

function leaveProcess(scope: Scope, acceptedOn: string, elsewhere: string): DueItem[] {
  const holdsOffer = scope.app.outcome === 'offer' || scope.app.outcome === 'negotiating';
  const template = holdsOffer ? 'decline-offer' : 'withdrawal';
  if (sentSince(scope, ['withdrawal', 'decline-offer'], acceptedOn).length > 0) return [];
  return [
    item(scope, {
      date: acceptedOn,
      kind: holdsOffer ? 'decline-offer' : 'withdrawal',
      title: holdsOffer
        ? `Decline their offer: you accepted ${elsewhere}'s`
        : `Withdraw your application: you accepted an offer from ${elsewhere}`,
      template,
      anchor: acceptedOn,
    }),
  ];
}

function resignationItems(scope: Scope, acceptedOn: string): DueItem[] {
  const { app } = scope;
  const noticeOn = app.notice?.date ?? acceptedOn;
  const items: DueItem[] = [];
  const resigned = sentSince(scope, ['resignation'], acceptedOn).length > 0;
  if (!resigned) {
    items.push(
      item(scope, {
        date: noticeOn,
        kind: 'resignation',
        title: `Resign: give notice (${app.notice?.length ?? '2 weeks'})`,
        template: 'resignation',
        anchor: acceptedOn,
      }),
    );
  }
  const env = { today: noticeOn, locale: 'en-US', holidays: scope.holidays };
  const lastDay = lastWorkingDay({ notice: { ...app.notice, date: noticeOn }, lastDay: app.lastDay }, env);
  items.push(item(scope, { date: lastDay, kind: 'last-day', title: `Your last day at ${app.company}`, anchor: acceptedOn }));
  return items;
}

function feedbackItems(scope: Scope): DueItem[] {
  const decided = scope.app.decision?.date ?? scope.app.outcomeDate;
  if (decided === undefined || sentSince(scope, ['feedback-request'], decided).length > 0) return [];
  return [
    item(scope, {
      date: addDays(decided, FEEDBACK_WINDOW_DAYS),
      kind: 'feedback-request',
      title: `Thank them for letting you know on ${decided}, and ask for feedback`,
      template: 'feedback-request',
      anchor: decided,
    }),
  ];
}

export function itemsFor(scope: Scope, all: readonly Scope[]): DueItem[] {
  const { app, options } = scope;
  if (app.current) return [];
  // Once you accept an offer elsewhere, the only thing an open process is owed is your leaving it.
  if (OPEN.has(app.outcome) && all.some((other) => other !== scope && other.app.outcome === 'accepted')) return [];
  switch (app.outcome ?? 'waiting') {
    case 'waiting': {
      const round = latestRound(app, options.today);
      return round ? [...thankYous(scope, round), ...checkIn(scope, round)] : [];
    }
    case 'offer':
      return offerItems(scope);
    case 'negotiating':
      return negotiationItems(scope);
    case 'accepted':
      return acceptedItems(scope, all);
    case 'declined':
      return feedbackItems(scope);
    default:
      return [];
  }
}
