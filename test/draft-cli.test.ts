import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './helpers/cli.js';
import { runBin } from './helpers/spawn.js';
import { dovecotFolders, useDovecot } from './helpers/dovecot.js';
import { TODAY, fixturePath } from './helpers/fixtures.js';

const SECRET = 'cli s3cret/pass:word';
const dovecot = useDovecot([
  { user: 'noor', password: SECRET, folders: [dovecotFolders.specialDrafts] },
  { user: 'nodrafts', password: SECRET },
  { user: 'binary', password: SECRET, folders: ['Drafts'] },
]);
const outputs: CliResult[] = [];
const stateDirs: string[] = [];

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afterview-draft-cli-'));
  stateDirs.push(dir);
  return dir;
}

/** A profile as a careful user writes it: no secret in it, the password from a command (here, one that pads its output). */
function profile(dir: string, user: string, extra = ''): string {
  const path = join(dir, 'profile.yaml');
  writeFileSync(path, `imap: imaps://${user}@127.0.0.1:${dovecot().port}\npasswordCommand: printf '%s  \\n' "$MAIL_SECRET"\n${extra}`, {
    mode: 0o600,
  });
  return path;
}

async function draft(dir: string, user: string, ...rest: string[]): Promise<CliResult> {
  const result = await runCli(
    ['draft', 'thank-you', fixturePath('panel.yaml'), '--today', TODAY, '--profile', profile(dir, user), ...rest],
    {
      env: { XDG_STATE_HOME: join(dir, 'state'), MAIL_SECRET: SECRET, PATH: process.env.PATH },
    },
  );
  outputs.push(result);
  return result;
}

describe('afterview draft', () => {
  it('saves one draft per panel member, and says the second time that they are already there', async () => {
    const dir = scratch();
    const first = await draft(dir, 'noor');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toBe(
      [
        `Mailbox: imaps://noor@127.0.0.1:${dovecot().port}`,
        `Saved a draft to Dr. Felicity Osei <f.osei@quillonmarsh.example> in "${dovecotFolders.specialDrafts}": Thank you – Lead Backend Engineer interview`,
        // Each person on a panel gets a subject of their own.
        `Saved a draft to Mateus Araújo <mateus.araujo@quillonmarsh.example> in "${dovecotFolders.specialDrafts}": Thanks for your time at Quillon & Marsh`,
        `Saved a draft to Grace Whitfield <grace.whitfield@quillonmarsh.example> in "${dovecotFolders.specialDrafts}": Thanks for meeting me – Lead Backend Engineer interview`,
        '',
      ].join('\n'),
    );
    const second = await draft(dir, 'noor');
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(
      `The draft to Mateus Araújo <mateus.araujo@quillonmarsh.example> is already in "${dovecotFolders.specialDrafts}", unchanged: left as it is.`,
    );
    expect(dovecot().messages('noor', dovecotFolders.specialDrafts)).toHaveLength(3);
  });

  it('exits 3 when the mailbox has no Drafts folder, keeps the drafts in the outbox, lists them, and saves them with outbox --send', async () => {
    const dir = scratch();
    const result = await draft(dir, 'nodrafts');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `afterview: No draft saved for Grace Whitfield <grace.whitfield@quillonmarsh.example>: The mailbox imaps://nodrafts@127.0.0.1:${dovecot().port} has no Drafts folder`,
    );
    expect(result.stderr).toContain('`afterview outbox --send` saves it once this is fixed.');
    expect(readdirSync(join(dir, 'state', 'afterview', 'outbox', 'drafts')).filter((name) => name.endsWith('.eml'))).toHaveLength(3);

    const env = { XDG_STATE_HOME: join(dir, 'state'), MAIL_SECRET: SECRET, PATH: process.env.PATH };
    // When each was queued, in the user's zone and locale (the clock says 14:30 UTC).
    const listed = await runCli(['outbox'], { env: { ...env, TZ: 'America/New_York', LANG: 'en_US.UTF-8' } });
    outputs.push(listed);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain('3 drafts not yet saved in the mailbox, waiting in ');
    expect(listed.stdout).toContain(
      'Wed, Nov 25, 2026, 9:30 AM  thank-you  draft to Mateus Araújo <mateus.araujo@quillonmarsh.example>  "Thanks for your time at Quillon & Marsh"',
    );
    expect(listed.stdout).toContain('    last attempt: The mailbox imaps://nodrafts@');

    // The user makes a Drafts folder in their mail client; then the waiting drafts are saved.
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot().port,
      secure: true,
      tls: { rejectUnauthorized: false },
      auth: { user: 'nodrafts', pass: SECRET },
      logger: false,
    });
    await client.connect();
    await client.mailboxCreate('Drafts');
    await client.logout();
    const saved = await runCli(['outbox', '--send', '--profile', profile(dir, 'nodrafts')], { env });
    outputs.push(saved);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('Saved a draft to Grace Whitfield <grace.whitfield@quillonmarsh.example> in "Drafts"');
    expect(saved.stderr).not.toContain('The outbox is empty');
    expect(dovecot().messages('nodrafts', 'Drafts')).toHaveLength(3);
    const after = await runCli(['outbox'], { env });
    expect(after.stderr).toContain('The outbox is empty');
  });

  it('works from the built binary, which loads imapflow only for this command', async () => {
    const dir = scratch();
    const result = await runBin(
      ['draft', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--profile', profile(dir, 'binary')],
      {
        env: { XDG_STATE_HOME: join(dir, 'state'), MAIL_SECRET: SECRET },
        timeoutMs: 30_000,
      },
    );
    outputs.push({ code: result.code ?? -1, stdout: result.stdout, stderr: result.stderr });
    expect(result.stderr).toContain('Saved a draft to Ana Ruiz <ana.ruiz@acme.example> in "Drafts"');
    expect(result.code).toBe(0);
    expect(dovecot().messages('binary', 'Drafts')).toHaveLength(1);
  });

  it('exits 2 with what to set when no mailbox is configured', async () => {
    const dir = scratch();
    const path = join(dir, 'profile.yaml');
    writeFileSync(path, 'locale: en-GB\n');
    const result = await runCli(['draft', 'thank-you', fixturePath('panel.yaml'), '--today', TODAY, '--profile', path], {
      env: { XDG_STATE_HOME: join(dir, 'state') },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'afterview: No IMAP server is set, so there is no mailbox to save drafts in.\nSet `imap: imaps://you@imap.example.com:993` in your profile (or a preset: `smtp: gmail` gives both), or $AFTERVIEW_IMAP_URL.\n',
    );
  });

  it('exits 3 naming the command when the password command fails', async () => {
    const dir = scratch();
    const path = join(dir, 'profile.yaml');
    writeFileSync(path, `imap: imaps://noor@127.0.0.1:${dovecot().port}\npasswordCommand: exit 7\n`);
    const result = await runCli(['draft', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--profile', path], {
      env: { XDG_STATE_HOME: join(dir, 'state'), PATH: process.env.PATH },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('The passwordCommand `exit 7` exited with status 7, so there is no password to sign in with.');
  });

  afterAll(() => {
    // The secret scan: nothing afterview printed or wrote holds the password.
    for (const { stdout, stderr } of outputs) {
      expect(`${stdout}${stderr}`).not.toContain(SECRET);
      expect(`${stdout}${stderr}`).not.toContain(Buffer.from(SECRET).toString('base64'));
    }
    for (const dir of stateDirs) {
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (entry.isFile() && entry.name !== 'profile.yaml')
          expect(readFileSync(join(entry.parentPath, entry.name), 'utf8')).not.toContain(SECRET);
      }
    }
  });
});
