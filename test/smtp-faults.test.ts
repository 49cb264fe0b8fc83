import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderContext } from '../src/render/render.js';
import { send, sendOutbox, type SendResult } from '../src/send/send.js';
import { MessageStore } from '../src/send/store.js';
import { seededRandom, startFaultProxy } from './helpers/fault-proxy.js';
import { TODAY, fixture } from './helpers/fixtures.js';
import { startSmtpServer } from './helpers/smtp.js';

const MESSAGES = 1000;
const SEED = 20261125;
const PASSWORD = 'fault-test p4ssw0rd';

describe('sending under faults and load', () => {
  it(`delivers each of ${MESSAGES} messages exactly once, or keeps it in the outbox with its reason: none lost`, async () => {
    const random = seededRandom(SEED);
    let refusals = 0;
    const smtp = await startSmtpServer({
      plain: true,
      parse: false,
      users: { marty: PASSWORD },
      failData: () =>
        random() < Number(process.env.F_4XX ?? 0.05) ? (refusals++, { code: 451, message: '4.3.2 Please try again later' }) : undefined,
    });
    const proxy = await startFaultProxy(smtp.port, {
      random,
      beforeGreeting: Number(process.env.F_BG ?? 0.03),
      duringData: Number(process.env.F_DD ?? 0.03),
      afterData: Number(process.env.F_AD ?? 0.02),
    });
    const stateDir = mkdtempSync(join(tmpdir(), 'afterview-faults-'));
    try {
      const context = fixture('panel.yaml');
      context.recipients = Array.from({ length: MESSAGES }, (_, i) => ({
        name: `Person ${i}`,
        email: `person${i}@quillonmarsh.example`,
        interview: { topic: `question ${i}` },
      }));
      const messages = await renderContext('thank-you', context, { today: TODAY });
      const options = {
        transport: `smtp://marty@127.0.0.1:${proxy.port}`,
        password: PASSWORD,
        stateDir,
        retry: { attempts: 4, baseDelayMs: 1 },
      };

      const first = await send(messages, options);
      // A second run, as a user would after failures: it retries what failed, and leaves alone what may have arrived.
      const second = await sendOutbox(options);

      const store = new MessageStore(stateDir);
      const waiting = new Map((await store.list()).map((entry) => [entry.messageId, entry]));
      const deliveries = new Map<string, number>();
      for (const mail of smtp.received) deliveries.set(mail.parsed.messageId!, (deliveries.get(mail.parsed.messageId!) ?? 0) + 1);

      const finalStatus = new Map<string, SendResult['status']>();
      for (const result of [...first, ...second]) finalStatus.set(result.messageId, result.status);
      let lost = 0;
      for (const result of first) {
        const delivered = deliveries.get(result.messageId) ?? 0;
        expect(delivered, `${result.messageId} delivered ${delivered} times`).toBeLessThanOrEqual(1);
        if (delivered === 0 && !waiting.has(result.messageId)) lost += 1;
        if (waiting.has(result.messageId)) expect(waiting.get(result.messageId)!.lastError).toBeTruthy();
        if (finalStatus.get(result.messageId) === 'sent') expect(delivered).toBe(1);
      }
      expect(lost).toBe(0);
      // Nothing afterview wrote while failing holds the password.
      for (const entry of readdirSync(stateDir, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) expect(readFileSync(join(entry.parentPath, entry.name), 'utf8')).not.toContain(PASSWORD);
      }
      for (const result of [...first, ...second]) expect(`${result.reason ?? ''}${result.error?.message ?? ''}`).not.toContain(PASSWORD);
      expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
      expect(new Set(first.map((r) => r.messageId)).size).toBe(MESSAGES);
      // The faults did happen, so the test exercised what it claims to.
      expect(proxy.counts.beforeGreeting).toBeGreaterThan(0);
      expect(proxy.counts.duringData).toBeGreaterThan(0);
      expect(proxy.counts.afterData).toBeGreaterThan(0);
      expect(refusals).toBeGreaterThan(0);
      // Every message whose reply was swallowed is held back as "perhaps delivered", never resent. (A cut
      // during DATA after the client wrote its last byte looks the same from the client's side, so there can be more.)
      const uncertain = [...waiting.values()].filter((entry) => entry.state === 'perhaps-delivered').length;
      expect(uncertain).toBeGreaterThanOrEqual(proxy.counts.afterData);
      for (const [messageId, entry] of waiting) {
        if (deliveries.has(messageId)) expect(entry.state).toBe('perhaps-delivered');
      }
      console.log(
        `faults: ${proxy.counts.connections} connections, ${proxy.counts.beforeGreeting} dropped before the greeting, ${proxy.counts.duringData} during DATA, ${proxy.counts.afterData} after DATA, ${refusals} answered 451; ` +
          `${smtp.received.length} delivered once, 0 twice, ${waiting.size} in the outbox (${uncertain} perhaps delivered), ${lost} lost`,
      );
    } finally {
      await proxy.close();
      await smtp.close();
    }
  }, 120_000);
});
