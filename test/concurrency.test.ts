import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderContext } from '../src/render/render.js';
import { send } from '../src/send/send.js';
import { MessageStore } from '../src/send/store.js';
import { TODAY, fixture, fixturePath } from './helpers/fixtures.js';
import { startSmtpServer } from './helpers/smtp.js';

const bin = fileURLToPath(new URL('../bin/afterview.js', import.meta.url));

function runBinary(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('concurrent runs', () => {
  it('two `afterview send` processes started at once send the message once', async () => {
    const smtp = await startSmtpServer();
    try {
      for (let round = 0; round < 3; round++) {
        const state = mkdtempSync(join(tmpdir(), 'afterview-race-'));
        const args = ['send', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--smtp', smtp.url(), '--yes'];
        const env = { XDG_STATE_HOME: state, HOME: state, NO_COLOR: '1' };
        const before = smtp.received.length;
        const [a, b] = await Promise.all([runBinary(args, env), runBinary(args, env)]);
        expect([a.code, b.code]).toEqual([0, 0]);
        expect(smtp.received.length - before).toBe(1);
        const said = `${a.stderr}\n${b.stderr}`;
        expect(said).toContain('Sent to Ana Ruiz <ana.ruiz@acme.example>');
        expect(said).toMatch(
          /Skipped Ana Ruiz <ana\.ruiz@acme\.example>: (another afterview process is sending this message right now|already sent on )/,
        );
        const log = readFileSync(join(state, 'afterview', 'sent.log'), 'utf8')
          .trim()
          .split('\n');
        expect(log).toHaveLength(1);
      }
    } finally {
      await smtp.close();
    }
  });

  it('sends concurrent calls in one process once', async () => {
    const smtp = await startSmtpServer();
    try {
      const [message] = await renderContext('thank-you', fixture('thank-you.yaml'), { today: TODAY });
      const stateDir = mkdtempSync(join(tmpdir(), 'afterview-race-'));
      const results = await Promise.all([1, 2, 3].map(() => send(message!, { transport: smtp.url(), stateDir })));
      expect(results.filter((r) => r.status === 'sent')).toHaveLength(1);
      expect(smtp.received).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it('takes over a lock left by a process that no longer runs, and respects one whose owner lives', async () => {
    const store = new MessageStore(mkdtempSync(join(tmpdir(), 'afterview-lock-')));
    const gone = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => gone.on('exit', () => resolve(gone.pid!)));
    await store.lock('k').then((release) => release?.());
    writeFileSync(join(store.outboxDir, 'k.lock'), String(deadPid));
    const release = await store.lock('k');
    expect(release).toBeTypeOf('function');
    expect(JSON.parse(readFileSync(join(store.outboxDir, 'k.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await store.lock('k')).toBeUndefined();
    await release!();
    expect(await store.lock('k')).toBeTypeOf('function');
  });

  it('survives a sent log whose last line was cut short by a crash', async () => {
    const smtp = await startSmtpServer();
    try {
      const stateDir = mkdtempSync(join(tmpdir(), 'afterview-crash-'));
      const [first, second] = await renderContext('thank-you', fixture('panel.yaml'), { today: TODAY });
      await send(first!, { transport: smtp.url(), stateDir });
      const store = new MessageStore(stateDir);
      appendFileSync(store.sentLogPath, '{"time":"2026-11-25T14:3');
      await send(second!, { transport: smtp.url(), stateDir });
      const lines = readFileSync(store.sentLogPath, 'utf8').split('\n');
      expect(lines.filter((line) => line.startsWith('{') && line.endsWith('}')).map((line) => JSON.parse(line).to)).toEqual([
        'Dr. Felicity Osei <f.osei@quillonmarsh.example>',
        'Mateus Araújo <mateus.araujo@quillonmarsh.example>',
      ]);
      // Both still count as sent: neither is sent again.
      const again = await send([first!, second!], { transport: smtp.url(), stateDir });
      expect(again.map((r) => r.status)).toEqual(['skipped', 'skipped']);
      expect(smtp.received).toHaveLength(2);
    } finally {
      await smtp.close();
    }
  });
});
