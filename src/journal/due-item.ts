import { createHash } from 'node:crypto';
import { daysBetween } from '../format/dates.js';
import type { Holidays } from '../format/holidays.js';
import type { Application, Person } from './application.js';
import type { LoadedApplication } from './load.js';
import type { SentMessage } from './sent-log.js';

/** One line of `afterview due`, and how each rule makes one. */

export type DueKind =
  | 'thank-you'
  | 'check-in'
  | 'offer-review'
  | 'answer-offer'
  | 'counteroffer-check-in'
  | 'negotiation-reply'
  | 'accept-offer'
  | 'withdrawal'
  | 'decline-offer'
  | 'resignation'
  | 'last-day'
  | 'feedback-request';

export interface DueItem {
  /** The day it is due (for a check-in: the first day it is polite to send). */
  date: string;
  /** `overdue` before today, `today`, `upcoming` after. */
  status: 'overdue' | 'today' | 'upcoming';
  kind: DueKind;
  /** What to do, in a few words: "Thank Ana Ruiz for the interview on 2026-11-24". */
  title: string;
  /** The template that writes it; absent for a reminder with no message (the last day). */
  template?: string;
  /** What to run to write it. */
  command?: string;
  /** The application file, as given. */
  file: string;
  company: string;
  role: string;
  person?: { name: string; email?: string };
  /** Stable across runs while the facts behind it hold: a calendar's event UID. */
  id: string;
  /** When `draft` saved it in the mailbox (ISO time), if it did and it was not sent since: review and send it from there. */
  drafted?: string;
}

export interface DueOptions {
  today: string;
  sent: readonly SentMessage[];
  /** The drafts saved in the mailbox (`readDraftLog`). */
  drafted?: readonly SentMessage[];
  /** How `due` names the program in commands (default `afterview`). */
  program?: string;
}

/** One application, as the rules see it. */
export interface Scope {
  loaded: LoadedApplication;
  app: Application;
  holidays: Holidays;
  options: DueOptions;
}

function quote(file: string): string {
  return /^[\w@%+=:,./-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
}

export function sentSince(scope: Scope, templates: readonly string[], since: string, email?: string): SentMessage[] {
  return matching(scope, scope.options.sent, templates, since, email);
}

function matching(scope: Scope, log: readonly SentMessage[], templates: readonly string[], since: string, email?: string): SentMessage[] {
  const { path } = scope.loaded;
  return log.filter((message) => {
    if (!templates.includes(message.template) || message.time.slice(0, 10) < since) return false;
    // A line that names its application files settles it; an older line is matched by the address.
    if (message.applications) return message.applications.includes(path) && (email === undefined || message.email === email);
    const address = email ?? scope.app.recipient?.email?.toLowerCase();
    return address !== undefined && message.email === address;
  });
}

/** The last draft of this item saved in the mailbox after the facts that made it due and after the last one of its kind was sent. */
function draftedAt(scope: Scope, template: string, anchor: string, email?: string): string | undefined {
  const since = /^\d{4}-\d{2}-\d{2}/.exec(anchor)?.[0] ?? '0000-01-01';
  const drafts = matching(scope, scope.options.drafted ?? [], [template], since, email);
  const lastSent = matching(scope, scope.options.sent, [template], since, email).reduce((last, m) => (m.time > last ? m.time : last), '');
  return drafts.reduce<string | undefined>((last, m) => (m.time > lastSent && (!last || m.time > last) ? m.time : last), undefined);
}

export function item(
  scope: Scope,
  fields: Omit<DueItem, 'status' | 'file' | 'company' | 'role' | 'id' | 'command'> & { anchor: string },
): DueItem {
  const { anchor, ...rest } = fields;
  const { today, program = 'afterview' } = scope.options;
  const days = daysBetween(today, rest.date);
  const person = rest.person?.email ?? rest.person?.name ?? '';
  const verb = rest.person?.email || (!rest.person && scope.app.recipient?.email) ? 'send' : 'render';
  // A person with no address has no draft of their own: another's draft must not count for them.
  const drafted =
    rest.template && !(rest.person && !rest.person.email) ? draftedAt(scope, rest.template, anchor, rest.person?.email) : undefined;
  return {
    ...rest,
    status: days < 0 ? 'overdue' : days === 0 ? 'today' : 'upcoming',
    ...(rest.template ? { command: `${program} ${verb} ${rest.template} ${quote(scope.loaded.file)}` } : {}),
    file: scope.loaded.file,
    company: scope.app.company,
    role: scope.app.role,
    // Hashed: a calendar keeps the UID, and it need not hold the path of the file.
    id: createHash('sha256').update([rest.kind, scope.loaded.path, person.toLowerCase(), anchor].join('\u0000')).digest('hex').slice(0, 32),
    ...(drafted ? { drafted } : {}),
  };
}

export function personOf(person: Person): { name: string; email?: string } {
  return person.email ? { name: person.name, email: person.email.toLowerCase() } : { name: person.name };
}
