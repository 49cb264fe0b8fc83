/**
 * Instants as a person reads them: in their time zone and locale, such as
 * "Wed, 25 Nov 2026, 14:30" (en-GB) or "Wed, Nov 25, 2026, 2:30 PM" (en-US).
 * The library keeps ISO 8601 in UTC (in its results, files and JSON); only
 * what the CLI prints for people is converted here.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** The user's locale from the environment, as POSIX names it (LC_ALL, LC_TIME, LANG: "en_GB.UTF-8" → "en-GB"). */
function userLocale(env: NodeJS.ProcessEnv): string {
  const posix = env.LC_ALL || env.LC_TIME || env.LANG || '';
  const match = /^([a-z]{2,3})(?:_([A-Z]{2}|\d{3}))?(?:[.@]|$)/.exec(posix);
  if (!match) return 'en-US';
  const tag = match[2] ? `${match[1]}-${match[2]}` : match[1]!;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag])[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/** The time zone in $TZ when Intl knows it (":Europe/London" too); the system's otherwise. */
function userTimeZone(env: NodeJS.ProcessEnv): string | undefined {
  const zone = env.TZ?.replace(/^:/, '');
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

function formatFor(env: NodeJS.ProcessEnv): Intl.DateTimeFormat {
  const locale = userLocale(env);
  const timeZone = userTimeZone(env);
  const key = `${locale}|${timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    // A 24-hour clock reads 09:00; a 12-hour one 9:00 AM.
    const hourCycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
    format = new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: hourCycle === 'h23' || hourCycle === 'h24' ? '2-digit' : 'numeric',
      minute: '2-digit',
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** An ISO instant ("2026-11-25T14:30:00.000Z") in the user's time zone and locale; anything else as it is. */
export function localTime(iso: string, env: NodeJS.ProcessEnv): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formatFor(env).format(time);
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** Text from the library (a reason, a note) with every ISO instant in it shown as `localTime` shows it. */
export function withLocalTimes(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(ISO_INSTANT, (iso) => localTime(iso, env));
}
