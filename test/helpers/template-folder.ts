import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes a templates folder under a fresh temporary directory: path inside the folder → text. */
export function templateFolder(files: Record<string, string>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'afterview-templates-')), 'templates');
  mkdirSync(root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A complete new template, "follow-up", with fields of its own. */
export const followUpFiles: Record<string, string> = {
  'follow-up/schema.json': `{
  "type": "object",
  "description": "Follow up after a networking call.",
  "properties": {
    "topic": { "type": "string", "minLength": 1 },
    "calls": { "type": "integer", "minimum": 1 },
    "salary": { "type": "integer" },
    "metOn": { "type": "string", "format": "date" },
    "extra": { "type": "string" }
  },
  "required": ["topic", "calls", "metOn"],
  "x-afterview": { "timing": "a day after the call", "closing": "Warm regards" }
}
`,
  'follow-up/subject.hbs': 'Following up – {{role}} at {{company}}',
  'follow-up/text.hbs':
    '{{> greeting}}\n\nThank you for the {{plural calls "call" "calls"}} since {{date metOn}} about {{phrase topic}}.{{#if extra}} {{sentence extra}}{{/if}}{{#if salary}} The range of {{money salary}} works for me.{{/if}} I look forward to {{possessive company}} next steps.\n\n{{> closing}}\n{{> signature}}\n',
  'follow-up/body.mjml':
    '<mj-section><mj-column><mj-text>{{> greeting}}<p>Thank you for the {{plural calls "call"}} since {{date metOn}} about {{phrase topic}}.</p>{{> closing}}{{> signature}}</mj-text></mj-column></mj-section>\n',
  'follow-up/message.hbs': 'Hi {{recipient.addressAs}}, thanks for the chat about {{phrase topic}}. {{sender.name}}',
  'follow-up/example.yaml': `sender:
  name: Marty Hale-Evans
  email: marty@example.com
recipient:
  name: Ana Ruiz
  email: ana@acme.example
company: Acme Corp
role: Platform Engineer
topic: the platform roadmap
calls: 2
metOn: 2026-11-20
`,
};
