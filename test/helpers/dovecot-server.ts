import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A real Dovecot IMAP server for the tests: its own configuration, users,
 * Maildirs and self-signed certificate under a temporary folder, listening on
 * a free loopback port with TLS from the first byte, stopped afterwards. It
 * never reads or writes /etc/dovecot.
 *
 * Folder names that carry an RFC 6154 special-use attribute are fixed for the
 * whole server (Dovecot sets them per namespace): "Work in progress" is \Drafts and
 * "Outgoing archive" is \Sent. An account that has a plain "Drafts" folder has
 * drafts only by name; an account with neither has no drafts folder at all.
 *
 * XOAUTH2 goes through Dovecot's own oauth2 passdb, which asks a token
 * introspection endpoint (RFC 7662) served by the test process itself: a
 * token is valid while it is in `tokens`.
 */
export interface DovecotAccount {
  user: string;
  password: string;
  /** Folders besides INBOX, created on disk before the server starts. */
  folders?: string[];
  /** A storage quota in bytes, so that an APPEND can be refused as over quota. */
  quotaBytes?: number;
}

export interface TestDovecot {
  host: string;
  port: number;
  /** OAuth2 access tokens the server accepts, each for one user. */
  tokens: Map<string, string>;
  /** Successful IMAP logins so far (one per connection), from the server's log. */
  logins(user?: string): number;
  /** The messages in one folder of one account, read from the Maildir. */
  messages(user: string, folder: string): Array<{ raw: string; flags: string }>;
  close(): Promise<void>;
}

const SPECIAL_USE_DRAFTS = 'Work in progress';
const SPECIAL_USE_SENT = 'Outgoing archive';
export const dovecotFolders = { specialDrafts: SPECIAL_USE_DRAFTS, specialSent: SPECIAL_USE_SENT };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** The uid and gid mail is stored under: Dovecot refuses uid 0 for mail, so a root-run instance uses "nobody". */
function mailOwner(): { uid: number; gid: number; login: string } {
  const me = userInfo();
  if (me.uid !== 0) return { uid: me.uid, gid: me.gid, login: me.username };
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = (line ?? 'nobody:x:65534:65534').split(':');
  return { uid: Number(uid), gid: Number(gid), login: 'nobody' };
}

function maildirFolder(root: string, folder: string | undefined): string {
  return folder === undefined || folder === 'INBOX' ? root : join(root, `.${folder}`);
}

function configuration(dir: string, port: number, owner: ReturnType<typeof mailOwner>): string {
  return `# A throwaway test instance; nothing here touches /etc/dovecot.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = afterview-test-${port}
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes
ssl = required
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
disable_plaintext_auth = yes
# Login and internal processes may not run as root; mail may not be owned by uid 0.
default_login_user = ${owner.login}
default_internal_user = ${owner.login}
first_valid_uid = ${owner.uid}
last_valid_uid = ${owner.uid}
mail_uid = ${owner.uid}
mail_gid = ${owner.gid}
auth_mechanisms = plain login xoauth2
mail_location = maildir:${dir}/mail/%u
mail_plugins = quota
plugin {
  quota = maildir:User quota
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox "${SPECIAL_USE_DRAFTS}" {
    special_use = \\Drafts
  }
  mailbox "${SPECIAL_USE_SENT}" {
    special_use = \\Sent
  }
}
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${port}
    ssl = yes
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = username_format=%u ${dir}/passwd
}
passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = ${dir}/oauth2.conf.ext
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
  default_fields = uid=${owner.uid} gid=${owner.gid} home=${dir}/home/%u
}
`;
}

/** Token introspection (RFC 7662) for Dovecot's oauth2 passdb. */
async function startIntrospection(tokens: Map<string, string>): Promise<{ server: Server; port: number }> {
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const token = new URLSearchParams(body).get('token') ?? '';
      const user = tokens.get(token);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(user ? { active: true, username: user } : { active: false }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

async function waitForPort(port: number, process: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`Dovecot stopped while starting:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Dovecot did not listen on port ${port} within 15 s:\n${log()}`);
}

export async function startDovecot(accounts: DovecotAccount[]): Promise<TestDovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'afterview-dovecot-'));
  // Login processes run as another user, and must reach the sockets under base_dir.
  chmodSync(dir, 0o755);
  const owner = mailOwner();
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const passwd = accounts.map(
    (a) =>
      `${a.user}:{PLAIN.B64}${Buffer.from(a.password).toString('base64')}::::::${a.quotaBytes === undefined ? '' : `userdb_quota_rule=*:bytes=${a.quotaBytes}`}`,
  );
  writeFileSync(join(dir, 'passwd'), `${passwd.join('\n')}\n`, { mode: 0o644 });
  for (const account of accounts) {
    const root = join(dir, 'mail', account.user);
    for (const folder of [undefined, ...(account.folders ?? [])]) {
      for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildirFolder(root, folder), sub), { recursive: true });
    }
    mkdirSync(join(dir, 'home', account.user), { recursive: true });
  }
  for (const sub of ['mail', 'home']) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, join(dir, sub)]);
  chownSync(dir, 0, 0);
  const tokens = new Map<string, string>();
  const introspection = await startIntrospection(tokens);
  writeFileSync(
    join(dir, 'oauth2.conf.ext'),
    `introspection_mode = post\nintrospection_url = http://127.0.0.1:${introspection.port}/introspect\nforce_introspection = yes\nusername_attribute = username\nactive_attribute = active\nactive_value = true\n`,
  );
  const log = () => {
    try {
      return readFileSync(join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  };
  let child: ChildProcess | undefined;
  let port = 0;
  // Dovecot cannot listen on port 0; a port that was free a moment ago may be taken meanwhile, so try a few.
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    writeFileSync(join(dir, 'dovecot.conf'), configuration(dir, port, owner));
    const started = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
    try {
      await waitForPort(port, started, log);
      child = started;
    } catch (error) {
      started.kill('SIGKILL');
      if (!/Address already in use/.test(log())) throw error;
    }
  }
  if (!child) throw new Error(`Dovecot found no free port:\n${log()}`);
  const running = child;
  return {
    host: '127.0.0.1',
    port,
    tokens,
    logins: (user) =>
      log()
        .split('\n')
        .filter((line) => / imap-login: Info: Login: user=</.test(line) && (user === undefined || line.includes(`user=<${user}>`))).length,
    messages(user, folder) {
      const base = maildirFolder(join(dir, 'mail', user), folder);
      // Maildir names start with the delivery time, seconds then microseconds ("1764384000.M52P…"): oldest first.
      const arrival = (name: string) => {
        const [, seconds = '0', micro = '0'] = /^(\d+)\.M(\d+)/.exec(name) ?? [];
        return Number(seconds) * 1e6 + Number(micro);
      };
      return ['new', 'cur']
        .flatMap((sub) => readdirSync(join(base, sub)).map((name) => ({ sub, name })))
        .sort((a, b) => arrival(a.name) - arrival(b.name))
        .map(({ sub, name }) => ({ raw: readFileSync(join(base, sub, name), 'utf8'), flags: name.split(':2,')[1] ?? '' }));
    },
    async close() {
      const exited = new Promise<void>((resolve) => (running.exitCode !== null ? resolve() : running.once('exit', () => resolve())));
      running.kill('SIGTERM');
      await exited;
      await new Promise<void>((resolve) => introspection.server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
