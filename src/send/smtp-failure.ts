import { classifyFailure, isCertificateFailure, type SmtpFailure } from './retry.js';
import { redactSecret, serverLabel, type SmtpSettings } from './smtp-config.js';

/**
 * Server replies can echo what the client sent: a server that quotes the
 * AUTH PLAIN blob in its 535 would put the password, base64-encoded, into an
 * error, the outbox entry and the terminal. Every blob afterview could have
 * sent is removed, and so is anything else that looks like base64.
 */
export function redactReply(text: string, settings: Pick<SmtpSettings, 'user' | 'password'> | undefined): string {
  let result = text;
  const password = settings?.password;
  if (password) {
    const user = settings.user ?? '';
    for (const blob of [`\0${user}\0${password}`, `${user}\0${user}\0${password}`, password]) {
      result = result.split(Buffer.from(blob).toString('base64')).join('***');
    }
    result = redactSecret(result, password);
  }
  // A run of 16 or more base64 characters with a digit, "+", "/" or "=" in it: no word of a server's prose looks like that.
  return result.replace(/[A-Za-z0-9+/]{16,}={0,2}/g, (token) => (/[0-9+/=]/.test(token) && /[A-Za-z]/.test(token) ? '***' : token));
}

/** What went wrong with the SMTP conversation, in words a person can act on. Never contains the password. */
export function describeSmtpFailure(error: SmtpFailure, settings: SmtpSettings | undefined, attempts: number): string {
  const server = settings ? serverLabel(settings) : 'the SMTP server';
  const reply = error.response?.trim();
  const kind = classifyFailure(error);
  let text: string;
  if (error.deadline) {
    text = `${server} did not finish within the time allowed for one message.`;
  } else if (kind === 'refused') {
    text = `Could not connect to ${server}: the connection was refused. Check the host and port, and that the server is running.`;
  } else if (isCertificateFailure(error)) {
    text = `The certificate of ${server} could not be verified (${error.originalCode ?? error.message}), so afterview did not send: it could be another server posing as yours. For a relay on this machine, connect by a loopback address (such as 127.0.0.1), where a self-signed certificate is accepted; to trust a server's own certificate authority deliberately, name its file in $NODE_EXTRA_CA_CERTS.`;
  } else if (error.code === 'ENOTFOUND') {
    text = `Could not find the SMTP server ${settings?.host ?? ''}: no such host. Check the host name.`;
  } else if (error.code === 'EAUTH') {
    text = `${server} did not accept the login${settings?.user ? ` for ${settings.user}` : ''}${reply ? `: ${reply}` : ''}. Check the user name and the password ($AFTERVIEW_SMTP_PASSWORD).`;
  } else if (error.code === 'ENOAUTH') {
    text = `${server} needs a login, and no password was given: set $AFTERVIEW_SMTP_PASSWORD.`;
  } else if (error.code === 'ETLS' || /STARTTLS/i.test(error.message)) {
    text = `${server} did not set up an encrypted connection (${error.message}). afterview will not send your message unencrypted over the network: use smtps://, or allow plain SMTP with the insecure setting if you accept the risk.`;
  } else if (reply) {
    text = `${server} refused the message: ${reply}`;
  } else {
    text = `Sending through ${server} failed: ${error.message}`;
  }
  if (kind === 'transient' && attempts > 1) text += ` (gave up after ${attempts} attempts)`;
  return redactReply(text, settings);
}

/** The original error, minus anything that could carry the password. */
export function redactedCause(error: SmtpFailure, settings: SmtpSettings | undefined): Error {
  const cause = new Error(redactReply(error.message, settings));
  Object.assign(cause, {
    code: error.code,
    responseCode: error.responseCode,
    response: error.response && redactReply(error.response, settings),
    command: error.command,
  });
  return cause;
}
