import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SmtpFailure } from './retry.js';
import { smtpLogin } from '../mail/smtp-auth.js';
import { isLoopbackAddress, type SmtpSettings } from './smtp-config.js';

/** One logged-in SMTP connection, with promises instead of callbacks and events. */
export interface SmtpSession {
  send(envelope: { from: string; to: string[] }, message: Readable, signal: AbortSignal): Promise<SMTPConnection.SentMessageInfo>;
  /** Ends the session: QUIT, or with `destroy` a cut connection (mid-DATA, a cut means the message is dropped). */
  close(destroy?: boolean): void;
  readonly closed: boolean;
}

/** Where the host name leads, and whether every address it resolves to is on this machine. */
export async function resolveServer(host: string): Promise<{ address: string; loopback: boolean }> {
  if (isIP(host)) return { address: host, loopback: isLoopbackAddress(host) };
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw Object.assign(new Error(`cannot find the host ${host} (${code})`), { code: code === 'EAI_AGAIN' ? 'EAI_AGAIN' : 'ENOTFOUND' });
  }
  // Plain SMTP is safe only when nothing can leave the machine: every address must be loopback, not just the first.
  return { address: addresses[0]!.address, loopback: addresses.every((a) => isLoopbackAddress(a.address)) };
}

/** Connects and logs in; rejects with nodemailer's error (its codes are what retry.ts classifies). */
export async function openSession(settings: SmtpSettings, signal: AbortSignal): Promise<SmtpSession> {
  const server = await resolveServer(settings.host);
  const { default: Connection } = await import('nodemailer/lib/smtp-connection');
  const plainAllowed = settings.secure || server.loopback || settings.insecure === true;
  const connection = new Connection({
    host: server.address,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !plainAllowed,
    ...(isIP(settings.host) ? {} : { servername: settings.host }),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    socketCloseTimeout: 0,
    logger: false,
    // A relay on this machine commonly has a self-signed certificate; anything else must prove who it is.
    ...(server.loopback ? { tls: { rejectUnauthorized: false } } : {}),
  });
  let failure: SmtpFailure | undefined;
  let closed = false;
  let onFailure: ((error: SmtpFailure) => void) | undefined;
  const fail = (error: SmtpFailure) => {
    failure ??= error;
    closed = true;
    onFailure?.(error);
  };
  connection.on('error', fail);
  connection.on('end', () => fail(Object.assign(new Error('the server closed the connection'), { code: 'ECONNECTION' })));
  const abort = () => {
    fail(Object.assign(new Error('time is up'), { code: 'ETIMEDOUT', deadline: true }));
    connection.close();
  };
  signal.addEventListener('abort', abort, { once: true });
  const step = <T>(start: (done: (error: Error | null | undefined, value?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      onFailure = reject;
      start((error, value) => {
        onFailure = undefined;
        if (error) reject(error);
        else resolve(value as T);
      });
    });
  try {
    if (signal.aborted) abort();
    await step<void>((done) => connection.connect((error?: Error) => done(error)));
    const login = await smtpLogin(settings);
    if (login) await step<boolean>((done) => connection.login(login as SMTPConnection.AuthenticationType, done));
  } catch (error) {
    signal.removeEventListener('abort', abort);
    connection.close();
    throw error;
  }
  signal.removeEventListener('abort', abort);
  return {
    send: (envelope, message, deadline) => {
      if (deadline.aborted) abort();
      deadline.addEventListener('abort', abort, { once: true });
      return step<SMTPConnection.SentMessageInfo>((done) => connection.send(envelope, message, done)).finally(() =>
        deadline.removeEventListener('abort', abort),
      );
    },
    close: (destroy = false) => {
      if (closed && !destroy) return;
      closed = true;
      if (destroy) connection.close();
      else connection.quit();
    },
    get closed() {
      return closed;
    },
  };
}
