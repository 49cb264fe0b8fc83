// A child of bench/run.mjs (bundled by it with esbuild, since it uses the TypeScript test
// harness): the mailbox against a real, local Dovecot (test/helpers/dovecot-server.ts).
// Prints JSON: seconds to save a panel of three drafts, and the IMAP connections per run.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { startDovecot } from '../test/helpers/dovecot-server.js';

const [root = '.', roundsText = '20'] = process.argv.slice(2);
const rounds = Number(roundsText);
// The build in dist/, as a user gets it (a computed path, so that the bundler leaves it alone).
const { renderContext, resolveImapSettings, saveDrafts, sendOutbox, toEml } = await import(
  pathToFileURL(join(root, 'dist', 'index.js')).href
);
const { MessageStore } = await import(pathToFileURL(join(root, 'dist', 'send', 'store.js')).href);
const fixture = (name: string) => parse(readFileSync(join(root, 'fixtures', name), 'utf8'));
const PASSWORD = 'bench password';
const dovecot = await startDovecot([{ user: 'bench', password: PASSWORD, folders: ['Drafts', 'Sent'] }]);
try {
  const imap = (await resolveImapSettings({
    env: { AFTERVIEW_IMAP_PASSWORD: PASSWORD },
    imap: `imaps://bench@127.0.0.1:${dovecot.port}`,
  }))!;
  const state = () => mkdtempSync(join(tmpdir(), 'afterview-bench-mail-'));
  // Each run saves new drafts (a role, so a subject, of its own), so that none is found unchanged and skipped.
  const panel = (round: number) => {
    const context = fixture('panel.yaml');
    context.role = `Lead Backend Engineer ${round}`;
    return renderContext('thank-you', context, { today: '2026-11-25' });
  };
  const drafts: number[] = [];
  let connections = 0;
  for (let round = 0; round < rounds; round++) {
    const messages = await panel(round);
    const started = performance.now();
    const results = await saveDrafts(messages, { imap, stateDir: state(), onConnect: () => connections++ });
    drafts.push((performance.now() - started) / 1000);
    if (results.some((r: { status: string }) => r.status !== 'saved'))
      throw new Error(`not saved: ${results.map((r: { status: string }) => r.status).join(', ')}`);
  }
  drafts.sort((a, b) => a - b);

  // Settling: ten messages left perhaps delivered, each filed in Sent by the provider (saveSent: false says it does).
  const provider = (await resolveImapSettings({
    env: { AFTERVIEW_IMAP_PASSWORD: PASSWORD },
    imap: `imaps://bench@127.0.0.1:${dovecot.port}`,
    saveSent: false,
  }))!;
  const { ImapFlow } = await import('imapflow');
  const settles: number[] = [];
  let settleConnections = 0;
  const settleRounds = Math.max(3, Math.round(rounds / 4));
  const handedOver = new Date('2026-11-25T14:30:00Z');
  const [message] = await renderContext('thank-you', fixture('thank-you.yaml'), { today: '2026-11-25' });
  for (let round = 0; round < settleRounds; round++) {
    const dir = state();
    const store = new MessageStore(dir);
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: true,
      tls: { rejectUnauthorized: false },
      auth: { user: 'bench', pass: PASSWORD },
      logger: false,
    });
    await client.connect();
    for (let i = 0; i < 10; i++) {
      const messageId = `<settle.${round}.${i}@example.com>`;
      const eml = await toEml(message, { messageId, date: handedOver });
      const recipients = [`person${i}@acme.example`];
      const at = handedOver.toISOString();
      const key = `${round}-${i}`.padStart(64, '0');
      const entry = { key, contentHash: '', template: 'thank-you', from: 'Marty <marty@example.com>', sender: 'marty@example.com' };
      await store.put(
        {
          ...entry,
          recipients,
          delivered: [],
          to: recipients[0],
          subject: message.subject,
          messageId,
          queuedAt: at,
          attempts: 1,
          state: 'perhaps-delivered',
          handover: { recipients, at },
        },
        eml,
      );
      await client.append('Sent', eml, ['\\Seen']);
    }
    await client.logout();
    const settled: string[] = [];
    const started = performance.now();
    await sendOutbox({
      transport: 'smtp://127.0.0.1:9',
      stateDir: dir,
      imap: provider,
      now: () => new Date(handedOver.getTime() + 600_000),
      onSettled: (s: { outcome: string }) => settled.push(s.outcome),
      onImapConnect: () => settleConnections++,
    });
    settles.push((performance.now() - started) / 1000);
    if (settled.length !== 10 || settled.some((o) => o !== 'delivered')) throw new Error(`not settled: ${settled.join(', ')}`);
  }
  settles.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      rounds,
      draftPanel: drafts[drafts.length >> 1],
      connectionsPerRun: connections / rounds,
      settle: settles[settles.length >> 1],
      settleConnections: settleConnections / settleRounds,
    }),
  );
} finally {
  await dovecot.close();
}
