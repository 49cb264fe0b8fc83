import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateNames as registered, type TemplateName } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { TODAY, fixture } from './helpers/fixtures.js';

/**
 * Issue 8: a message is signed by one person. The profile fills in the sender
 * only when the context names no other sender; a coach writing for a client
 * must never send the client's message with the coach's phone number.
 */

const templateNames = registered as readonly TemplateName[];

const PROFILE =
  'sender:\n  name: Casey Coach\n  email: casey@coaching.example\n  phone: "+1 555 0000"\n  linkedin: linkedin.com/in/caseycoach\n';

function scratchFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'afterview-sender-')), name);
  writeFileSync(path, content);
  return path;
}

describe.each(templateNames)('the sender of a %s message', (template) => {
  const profile = scratchFile('profile.yaml', PROFILE);
  const render = (context: Record<string, unknown>, ...extra: string[]) =>
    runCli(['render', template, scratchFile('context.json', JSON.stringify(context)), '--today', TODAY, ...extra], {
      env: { AFTERVIEW_PROFILE: profile },
    });

  it('is the person the context names, with none of the profile’s details', async () => {
    const context = fixture(`${template}.yaml`);
    context.sender = { name: 'Robin Client', email: 'robin@example.com' };
    const { code, stdout } = await render(context);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Robin Client\nrobin@example\.com\n*$/);
    expect(stdout).not.toMatch(/555 0000|Casey|caseycoach|coaching\.example/);
  });

  it('is the profile’s person when the context names none, or names the same person', async () => {
    const context = fixture(`${template}.yaml`);
    delete context.sender;
    const none = await render(context);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('Casey Coach\n+1 555 0000\ncasey@coaching.example\nhttps://linkedin.com/in/caseycoach');
    // The same person (same email) changing one detail keeps the rest of the profile.
    const same = await render({ ...context, sender: { email: 'casey@coaching.example', phone: '+1 555 0001' } });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('Casey Coach\n+1 555 0001\ncasey@coaching.example\nhttps://linkedin.com/in/caseycoach');
  });
});
