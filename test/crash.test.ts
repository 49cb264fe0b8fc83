import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listOutbox } from '../src/index.js';
import { seededRandom } from './helpers/fault-proxy.js';
import { fixture, TODAY } from './helpers/fixtures.js';
import { startSmtpServer } from './helpers/smtp.js';
import { BIN } from './helpers/spawn.js';

/**
 * Kills `afterview send` at random points of a 50-message batch (SIGKILL,
 * SIGINT, SIGTERM) against a real SMTP server that holds its reply to DATA,
 * then recovers the way a user would (`outbox --send`, then the same command
 * again) and counts what each recipient received. Each kill is placed by the
 * batch's progress, not by the clock: once the server has the n-th message,
 * after a short random pause, so it lands anywhere from queueing to the held
 * reply to the sent log, however loaded the machine. CRASH_ROUNDS runs more
 * rounds by hand; the seed fixes the kill times and signals.
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 50);
const PARALLEL = 4;
const MESSAGES = 50;
const SEED = Number(process.env.CRASH_SEED ?? 20261129);
const SIGNALS = ['SIGKILL', 'SIGINT', 'SIGTERM'] as const;

function runAfterview(args: string[], state: string) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: state, XDG_STATE_HOME: state, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, by) => {
      clearTimeout(guard);
      resolve({ code, signal: by, stderr });
    });
  });
  return { kill: (signal: NodeJS.Signals) => child.kill(signal), done };
}

function contextFile(round: number): string {
  const context = fixture('panel.yaml');
  context.recipients = Array.from({ length: MESSAGES }, (_, i) => ({
    name: `Person ${i}`,
    email: `p${i}.r${round}@quillonmarsh.example`,
    interview: { topic: `question ${i}` },
  }));
  const path = join(mkdtempSync(join(tmpdir(), 'afterview-crash-ctx-')), 'panel.json');
  writeFileSync(path, JSON.stringify(context));
  return path;
}

describe('killed mid-batch', () => {
  it(`loses nothing and sends nothing twice over ${ROUNDS} rounds of kills during ${MESSAGES}-message batches`, async () => {
    const random = seededRandom(SEED);
    /** Per round: how many of its messages the server has received, and the kill to fire when the planned one arrives. */
    const watch = new Map<number, { received: number; at: number; fire: () => void }>();
    const smtp = await startSmtpServer({
      plain: true,
      parse: false,
      dataReplyDelayMs: () => 5 + random() * 20,
      onReceived: (message) => {
        const round = Number(/\.r(\d+)@/.exec(message.envelope.to[0] ?? '')?.[1]);
        const watched = watch.get(round);
        if (watched && ++watched.received === watched.at) watched.fire();
      },
    });
    const totals = {
      rounds: 0,
      kills: 0,
      finished: 0,
      delivered: 0,
      lost: 0,
      duplicated: 0,
      perhaps: 0,
      perhapsArrived: 0,
      reruns: 0,
      afterRerun: 0,
    };
    const bySignal: Record<string, number> = {};
    try {
      const plans = Array.from({ length: ROUNDS }, (_, round) => ({
        round,
        // The kill comes once the server has the n-th message of the batch (0: while the batch is being queued),
        // after a pause that lands it before, during or after the server's held reply.
        at: Math.floor(random() * MESSAGES),
        pause: random() * 40,
        signal: SIGNALS[Math.floor(random() * SIGNALS.length)]!,
      }));

      const runRound = async ({ round, at, pause, signal }: (typeof plans)[number]) => {
        const state = mkdtempSync(join(tmpdir(), 'afterview-crash-'));
        const args = ['send', 'thank-you', contextFile(round), '--today', TODAY, '--smtp', smtp.url(), '--yes'];
        const run = runAfterview(args, state);
        const fire = () => setTimeout(() => run.kill(signal), pause);
        if (at === 0) fire();
        else watch.set(round, { received: 0, at, fire });
        const killed = await run.done;
        watch.delete(round);
        if (killed.signal) {
          totals.kills += 1;
          bySignal[killed.signal] = (bySignal[killed.signal] ?? 0) + 1;
        } else totals.finished += 1;
        expect(killed.stderr).not.toMatch(/internal error|\n\s+at /);
        const recovered = await runAfterview(['outbox', '--send', '--smtp', smtp.url()], state).done;
        expect(recovered.stderr).not.toMatch(/internal error|\n\s+at /);
        const addresses = Array.from({ length: MESSAGES }, (_, i) => `p${i}.r${round}@quillonmarsh.example`);
        const count = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address)).length;
        const perhapsNow = async () => {
          const { messages: waiting } = await listOutbox({ stateDir: join(state, 'afterview') });
          expect(waiting.filter((m) => m.state !== 'perhaps-delivered')).toEqual([]);
          return new Set(waiting.flatMap((m) => m.pending));
        };
        let perhaps = await perhapsNow();
        const missing = addresses.filter((a) => count(a) === 0 && !perhaps.has(a));
        if (missing.length) {
          // The kill came before these were queued: the same command, run again, sends them, and only them.
          totals.reruns += 1;
          const rerun = await runAfterview(args, state).done;
          expect([0, 3]).toContain(rerun.code);
          expect(rerun.stderr).not.toMatch(/internal error|\n\s+at /);
          totals.afterRerun += missing.filter((a) => count(a) === 1).length;
          perhaps = await perhapsNow();
        }
        totals.perhaps += perhaps.size;
        totals.perhapsArrived += [...perhaps].filter((address) => count(address) === 1).length;
        for (const address of addresses) {
          const n = count(address);
          if (n > 1) totals.duplicated += 1;
          if (n === 1) totals.delivered += 1;
          if (n === 0 && !perhaps.has(address)) totals.lost += 1;
        }
        totals.rounds += 1;
      };
      for (let i = 0; i < plans.length; i += PARALLEL) await Promise.all(plans.slice(i, i + PARALLEL).map(runRound));

      console.log(
        `crash test (seed ${SEED}): ${totals.rounds} rounds, ${totals.kills} kills (${Object.entries(bySignal)
          .map(([s, n]) => `${n} ${s}`)
          .join(', ')}; ${totals.finished} batches finished first), ${totals.delivered} delivered once, ` +
          `${totals.lost} lost, ${totals.duplicated} duplicated, ${totals.perhaps} perhaps delivered (${totals.perhapsArrived} of them had arrived); ${totals.reruns} kills came before the batch was queued, and the same command sent the ${totals.afterRerun} messages it had not reached`,
      );
      expect(totals.duplicated).toBe(0);
      expect(totals.lost).toBe(0);
      expect(totals.rounds).toBe(ROUNDS);
      // The kills did land mid-batch, with every signal, so the test exercised what it claims to.
      expect(totals.kills).toBeGreaterThan(ROUNDS / 2);
      for (const signal of SIGNALS) expect(bySignal[signal] ?? 0).toBeGreaterThan(0);
    } finally {
      await smtp.close();
    }
  }, 600_000);
});
