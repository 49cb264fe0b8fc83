import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, TODAY } from './helpers/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { BIN } from './helpers/spawn.js';
import { canMount, isRoot, makeReadOnly, smallFileSystem } from './helpers/storage-faults.js';

const NO_STACK = /internal error|\n\s+at |Error: /;
const RECIPIENTS = 5;

interface Run {
  code: number | null;
  stderr: string;
}

/** The binary with its state in `state`; `fileSizeKb` runs it under `ulimit -f` in a child shell. */
function afterview(args: string[], state: string, fileSizeKb?: number): Promise<Run> {
  const command =
    fileSizeKb === undefined
      ? spawn(process.execPath, [BIN, ...args], { env: env(state), stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn('sh', ['-c', `ulimit -f ${fileSizeKb * 2}; exec "$0" "$@"`, process.execPath, BIN, ...args], {
          env: env(state),
          stdio: ['ignore', 'ignore', 'pipe'],
        });
  let stderr = '';
  command.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => command.on('close', (code) => resolve({ code, stderr })));
}

function env(state: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: state, XDG_STATE_HOME: state, NO_COLOR: '1' };
}

function panelOf(count: number, tag: string): string {
  const context = fixture('panel.yaml');
  context.recipients = Array.from({ length: count }, (_, i) => ({
    name: `Person ${i}`,
    email: `p${i}.${tag}@quillonmarsh.example`,
    interview: { topic: `question ${i}` },
  }));
  const path = join(mkdtempSync(join(tmpdir(), 'afterview-storage-ctx-')), 'panel.json');
  writeFileSync(path, JSON.stringify(context));
  return path;
}

function deliveries(smtp: TestSmtpServer, tag: string): number[] {
  return Array.from(
    { length: RECIPIENTS },
    (_, i) => smtp.received.filter((m) => m.envelope.to.includes(`p${i}.${tag}@quillonmarsh.example`)).length,
  );
}

const sendArgs = (panel: string, smtp: TestSmtpServer) => ['send', 'thank-you', panel, '--today', TODAY, '--smtp', smtp.url(), '--yes'];

describe('storage faults', () => {
  it('a read-only state folder: nothing is sent, a clear message, exit 3; after the fix, each message once', async () => {
    const smtp = await startSmtpServer({ plain: true, parse: false });
    const state = mkdtempSync(join(tmpdir(), 'afterview-ro-'));
    mkdirSync(join(state, 'afterview', 'outbox'), { recursive: true });
    const panel = panelOf(RECIPIENTS, 'ro');
    try {
      const writable = canMount() || !isRoot() ? makeReadOnly(join(state, 'afterview')) : undefined;
      const failed = await afterview(sendArgs(panel, smtp), state, writable ? undefined : 0);
      writable?.();
      expect(failed.code).toBe(3);
      expect(failed.stderr).not.toMatch(NO_STACK);
      expect(failed.stderr).toMatch(/Could not (lock|write|create) .*(read-only \(EROFS\)|a folder|file-size limit)/);
      expect(smtp.received).toHaveLength(0);

      const fixed = await afterview(sendArgs(panel, smtp), state);
      expect(fixed.code).toBe(0);
      expect(deliveries(smtp, 'ro')).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await smtp.close();
    }
  }, 60_000);

  it('the sent log unwritable after the first delivery: reported, the batch stops with its summary, exit 3; no duplicate after recovery', async () => {
    const state = mkdtempSync(join(tmpdir(), 'afterview-log-'));
    const sentLog = join(state, 'afterview', 'sent.log');
    mkdirSync(join(state, 'afterview'), { recursive: true });
    writeFileSync(sentLog, '', { mode: 0o600 });
    let restore: (() => void) | undefined;
    const smtp = await startSmtpServer({
      plain: true,
      parse: false,
      onReceived: () => {
        restore ??= makeReadOnly(sentLog);
      },
    });
    const panel = panelOf(RECIPIENTS, 'log');
    try {
      const failed = await afterview(sendArgs(panel, smtp), state);
      restore?.();
      expect(failed.code).toBe(3);
      expect(failed.stderr).not.toMatch(NO_STACK);
      expect(failed.stderr).toContain('Sent to Person 0 <p0.log@quillonmarsh.example>');
      expect(failed.stderr).toContain(
        'but the sent log could not be written; it is marked delivered in the outbox, so it will not be sent again',
      );
      expect(failed.stderr).toMatch(
        /Stopped early, not tried: Could not write the sent log .*sent\.log: .*\. 4 messages left in the outbox untried/,
      );
      expect(failed.stderr).toContain('Sent 1, skipped 0 (already sent), failed 0, left in the outbox 4.');
      expect(deliveries(smtp, 'log')).toEqual([1, 0, 0, 0, 0]);

      const recovered = await afterview(['outbox', '--send', '--smtp', smtp.url()], state);
      expect(recovered.code).toBe(0);
      const again = await afterview(sendArgs(panel, smtp), state);
      expect(again.code).toBe(0);
      expect(deliveries(smtp, 'log')).toEqual([1, 1, 1, 1, 1]);
      // The recovery wrote the line the fault kept out: the first message is in the log once.
      const logged = readFileSync(sentLog, 'utf8').trim().split('\n');
      expect(logged.filter((line) => line.includes('p0.log@'))).toHaveLength(1);
      expect(logged).toHaveLength(RECIPIENTS);
    } finally {
      await smtp.close();
    }
  }, 60_000);

  it('a full small file system mid-batch: no stack trace, exit 3; after freeing space, nothing lost and nothing twice', async () => {
    const state = mkdtempSync(join(tmpdir(), 'afterview-full-'));
    const home = join(state, 'afterview');
    mkdirSync(home);
    const mounted = canMount() ? smallFileSystem(home, 512) : undefined;
    let filled = false;
    const smtp = await startSmtpServer({
      plain: true,
      parse: false,
      // The disk fills up while the server holds the third message, and the sent log's next line needs a new block.
      onReceived: () => {
        if (mounted && !filled && smtp.received.length === 3) {
          filled = true;
          const log = join(home, 'sent.log');
          let pad = 4096 - (statSync(log).size % 4096);
          if (pad < 32) pad += 4096;
          appendFileSync(log, `{"padding":"${'x'.repeat(pad - 15)}"}\n`);
          try {
            writeFileSync(join(home, 'filler'), Buffer.alloc(1024 * 1024));
          } catch {
            // Full, as intended.
          }
        }
      },
    });
    const panel = panelOf(RECIPIENTS, 'full');
    try {
      if (!mounted) {
        // Without a tmpfs: a file-size limit the sent log already reaches.
        writeFileSync(join(home, 'sent.log'), `${'{"padding":true}\n'.repeat(1400)}`, { mode: 0o600 });
      }
      const failed = await afterview(sendArgs(panel, smtp), state, mounted ? undefined : 24);
      expect(failed.code).toBe(3);
      expect(failed.stderr).not.toMatch(NO_STACK);
      expect(failed.stderr).toMatch(/the disk is full \(ENOSPC\)|file-size limit/);
      expect(failed.stderr).toMatch(/delivered to p\d\.full@quillonmarsh\.example, but the sent log could not be written/);
      expect(failed.stderr).toMatch(/Sent \d, skipped 0 \(already sent\), failed \d.*\./);

      if (mounted) {
        readdirSync(home).includes('filler') && writeFileSync(join(home, 'filler'), '');
        mounted.grow(8192);
      } else writeFileSync(join(home, 'sent.log'), '');
      const recovered = await afterview(['outbox', '--send', '--smtp', smtp.url()], state);
      expect(recovered.stderr).not.toMatch(NO_STACK);
      const again = await afterview(sendArgs(panel, smtp), state);
      expect(again.stderr).not.toMatch(NO_STACK);
      const counts = deliveries(smtp, 'full');
      expect(Math.max(...counts)).toBe(1);
      // A message whose state could not be written after the hand-over is "perhaps delivered": it was, once.
      const perhaps = (again.stderr.match(/Perhaps delivered to/g) ?? []).length;
      expect(counts.filter((n) => n === 0)).toHaveLength(0);
      expect(perhaps).toBeLessThanOrEqual(1);
    } finally {
      mounted?.unmount();
      await smtp.close();
    }
  }, 60_000);
});
