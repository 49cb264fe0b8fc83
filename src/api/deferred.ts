import type { ClipboardContent, CopyOptions, CopyResult } from '../clipboard/index.js';
import type { DraftOptions, DraftResult } from '../mail/drafts.js';
import type { WaitingDraft } from '../mail/draft-store.js';
import type { SecretCommandOptions, SecretKind } from '../mail/credentials.js';
import type { Preview, PreviewOptions } from '../preview/server.js';
import type { RenderedMessage } from '../render/message.js';
import type { Addressing } from '../send/prepare.js';
import type { SendOptions, SendPlan, SendResult, StateOptions, WaitingMessage } from '../send/send.js';

/**
 * The public functions of the heavier modules, each loading its module on
 * first call: importing the library to render loads neither the outbox, SMTP
 * and IMAP code (node:crypto, node:dns, child processes for password commands)
 * nor the clipboard's tools or the preview's HTTP server. Each does exactly
 * what the function of the same name in its module does (documented there).
 */

/** Sends one message (resolves with its result, or rejects), or several or a plan (one result each). See src/send/send.ts. */
export function send(message: RenderedMessage, options: SendOptions): Promise<SendResult>;
export function send(messages: readonly RenderedMessage[] | SendPlan, options: SendOptions): Promise<SendResult[]>;
export async function send(
  input: RenderedMessage | readonly RenderedMessage[] | SendPlan,
  options: SendOptions,
): Promise<SendResult | SendResult[]> {
  const module = await import('../send/send.js');
  return 'text' in input ? module.send(input, options) : module.send(input, options);
}

/** Checks everything `send` would, without sending or writing; `send(plan)` then sends exactly that. */
export async function planSend(input: readonly RenderedMessage[], options: Addressing & StateOptions): Promise<SendPlan> {
  return (await import('../send/send.js')).planSend(input, options);
}

/** Sends what waits in the outbox. */
export async function sendOutbox(options: Omit<SendOptions, keyof Addressing>): Promise<SendResult[]> {
  return (await import('../send/send.js')).sendOutbox(options);
}

/** What waits in the outbox, with each message's state. */
export async function listOutbox(options: StateOptions = {}): Promise<{ outboxDir: string; messages: WaitingMessage[] }> {
  return (await import('../send/send.js')).listOutbox(options);
}

/** Saves each message as a draft in the mailbox's Drafts folder. */
export async function saveDrafts(messages: readonly RenderedMessage[], options: DraftOptions): Promise<DraftResult[]> {
  return (await import('../mail/drafts.js')).saveDrafts(messages, options);
}

/** Saves the drafts waiting in the outbox. */
export async function saveOutboxDrafts(options: Omit<DraftOptions, 'to' | 'cc' | 'attachments'>): Promise<DraftResult[]> {
  return (await import('../mail/drafts.js')).saveOutboxDrafts(options);
}

/** The drafts waiting in the outbox for the mailbox, oldest first. */
export async function listDrafts(
  options: { stateDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ dir: string; drafts: WaitingDraft[] }> {
  return (await import('../mail/drafts.js')).listDrafts(options);
}

/** Copies text (and HTML, where the platform allows) to the clipboard. */
export async function copyToClipboard(content: string | ClipboardContent, options: CopyOptions = {}): Promise<CopyResult> {
  return (await import('../clipboard/index.js')).copyToClipboard(content, options);
}

/** Runs a password or token command and resolves with its first line. */
export async function runSecretCommand(kind: SecretKind, command: string, options: SecretCommandOptions = {}): Promise<string> {
  return (await import('../mail/credentials.js')).runSecretCommand(kind, command, options);
}

/** Serves the live preview page on a loopback port. */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  return (await import('../preview/server.js')).startPreview(options);
}
