import type { ImapFlow } from 'imapflow';
import { AfterviewError } from '../errors.js';
import { redactSecret } from '../send/smtp-config.js';
import { signIn, tokenSource, type SignIn } from './credentials.js';
import type { ImapSettings } from './imap-config.js';

/**
 * One IMAP connection for a whole run (every draft of a panel, every message
 * to settle): the folders are listed once, each message costs a few commands.
 * imapflow is loaded here only, when a command needs a mailbox.
 */

/** Names mail clients and providers give these folders, for servers that do not mark them (RFC 6154). */
const DRAFTS_NAMES = ['Drafts', 'Draft', 'INBOX.Drafts', 'INBOX/Drafts', '[Gmail]/Drafts', 'Entwürfe', 'Brouillons', 'Borradores', 'Bozze'];
const SENT_NAMES = [
  'Sent',
  'Sent Items',
  'Sent Messages',
  'Sent Mail',
  'INBOX.Sent',
  'INBOX/Sent',
  '[Gmail]/Sent Mail',
  'Gesendet',
  'Envoyés',
];

export interface FolderEntry {
  path: string;
  /** The RFC 6154 attributes the server gave it (`\Drafts`, `\Sent`). */
  flags: ReadonlySet<string>;
}

/** The folder the server marks with `use`, else the first of the usual names that exists. */
export function chooseFolder(folders: readonly FolderEntry[], use: '\\Drafts' | '\\Sent'): string | undefined {
  const marked = folders.find((f) => [...f.flags].some((flag) => flag.toLowerCase() === use.toLowerCase()));
  if (marked) return marked.path;
  const names = use === '\\Drafts' ? DRAFTS_NAMES : SENT_NAMES;
  for (const name of names) {
    const found = folders.find((f) => f.path.toLowerCase() === name.toLowerCase());
    if (found) return found.path;
  }
  return undefined;
}

/** "<abc@x>" and "abc@x" are the same Message-ID; anything else is not (a header search also matches substrings). */
export function sameMessageId(a: string | undefined, b: string): boolean {
  const bare = (value: string) => value.trim().replace(/^<|>$/g, '');
  return a !== undefined && bare(a) === bare(b);
}

interface ImapFailure {
  code?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  message: string;
}

/** What went wrong with the mailbox, in words a person can act on. Never contains the password or token. */
export function describeImapFailure(error: unknown, settings: ImapSettings, secret: string | undefined): string {
  const failure = error as ImapFailure;
  const server = `${settings.host}:${settings.port}`;
  let text: string;
  if (failure.code === 'ECONNREFUSED') {
    text = `Could not connect to the IMAP server ${server}: the connection was refused. Check the host and port in your imap setting.`;
  } else if (failure.authenticationFailed) {
    text = `${server} did not accept the login for ${settings.user}. Check the user name and the password (or passwordCommand / accessTokenCommand); Gmail needs an app password or OAuth2, Outlook and Microsoft 365 need OAuth2 (accessTokenCommand).`;
  } else if (failure.serverResponseCode === 'OVERQUOTA' || /quota/i.test(failure.responseText ?? '')) {
    text = `The mailbox at ${server} is full (over quota): delete or archive some mail, then try again.`;
  } else if (/certificate|self.signed|CERT_|ssl|tls/i.test(`${failure.code ?? ''} ${failure.message}`)) {
    text = `Could not set up an encrypted connection to ${server} (${failure.message}). Check the host name, and that the server offers IMAP over TLS (imaps://, port 993).`;
  } else {
    const reply = failure.responseText?.trim();
    text = `The IMAP server ${server} failed: ${reply || failure.message}${failure.code ? ` (${failure.code})` : ''}`;
  }
  return redactSecret(text, secret);
}

export interface MailboxOptions {
  /** Told once per connection made (for counting: one per run). */
  onConnect?: () => void;
}

export class Mailbox {
  private folders: FolderEntry[] | undefined;

  private constructor(
    private readonly client: ImapFlow,
    readonly settings: ImapSettings,
    private readonly secret: string | undefined,
  ) {}

  /**
   * Connects and signs in. With an access-token command, a refused login is
   * tried once more with a fresh token (the first may have expired).
   */
  static async open(settings: ImapSettings, options: MailboxOptions = {}): Promise<Mailbox> {
    const { ImapFlow } = await import('imapflow');
    let auth = await signIn(settings.credentials);
    if (!auth) {
      throw new AfterviewError(
        'USAGE',
        `There is no password for the mailbox ${settings.display}: set passwordCommand (or accessTokenCommand) in your profile, or $AFTERVIEW_IMAP_PASSWORD.`,
      );
    }
    const fresh = tokenSource(settings.credentials);
    for (let attempt = 1; ; attempt++) {
      const secret = auth && 'password' in auth ? auth.password : auth?.accessToken;
      const client = new ImapFlow({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        ...(auth ? { auth: toImapAuth(auth) } : {}),
        logger: false,
        disableAutoIdle: true,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
        // A server on this machine (a bridge such as Proton's, or a test server) commonly has a self-signed certificate.
        ...(settings.loopback ? { tls: { rejectUnauthorized: false } } : {}),
      });
      // An error event after connect (a dropped socket) would otherwise be thrown from the event emitter.
      client.on('error', () => {});
      try {
        await client.connect();
        options.onConnect?.();
        return new Mailbox(client, settings, secret);
      } catch (error) {
        client.close();
        const retry = (error as ImapFailure).authenticationFailed && fresh && auth && 'accessToken' in auth && attempt === 1;
        if (!retry) throw mailboxError(error, settings, secret);
        auth = { user: auth.user, accessToken: await fresh() };
      }
    }
  }

  private async list(): Promise<FolderEntry[]> {
    this.folders ??= (await this.client.list()).map((f) => ({
      path: f.path,
      flags: new Set([...f.flags, ...(f.specialUseSource === 'extension' && f.specialUse ? [f.specialUse] : [])]),
    }));
    return this.folders;
  }

  /** The Drafts folder, or an error saying the mailbox has none. */
  async draftsFolder(): Promise<string> {
    const found = chooseFolder(await this.run(() => this.list()), '\\Drafts');
    if (found) return found;
    throw new AfterviewError(
      'SEND_FAILED',
      `The mailbox ${this.settings.display} has no Drafts folder (none marked \\Drafts, none named ${DRAFTS_NAMES.slice(0, 3).join(', ')} …). Create a folder called Drafts in your mail client, then try again.`,
    );
  }

  async sentFolder(): Promise<string | undefined> {
    return chooseFolder(await this.run(() => this.list()), '\\Sent');
  }

  /**
   * The messages in `folder` whose Message-ID is exactly `messageId`, with the
   * headers asked for. The server's header search matches substrings, so each
   * hit is read back and compared.
   */
  async findByMessageId(folder: string, messageId: string, headers: string[] = []): Promise<Array<{ uid: number; headers: string }>> {
    return this.run(async () => {
      const lock = await this.client.getMailboxLock(folder);
      try {
        const bare = messageId.replace(/^<|>$/g, '');
        const uids = await this.client.search({ header: { 'message-id': bare } }, { uid: true });
        if (!uids || uids.length === 0) return [];
        const found: Array<{ uid: number; headers: string }> = [];
        for await (const message of this.client.fetch(
          uids,
          { uid: true, envelope: true, headers: ['message-id', ...headers] },
          { uid: true },
        )) {
          if (sameMessageId(message.envelope?.messageId, messageId))
            found.push({ uid: message.uid, headers: message.headers?.toString('utf8') ?? '' });
        }
        return found;
      } finally {
        lock.release();
      }
    });
  }

  /** Appends a message to a folder with the given flags (`\Draft`, `\Seen`). */
  async append(folder: string, eml: string, flags: string[]): Promise<void> {
    await this.run(async () => {
      const done = await this.client.append(folder, eml, flags);
      if (!done) throw new Error('the server did not accept the message');
    });
  }

  async remove(folder: string, uids: number[]): Promise<void> {
    if (uids.length === 0) return;
    await this.run(async () => {
      const lock = await this.client.getMailboxLock(folder);
      try {
        await this.client.messageDelete(uids, { uid: true });
      } finally {
        lock.release();
      }
    });
  }

  async close(): Promise<void> {
    try {
      await this.client.logout();
    } catch {
      this.client.close();
    }
  }

  /** Runs one exchange with the server and turns its failure into an AfterviewError in plain words. */
  private async run<T>(exchange: () => Promise<T>): Promise<T> {
    try {
      return await exchange();
    } catch (error) {
      if (error instanceof AfterviewError) throw error;
      throw mailboxError(error, this.settings, this.secret);
    }
  }
}

function toImapAuth(auth: NonNullable<SignIn>): { user: string; pass?: string; accessToken?: string } {
  return 'password' in auth ? { user: auth.user, pass: auth.password } : { user: auth.user, accessToken: auth.accessToken };
}

function mailboxError(error: unknown, settings: ImapSettings, secret: string | undefined): AfterviewError {
  if (error instanceof AfterviewError) return error;
  const cause = new Error(redactSecret(String((error as Error).message ?? error), secret));
  Object.assign(cause, { code: (error as ImapFailure).code, serverResponseCode: (error as ImapFailure).serverResponseCode });
  return new AfterviewError('SEND_FAILED', describeImapFailure(error, settings, secret), { cause });
}
