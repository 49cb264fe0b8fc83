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
const { renderContext, resolveImapSettings, saveDrafts } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
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
  console.log(
    JSON.stringify({
      rounds,
      draftPanel: drafts[drafts.length >> 1],
      connectionsPerRun: connections / rounds,
      logins: dovecot.logins('bench'),
    }),
  );
} finally {
  await dovecot.close();
}
