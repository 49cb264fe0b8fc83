// A child of bench/run.mjs: sends COUNT rendered messages to a loopback
// smtp-server with afterview's send() (outbox and sent log included), and the
// same messages, built beforehand, with raw pooled nodemailer. Prints seconds.
//   node bench/send.mjs ROOT COUNT
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { parse } from 'yaml';

const [subject, countText] = process.argv.slice(2);
const count = Number(countText);
const { render, send, toEml } = await import(pathToFileURL(join(subject, 'dist', 'lib', 'afterview.mjs')).href);
const context = parse(readFileSync(new URL('../fixtures/thank-you.yaml', import.meta.url), 'utf8'));

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received += 1;
      callback();
    });
  },
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.server.address();

const messages = [];
for (let i = 0; i < count; i++) {
  const recipient = { ...context.recipient, name: `Ana Ruiz ${i + 1}`, email: `ana${i + 1}@acme.example` };
  messages.push(await render('thank-you', { ...context, recipient }, { today: '2026-11-25' }));
}
const emls = await Promise.all(messages.map((message) => toEml(message)));

async function ours() {
  const stateDir = mkdtempSync(join(tmpdir(), 'afterview-bench-state-'));
  const start = process.hrtime.bigint();
  const results = await send(messages, { transport: `smtp://127.0.0.1:${port}`, stateDir });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rmSync(stateDir, { recursive: true, force: true });
  if (results.some((result) => result.status !== 'sent')) throw new Error('not every message was sent');
  return seconds;
}

async function raw() {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
  const start = process.hrtime.bigint();
  for (const [i, eml] of emls.entries()) {
    await transport.sendMail({ envelope: { from: messages[i].from.email, to: [messages[i].to.email] }, raw: eml });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  transport.close();
  return seconds;
}

const samples = { ours: [], raw: [] };
for (let round = 0; round < 3; round++) {
  samples.ours.push(await ours());
  samples.raw.push(await raw());
}
server.close();
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
if (received !== count * 6) throw new Error(`the server received ${received} messages, not ${count * 6}`);
console.log(JSON.stringify({ count, ours: median(samples.ours), raw: median(samples.raw) }));
