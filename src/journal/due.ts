import { holidayCalendar } from '../format/holidays.js';
import type { DueItem, DueOptions, Scope } from './due-item.js';
import { itemsFor } from './due-rules.js';
import type { LoadedApplication } from './load.js';

/**
 * What is due across a job search: the guidance's timings applied to each
 * application's journal, minus what the sent log says was already sent.
 */

export type { DueItem, DueKind, DueOptions } from './due-item.js';

/** Everything due across these applications, ordered by date, then file, then person. */
export function dueItems(applications: readonly LoadedApplication[], options: DueOptions): DueItem[] {
  const scopes: Scope[] = applications.map((loaded) => ({
    loaded,
    app: loaded.application,
    holidays: holidayCalendar(loaded.application.holidays),
    options,
  }));
  const items = scopes.flatMap((scope) => itemsFor(scope, scopes));
  return items.sort(
    (a, b) => a.date.localeCompare(b.date) || a.file.localeCompare(b.file) || (a.person?.name ?? '').localeCompare(b.person?.name ?? ''),
  );
}
