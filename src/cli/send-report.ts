import type { PlannedMessage, SendResult, SmtpSettings } from '../index.js';
import type { CliIO, Printer } from './io.js';

/** What `send` and `outbox --send` show: the plan before asking, progress, and each result with the summary. */

export function describePlan(plan: readonly PlannedMessage[], settings: SmtpSettings, print: Printer): void {
  const [first] = plan;
  if (!first) return;
  print.info(`From:    ${first.from}`);
  print.info(`Via:     ${settings.display}`);
  for (const [i, message] of plan.entries()) {
    if (plan.length > 1) print.info(`\n${i + 1} of ${plan.length}`);
    print.info(`To:      ${message.to}`);
    if (message.cc.length) print.info(`Cc:      ${message.cc.join(', ')}`);
    if (message.bccCount) print.info(`Bcc:     ${message.bccCount} blind cop${message.bccCount === 1 ? 'y' : 'ies'}`);
    print.info(`Subject: ${message.subject}`);
    if (message.attachments.length) print.info(`Attach:  ${message.attachments.join(', ')}`);
    if (message.state === 'sent') print.info(`Already sent on ${message.sentAt}: it will be skipped unless you pass --force.`);
    if (message.state === 'queued') {
      print.info(
        `Waiting in the outbox from an earlier attempt (${message.note}): it will be sent as it was then, with the same Message-ID.`,
      );
    }
    if (message.state === 'perhaps-delivered') {
      print.info(`Perhaps delivered by an earlier attempt (${message.note}): it will not be sent again unless you pass --force.`);
    }
    if (message.state === 'blocked') {
      print.info(`Blocked by another message waiting in the outbox (${message.note}): send it first with \`afterview outbox --send\`.`);
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

export function report(results: readonly SendResult[], print: Printer): number {
  const left: SendResult[] = [];
  for (const result of results) {
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
      print.error(`Not sent to ${result.to}: ${result.error?.message ?? result.reason}${some}`);
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
