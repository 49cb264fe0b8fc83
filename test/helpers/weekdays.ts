export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const LONG_DATE =
  /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? (\d{1,2} )?(January|February|March|April|May|June|July|August|September|October|November|December) ?(\d{1,2})?,? (\d{4})/g;

/** Every "Tuesday, December 1, 2026" (or "Tuesday 1 December 2026") in a text, checked against the calendar. */
export function misnamedWeekdays(text: string): string[] {
  const wrong: string[] = [];
  for (const match of text.matchAll(LONG_DATE)) {
    const [whole, weekday, dayFirst, month, dayAfter, year] = match;
    const day = Number((dayFirst ?? dayAfter)!.trim());
    const date = new Date(`${month} ${day}, ${year} 12:00 UTC`);
    if (WEEKDAYS[date.getUTCDay()] !== weekday) wrong.push(whole);
  }
  return wrong;
}
