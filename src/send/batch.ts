import type { AfterviewError } from '../errors.js';
import { type Admission, admit, deliverHeld, type Held, resultFor, type RunContext } from './outbox.js';
import type { Prepared } from './prepare.js';
import type { SendResult } from './send-types.js';
import { StorageFault } from './storage-fault.js';

/** A message to send: a fresh rendering, or (without `fresh`) one found in the outbox. */
export interface Job {
  key: string;
  fresh?: Prepared;
  stub: SendResult;
}

/** After this many messages in a row fail on a transient fault of the server, the rest stay queued for a later run. */
export const CONSECUTIVE_FAILURES_TO_STOP = 3;

/**
 * Runs a batch: every message is admitted (and a fresh one queued on disk)
 * before the first is handed over, so a run stopped at any point leaves
 * everything it was asked to send in the outbox. Then each is delivered in
 * turn, until one of the stop rules ends the run: its time is up, the server
 * keeps failing (or fails in a way every message would), or the state folder
 * cannot be written. What was not tried is reported `queued` (or `failed`,
 * if it never reached the outbox), never dropped silently.
 */
export async function runBatch(ctx: RunContext, jobs: readonly Job[], onResult?: (result: SendResult) => void): Promise<SendResult[]> {
  const results: Array<SendResult | undefined> = jobs.map(() => undefined);
  const held: Array<Held | undefined> = jobs.map(() => undefined);
  const finish = (index: number, result: SendResult) => {
    results[index] = result;
    onResult?.(result);
  };
  let stop: { reason: string; fault?: AfterviewError } | undefined;

  for (const [index, job] of jobs.entries()) {
    let admission: Admission;
    try {
      admission = await admit(ctx, job.key, job.fresh, job.stub);
    } catch (error) {
      if (!(error instanceof StorageFault)) throw error;
      stop = { reason: error.message, fault: error };
      break;
    }
    if ('held' in admission) held[index] = admission.held;
    else finish(index, admission.result);
  }

  let failuresInARow = 0;
  for (const [index, item] of held.entries()) {
    if (!item) continue;
    if (!stop && ctx.runSignal.aborted) stop = { reason: 'the time allowed for the whole run was up' };
    if (stop) {
      await item.release().catch(() => {});
      finish(index, { ...resultFor(item.entry, 'queued'), reason: `not tried: ${stop.reason}` });
      continue;
    }
    const { result, delivery, fault } = await deliverHeld(ctx, item);
    finish(index, result);
    if (fault) {
      stop = { reason: fault.message, fault };
      continue;
    }
    const failure = delivery?.failure;
    if (failure && delivery.accepted.length === 0) {
      failuresInARow += 1;
      if (failure.sessionWide && failure.kind !== 'transient')
        stop = { reason: `the server failed in a way every message would: ${failure.message}` };
      else if (failuresInARow >= CONSECUTIVE_FAILURES_TO_STOP) stop = { reason: `the server failed ${failuresInARow} messages in a row` };
    } else {
      failuresInARow = 0;
    }
  }

  // Messages never admitted (the state folder failed first) were not queued: say so, rather than drop them.
  for (const [index, job] of jobs.entries()) {
    if (results[index]) continue;
    finish(index, { ...job.stub, status: 'failed', reason: `not sent, and not in the outbox: ${stop?.reason ?? 'the run stopped'}` });
  }
  return results as SendResult[];
}
