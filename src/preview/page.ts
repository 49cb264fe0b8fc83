import { formatAddress } from '../render/address.js';
import type { RenderedMessage } from '../render/message.js';
import { describeShortMessage, measureShortMessage } from '../render/short-message.js';

/**
 * The preview page: one tab per message (a panel has one per person), each
 * with the headers, the warnings, the HTML at phone and desktop widths, the
 * plain text and the short message with its length. Everything on it is
 * escaped; the HTML is shown in sandboxed frames served with a policy that
 * loads nothing from elsewhere.
 */

export const PHONE_WIDTH = 375;
export const DESKTOP_WIDTH = 800;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body { font: 14px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header { padding: 12px 20px; background: #fff; border-bottom: 1px solid #d0d7de; }
nav button { font: inherit; padding: 6px 12px; margin-right: 4px; border: 1px solid #d0d7de; background: #fff; border-radius: 6px; cursor: pointer; }
nav button[aria-selected="true"] { background: #0969da; color: #fff; border-color: #0969da; }
section { padding: 16px 20px; }
section[hidden] { display: none; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #57606a; margin: 20px 0 6px; }
table.headers td { padding: 2px 12px 2px 0; vertical-align: top; }
.frames { display: flex; gap: 20px; align-items: flex-start; flex-wrap: wrap; }
iframe { border: 1px solid #d0d7de; background: #fff; height: 560px; }
pre { white-space: pre-wrap; background: #fff; border: 1px solid #d0d7de; padding: 12px; max-width: 760px; }
.warnings li { color: #9a6700; }
.error { color: #cf222e; white-space: pre-wrap; background: #fff; border: 1px solid #cf222e; padding: 12px; }
`;

// Reloads when the server says something changed; keeps the chosen tab in the address.
const SCRIPT = `
const tabs = [...document.querySelectorAll('nav button')];
function show(id) {
  for (const tab of tabs) {
    const on = tab.dataset.tab === id;
    tab.setAttribute('aria-selected', String(on));
    document.getElementById(tab.dataset.tab).hidden = !on;
  }
}
for (const tab of tabs) tab.addEventListener('click', () => { location.hash = tab.dataset.tab; show(tab.dataset.tab); });
if (tabs.length) show(tabs.some((t) => '#' + t.dataset.tab === location.hash) ? location.hash.slice(1) : tabs[0].dataset.tab);
new EventSource('/events').addEventListener('change', () => location.reload());
`;

function messageSection(message: RenderedMessage, index: number, hidden: boolean): string {
  const size = describeShortMessage(measureShortMessage(message.message));
  const frame = (width: number, label: string) =>
    `<figure><figcaption>${label} (${width}px)</figcaption><iframe title="${label}" sandbox width="${width}" src="/message/${index}.html"></iframe></figure>`;
  const warnings = message.warnings.length
    ? `<h2>Warnings</h2><ul class="warnings">${message.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
    : '';
  return `<section id="message-${index + 1}"${hidden ? ' hidden' : ''}>
<h2>Headers</h2>
<table class="headers"><tr><td>From</td><td>${escapeHtml(formatAddress(message.from))}</td></tr>
<tr><td>To</td><td class="to">${escapeHtml(formatAddress(message.to))}</td></tr>
<tr><td>Subject</td><td class="subject">${escapeHtml(message.subject)}</td></tr></table>
${warnings}
<h2>HTML</h2><div class="frames">${frame(PHONE_WIDTH, 'Phone')}${frame(DESKTOP_WIDTH, 'Desktop')}</div>
<h2>Plain text</h2><pre class="text">${escapeHtml(message.text)}</pre>
<h2>Short message</h2><pre class="message">${escapeHtml(message.message)}</pre><p class="size">${escapeHtml(size)}</p>
</section>`;
}

export function previewPage(template: string, state: { messages: RenderedMessage[] } | { error: string }): string {
  const body =
    'error' in state
      ? `<section><p class="error">${escapeHtml(state.error)}</p></section>`
      : `<nav>${state.messages
          .map((m, i) => `<button type="button" data-tab="message-${i + 1}">${escapeHtml(m.to.name)}</button>`)
          .join('')}</nav></header>${state.messages.map((m, i) => messageSection(m, i, i > 0)).join('\n')}`;
  const head = 'error' in state ? '</header>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(template)} – afterview preview</title><style>${STYLE}</style></head>
<body><header><strong>afterview preview</strong> · ${escapeHtml(template)}${'error' in state ? head : ''}
${body}
<script>${SCRIPT}</script></body></html>`;
}
