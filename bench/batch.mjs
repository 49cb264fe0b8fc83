// A child of bench/run.mjs, so that its peak RSS is its own:
//   node bench/batch.mjs panel|batch ROOT COUNT
// panel: one renderPanel() call for a panel of COUNT people;
// batch: COUNT render() calls one after another, each message used and dropped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const [mode, subject, countText] = process.argv.slice(2);
const count = Number(countText);
const root = new URL('..', import.meta.url);
const { render, renderPanel } = await import(pathToFileURL(join(subject, 'dist', 'lib', 'afterview.mjs')).href);
const panel = parse(readFileSync(new URL('fixtures/panel.yaml', root), 'utf8'));
const options = { today: '2026-11-25' };

const person = (i) => {
  const model = panel.recipients[i % panel.recipients.length];
  return { ...model, name: `${model.name} ${i + 1}`, email: `person${i + 1}@quillonmarsh.example` };
};
// Warm up, so that the baseline RSS holds the loaded code and compiled templates.
const { recipients: _, ...shared } = panel;
// One person's context: their own template fields (interview, fit) over the panel's, the rest is the recipient.
const single = (i) => {
  const { interview, fit, ...recipient } = person(i);
  return { ...shared, recipient, interview: { ...shared.interview, ...interview }, ...(fit === undefined ? {} : { fit }) };
};
await render('thank-you', single(0), options);
// Peak resident memory of this process: VmHWM where Linux gives it (getrusage's maxRSS counts
// the parent's peak too, inherited at fork), else the largest of the samples taken below.
let sampledPeak = 0;
const sample = () => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss()));
function peakRssMiB() {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kib) return Number(kib) / 1024;
  } catch {
    // Not Linux.
  }
  return sample() / 1024 / 1024;
}
const baselineRssMiB = peakRssMiB();

let characters = 0;
const start = process.hrtime.bigint();
if (mode === 'panel') {
  const messages = await renderPanel('thank-you', { ...panel, recipients: Array.from({ length: count }, (_, i) => person(i)) }, options);
  sample();
  for (const message of messages) characters += message.html.length + message.text.length;
} else {
  for (let i = 0; i < count; i++) {
    const message = await render('thank-you', single(i), options);
    characters += message.html.length + message.text.length;
    if (i % 100 === 0) sample();
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
if (characters === 0) throw new Error('nothing rendered');
console.log(JSON.stringify({ count, seconds, peakRssMiB: peakRssMiB(), baselineRssMiB }));
