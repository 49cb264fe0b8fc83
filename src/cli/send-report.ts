import type { PlannedMessage, SendResult, SmtpSettings } from '../index.js';
import { describeInline } from './errors.js';
import type { CliIO, Printer } from './io.js';
import { localTime, withLocalTimes } from './times.js';

/** What `send` and `outbox --send` show: the plan before asking, progress, and each result with the summary. */

export interface PlanDisplay {
  force: boolean;
  /** For times: the user's time zone ($TZ) and locale ($LC_ALL, $LC_TIME, $LANG). */
  env: NodeJS.ProcessEnv;
  /** The plain-text body of each planned message, by position: its first lines are shown before asking. */
  bodies?: readonly string[];
}

/** Whether this run sends the message: what the plan says about it, and --force. */
export function goesOut(message: PlannedMessage, force: boolean): boolean {
  return message.state === 'new' || message.state === 'queued' || force;
}

/** What will happen to a message that is not simply new, worded for what --force does. */
function stateLine(message: PlannedMessage, { force, env }: PlanDisplay): string | undefined {
  const note = message.note === undefined ? '' : withLocalTimes(message.note, env);
  switch (message.state) {
    case 'sent': {
      const when = message.sentAt ? ` on ${localTime(message.sentAt, env)}` : '';
      return force ? `Already sent${when}: --force sends it again.` : `Already sent${when}: it will be skipped unless you pass --force.`;
    }
    case 'queued':
      return `Waiting in the outbox from an earlier attempt (${note}): it will be sent as it was then, with the same Message-ID.`;
    case 'perhaps-delivered':
      return force
        ? `Perhaps delivered by an earlier attempt (${note}): --force sends it again.`
        : `Perhaps delivered by an earlier attempt (${note}): it will not be sent again unless you pass --force.`;
    case 'blocked':
      return force
        ? `Another message to the same person is waiting in the outbox (${note}): --force sends this one as well.`
        : `Blocked by another message waiting in the outbox (${note}): send it first with \`afterview outbox --send\`.`;
    default:
      return undefined;
  }
}

const PREVIEW_WIDTH = 72;

/** Text wrapped at word boundaries to `width` characters (a longer word stays whole). */
function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  lines.push(current);
  return lines;
}

/** The first lines of a body, wrapped for a terminal and set off by a bar, and how much is left. */
export function previewBody(body: string, count: number): string[] {
  const lines = body
    .replace(/\s+$/, '')
    .split('\n')
    .flatMap((line) => wrap(line, PREVIEW_WIDTH));
  const shown = lines.slice(0, count).map((line) => (line ? `  | ${line}` : '  |'));
  const rest = lines.length - shown.length;
  if (rest > 0) shown.push(`  | … ${rest} more line${rest === 1 ? '' : 's'} (--dry-run prints the whole message)`);
  return shown;
}

export function describePlan(plan: readonly PlannedMessage[], settings: SmtpSettings, print: Printer, display: PlanDisplay): void {
  const [first] = plan;
  if (!first) return;
  print.info(`From:    ${first.from}`);
  print.info(`Via:     ${settings.display}`);
  // A long panel gets a shorter look at each message, so that the question stays in sight.
  const previewLines = plan.length > 3 ? 4 : 10;
  for (const [i, message] of plan.entries()) {
    if (plan.length > 1) print.info(`\n${i + 1} of ${plan.length}`);
    print.info(`To:      ${message.to}`);
    if (message.cc.length) print.info(`Cc:      ${message.cc.join(', ')}`);
    if (message.bccCount) print.info(`Bcc:     ${message.bccCount} blind cop${message.bccCount === 1 ? 'y' : 'ies'}`);
    print.info(`Subject: ${message.subject}`);
    if (message.attachments.length) print.info(`Attach:  ${message.attachments.join(', ')}`);
    const state = stateLine(message, display);
    if (state) print.info(state);
    // The body as rendered now; a message waiting in the outbox goes as it was, so it is not previewed.
    const body = display.bodies?.[i];
    if (body !== undefined && message.state !== 'queued' && goesOut(message, display.force)) {
      print.info(['', ...previewBody(body, previewLines)].join('\n'));
    }
  }
  print.info('');
}

/** A progress bar on a terminal for more than one message; nothing otherwise. */
export async function progressFor(total: number, io: CliIO): Promise<{ tick(result: SendResult): void; stop(): void }> {
  if (total < 2 || !io.stderr.isTTY) return { tick: () => {}, stop: () => {} };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    { stream: io.stderr as NodeJS.WritableStream, format: 'Sending {bar} {value}/{total} {to}', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(total, 0, { to: '' });
  return { tick: (result) => bar.increment({ to: result.to }), stop: () => bar.stop() };
}

const PERHAPS_ADVICE =
  'Check your Sent folder (or with the recipient); if it did not arrive, `afterview outbox --send --force` sends it again.';

/** Each result, with the times in its reasons in the user's time zone (`env`: see PlanDisplay); the exit code. */
export function report(results: readonly SendResult[], print: Printer, env: NodeJS.ProcessEnv): number {
  const left: SendResult[] = [];
  for (const found of results) {
    const result = { ...found, ...(found.reason === undefined ? {} : { reason: withLocalTimes(found.reason, env) }) };
    if (result.status === 'sent') {
      const copy = result.sentCopy ? ` (a copy is in "${result.sentCopy}")` : '';
      print.info(`Sent to ${result.to}: ${result.subject}${result.reason ? ` (${result.reason})` : ''}${copy}`);
      if (result.sentCopyError) print.warn(`No copy of it was saved in the Sent folder: ${result.sentCopyError}`);
    } else if (result.status === 'skipped') {
      print.info(`Skipped ${result.to}: ${result.reason}${result.sentAt ? '; --force sends it again' : ''}.`);
    } else if (result.status === 'uncertain') {
      print.warn(`Perhaps delivered to ${result.to}: ${result.reason}. ${PERHAPS_ADVICE}`);
    } else if (result.status === 'queued') {
      left.push(result);
    } else {
      const some = result.accepted.length ? ` It did reach ${result.accepted.join(', ')}.` : '';
      print.error(`Not sent to ${result.to}: ${result.error ? withLocalTimes(describeInline(result.error), env) : result.reason}${some}`);
    }
  }
  if (left.length) {
    print.error(
      `Stopped early, ${left[0]!.reason}. ${left.length} message${left.length === 1 ? '' : 's'} left in the outbox untried: ${left.map((r) => r.to).join('; ')}. \`afterview outbox --send\` sends them.`,
    );
  }
  const count = (status: SendResult['status']) => results.filter((r) => r.status === status).length;
  if (results.length > 1 || left.length) {
    const uncertain = count('uncertain') ? `, perhaps delivered ${count('uncertain')}` : '';
    const queued = left.length ? `, left in the outbox ${left.length}` : '';
    print.info(`\nSent ${count('sent')}, skipped ${count('skipped')} (already sent), failed ${count('failed')}${uncertain}${queued}.`);
  }
  return count('failed') + count('uncertain') + count('queued') > 0 ? 3 : 0;
}
