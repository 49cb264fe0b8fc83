// `npm run bench -- --only user`: a user's own template against a built-in, cold (a new
// process per message) and warm (in one process). Run by bench/run.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const FILES = {
  'follow-up/schema.json': JSON.stringify({
    type: 'object',
    description: 'Follow up after a networking call.',
    properties: { topic: { type: 'string', minLength: 1 }, calls: { type: 'integer', minimum: 1 } },
    required: ['topic', 'calls'],
  }),
  'follow-up/subject.hbs': 'Following up – {{role}} at {{company}}',
  'follow-up/text.hbs':
    '{{> greeting}}\n\nThank you for the {{plural calls "call"}} about {{phrase topic}}.\n\n{{> closing}}\n{{> signature}}\n',
  'follow-up/body.mjml':
    '<mj-section><mj-column><mj-text>{{> greeting}}<p>Thank you for the {{plural calls "call"}} about {{phrase topic}}.</p>{{> closing}}{{> signature}}</mj-text></mj-column></mj-section>\n',
  'follow-up/message.hbs': 'Hi {{recipient.addressAs}}, thanks for the chat about {{phrase topic}}. {{sender.name}}',
  'follow-up/example.yaml': 'topic: the roadmap\ncalls: 2\n',
};

export async function benchUserTemplates({ subject, root, quick, childEnv, row, atMost, median, today, fixture }) {
  const home = mkdtempSync(join(tmpdir(), 'afterview-bench-user-'));
  const folder = join(home, 'templates');
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  const base = fixture('thank-you.yaml');
  const context = {
    sender: base.sender,
    recipient: base.recipient,
    company: base.company,
    role: base.role,
    topic: 'the roadmap',
    calls: 2,
  };
  const contextFile = join(home, 'follow-up.json');
  writeFileSync(contextFile, JSON.stringify(context));
  const env = { ...childEnv, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1' };
  const bin = join(subject, 'bin', 'afterview.js');
  const builtIn = [bin, 'render', 'thank-you', join(root, 'fixtures', 'thank-you.yaml'), '--today', today, '--format', 'html'];
  const own = [bin, 'render', 'follow-up', contextFile, '--templates', folder, '--today', today, '--format', 'html'];
  const time = (args, extraEnv = env) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { env: extraEnv, cwd: home, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args.slice(1, 3).join(' ')} exited ${result.status}: ${result.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };

  // The first render of a user template compiles its MJML (mjml loaded); every later one reads the cache.
  const first = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    rmSync(join(home, 'cache'), { recursive: true, force: true });
    first.push(time(own));
  }
  time(own);
  const times = { builtIn: [], own: [] };
  for (let round = 0; round < (quick ? 15 : 60); round++) {
    for (const key of round % 2 ? ['own', 'builtIn'] : ['builtIn', 'own']) times[key].push(time(key === 'own' ? own : builtIn));
  }
  const builtInCold = median(times.builtIn);
  row('cold: user template, first (compiles MJML)', median(first), 'ms', 'built-in render', builtInCold);
  row('cold: user template, second (MJML cached)', median(times.own), 'ms', 'built-in render', builtInCold, atMost(1.2));

  // Warm: one process, many messages.
  const { createRenderer, render } = await import(pathToFileURL(join(subject, 'dist', 'index.js')).href);
  const renderer = createRenderer({ folder, env });
  const count = quick ? 500 : 3000;
  const perMessage = async (fn) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) await fn();
    return Number(process.hrtime.bigint() - start) / 1e3 / count;
  };
  const ownWarm = () => renderer.renderContext('follow-up', structuredClone(context), { today });
  const builtInWarm = () => render('thank-you', structuredClone(base), { today });
  await perMessage(ownWarm);
  await perMessage(builtInWarm);
  const warm = { own: [], builtIn: [] };
  for (let round = 0; round < (quick ? 5 : 11); round++) {
    warm.own.push(await perMessage(ownWarm));
    warm.builtIn.push(await perMessage(builtInWarm));
  }
  row('warm: user template, fresh context', median(warm.own), 'µs', 'built-in render()', median(warm.builtIn), atMost(3));
  rmSync(home, { recursive: true, force: true });
}
