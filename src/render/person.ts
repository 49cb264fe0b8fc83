import { AfterviewError } from '../errors.js';
import { formatAddress } from './address.js';
import type { RenderedMessage } from './render.js';

/**
 * One person's message out of a panel: `person` is a 1-based number, or a name,
 * first name or email address (case-insensitive) that matches exactly one person.
 *
 * @example
 * const messages = await renderPanel('thank-you', panel);
 * const { message } = pickPerson(messages, 'Ben');
 */
export function pickPerson(messages: readonly RenderedMessage[], person: string | number): { message: RenderedMessage; index: number } {
  const wanted = String(person).trim();
  const people = messages.map((message, i) => `${i + 1} (${formatAddress(message.to)})`).join(', ');
  if (/^\d+$/.test(wanted)) {
    const index = Number(wanted) - 1;
    const message = messages[index];
    if (message) return { message, index };
    throw new AfterviewError(
      'USAGE',
      `There is no person ${wanted}: this context has ${messages.length === 1 ? 'one person' : `${messages.length} people`}. Choose one of: ${people}.`,
    );
  }
  const lower = wanted.toLowerCase();
  const matches = messages.flatMap((message, index) => {
    const { name, email } = message.to;
    const names = [name, name.split(/\s+/)[0] ?? '', email ?? ''].map((value) => value.toLowerCase());
    return names.includes(lower) ? [{ message, index }] : [];
  });
  if (matches.length === 1) return matches[0]!;
  throw new AfterviewError(
    'USAGE',
    matches.length === 0
      ? `No one on this panel is called "${wanted}". Choose a number or a name: ${people}.`
      : `"${wanted}" matches ${matches.length} people; choose by number: ${people}.`,
  );
}
