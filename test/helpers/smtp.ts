import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach } from 'vitest';

export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
  /** Whether the client had upgraded the connection to TLS. */
  secure: boolean;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://user@127.0.0.1:port` (no password: tests pass it the way users do). */
  url(user?: string): string;
  received: ReceivedMessage[];
  /** Replies to give to the next DATA commands instead of accepting, in order. */
  failNextData: Array<{ code: number; message: string }>;
  /** Recipients the server refuses at RCPT TO. */
  refuseRecipients: Set<string>;
  /** Recipients the server defers at RCPT TO (451, greylisting), with how many more times to do so. */
  deferRecipients: Map<string, number>;
  /** Logins the server saw (user names only). */
  logins: string[];
  close(): Promise<void>;
}

/** A real SMTP server on a loopback port: what afterview sends arrives here and is parsed with mailparser. */
export interface SmtpServerOptions {
  users?: Record<string, string>;
  port?: number;
  /** Offer no STARTTLS, so that the conversation can be watched (and broken) by a proxy. */
  plain?: boolean;
  /** Skip mailparser and keep only the Message-ID: for load tests, where parsing would dominate. */
  parse?: boolean;
  /** Asked at the end of each DATA: a reply to refuse the message with, or undefined to accept it. */
  failData?: () => { code: number; message: string } | undefined;
  /** How long to hold the reply to each DATA, in ms: the window in which a client killed mid-reply leaves the message perhaps delivered. */
  dataReplyDelayMs?: () => number;
  /** Run once a message has been received in full, before the server answers it. */
  onReceived?: (message: ReceivedMessage) => void | Promise<void>;
  /** Listen on this address instead of 127.0.0.1 (such as ::1). */
  host?: string;
  /** The reply to a failed login, instead of "Authentication credentials invalid". */
  authFailure?: (auth: { username?: string | undefined; password?: string | null | undefined }) => string;
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMessage[] = [];
  const failNextData: TestSmtpServer['failNextData'] = [];
  const refuseRecipients = new Set<string>();
  const deferRecipients = new Map<string, number>();
  const logins: string[] = [];
  const serverOptions: SMTPServerOptions = {
    logger: false,
    ...(options.plain ? { hideSTARTTLS: true } : {}),
    // The client upgrades with STARTTLS (smtp-server's built-in self-signed certificate; loopback only).
    authOptional: options.users === undefined,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      const expected = options.users?.[auth.username ?? ''];
      // With no users configured, any login is welcome: the server then only checks what arrives.
      if (options.users === undefined || (expected !== undefined && expected === auth.password)) callback(null, { user: auth.username });
      else {
        const message = options.authFailure?.(auth) ?? 'Authentication credentials invalid';
        callback(Object.assign(new Error(message), { responseCode: 535 }));
      }
    },
    onRcptTo(address, _session, callback) {
      const deferrals = deferRecipients.get(address.address) ?? 0;
      if (refuseRecipients.has(address.address)) {
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      } else if (deferrals > 0) {
        deferRecipients.set(address.address, deferrals - 1);
        callback(
          Object.assign(new Error(`4.7.1 <${address.address}>: Recipient address rejected: Greylisted, try again later`), {
            responseCode: 451,
          }),
        );
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const failure = failNextData.shift() ?? options.failData?.();
        if (failure) {
          callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const parse =
          options.parse === false
            ? Promise.resolve({ messageId: /^Message-ID: *(<[^>\r\n]+>)/im.exec(raw)?.[1] } as ParsedMail)
            : simpleParser(raw);
        parse
          .then(async (parsed) => {
            const message: ReceivedMessage = {
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
              secure: session.secure,
            };
            // Kept from here on: a client that dies while the reply is held back leaves a delivered message.
            received.push(message);
            await options.onReceived?.(message);
            const delay = options.dataReplyDelayMs?.() ?? 0;
            if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
          })
          .then(
            () => callback(),
            (error: Error) => callback(error),
          );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port,
    url: (user) =>
      `smtp://${user ? `${encodeURIComponent(user)}@` : ''}${options.host?.includes(':') ? `[${options.host}]` : (options.host ?? '127.0.0.1')}:${port}`,
    received,
    failNextData,
    refuseRecipients,
    deferRecipients,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port with nothing listening on it: connections are refused. */
export async function unusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts servers on demand in a test file and closes each one after its test. */
export function useSmtpServers(): (options?: SmtpServerOptions) => Promise<TestSmtpServer> {
  const running: TestSmtpServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
  return async (options = {}) => {
    const started = await startSmtpServer(options);
    running.push(started);
    return started;
  };
}
