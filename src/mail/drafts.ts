import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AfterviewError } from '../errors.js';
import { formatAddress, type Address } from '../render/address.js';
import { refuseHeaderLineBreak, toEml } from '../render/eml.js';
import type { RenderedMessage } from '../render/render.js';
import { parseRecipient, type Recipient } from '../send/send.js';
import { contentKey, defaultStateDir } from '../send/store.js';
import { draftMessageId } from './draft-id.js';
import { DraftStore, type WaitingDraft } from './draft-store.js';
import type { ImapSettings } from './imap-config.js';
import { Mailbox } from './imap.js';

/**
 * `afterview draft`: each message goes into the mailbox's Drafts folder,
 * ready for a last read and a click on Send in Gmail or Outlook. A draft is
 * in the outbox until the server has it, so one that cannot be saved is not
 * lost; running the command again finds the earlier copy by its Message-ID
 * and leaves it (unchanged) or replaces it (edited), never adds a second.
 */

/** Carries the content key in the draft, so that a later run can tell an unchanged draft from an edited one. */
const CONTENT_HEADER = 'X-Afterview-Content';

export interface DraftOptions {
  /** The mailbox, from `resolveImapSettings`. */
  imap: ImapSettings;
  /** Override each message's recipient. */
  to?: Recipient | Recipient[];
  cc?: Recipient | Recipient[];
  /** Files to attach to every draft. */
  attachments?: string[];
  /** The application (context) files the messages come from, as absolute paths: `due` shows their items as drafted. */
  applications?: string[];
  /**
   * Where the outbox lives, or false for none.
   * @default $XDG_STATE_HOME/afterview, else ~/.local/state/afterview
   */
  stateDir?: string | false;
  /** The clock, for the Date header. */
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  /** Told once per IMAP connection made. */
  onConnect?: () => void;
}

export interface DraftResult {
  /**
   * `saved`: a new draft; `replaced`: an earlier copy of this draft had other
   * content and was replaced; `unchanged`: the same draft is already there;
   * `failed`: it stays in the outbox.
   */
  status: 'saved' | 'replaced' | 'unchanged' | 'failed';
  template: string;
  to: string;
  subject: string;
  messageId: string;
  /** The folder it went to. */
  folder?: string;
  error?: AfterviewError;
}

interface PreparedDraft {
  entry: WaitingDraft;
  eml: string;
}

type Attachment = { filename: string; content: Buffer };

async function readAttachments(paths: readonly string[]): Promise<Attachment[]> {
  return Promise.all(
    paths.map(async (path) => {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile())
        throw new AfterviewError('INVALID_INPUT', `The attachment ${path} is not a file.`, { advice: { kind: 'attachment-path' } });
      return { filename: basename(path), content: await readFile(path) };
    }),
  );
}

async function prepareDraft(message: RenderedMessage, options: DraftOptions, attachments: Attachment[], now: Date): Promise<PreparedDraft> {
  const from = parseRecipient(message.from, 'The sender');
  const to = options.to === undefined ? [] : [options.to].flat().map((r) => parseRecipient(r, 'The `to` address'));
  if (to.length === 0) {
    if (message.to.email === undefined) {
      throw new AfterviewError('INVALID_CONTEXT', `There is no address for the draft to ${message.to.name}.`, {
        advice: { kind: 'recipient-address' },
      });
    }
    to.push(parseRecipient(message.to, 'The recipient'));
  }
  const cc = options.cc === undefined ? [] : [options.cc].flat().map((r) => parseRecipient(r, 'The `cc` address'));
  refuseHeaderLineBreak('The subject', message.subject);
  const recipients = [...new Set([...to, ...cc].map((a) => a.email))];
  const key = `draft-${contentKey({
    template: message.template,
    recipients,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: attachments.map((a) => a.content),
  })}`;
  const messageId = draftMessageId(message.template, from, recipients, message.subject);
  const eml = await toEml(message, {
    from,
    to,
    ...(cc.length ? { cc } : {}),
    date: now,
    messageId,
    ...(attachments.length ? { attachments } : {}),
  });
  const entry: WaitingDraft = {
    key,
    template: message.template,
    from: formatAddress(from),
    to: to.map(formatAddress).join(', '),
    subject: message.subject,
    messageId,
    queuedAt: now.toISOString(),
    attempts: 0,
    ...(options.applications?.length ? { applications: [...options.applications] } : {}),
  };
  return { entry, eml: `${CONTENT_HEADER}: ${key}\r\n${eml}` };
}

/**
 * Saves each message as a draft in the mailbox over one IMAP connection.
 * Resolves with one result per message; a message that could not be saved
 * is `failed` and stays in the outbox (`saveOutboxDrafts` tries it again).
 */
export async function saveDrafts(messages: readonly RenderedMessage[], options: DraftOptions): Promise<DraftResult[]> {
  const now = (options.now ?? (() => new Date()))();
  const attachments = await readAttachments(options.attachments ?? []);
  const prepared: PreparedDraft[] = [];
  for (const message of messages) prepared.push(await prepareDraft(message, options, attachments, now));
  const store = options.stateDir === false ? undefined : new DraftStore(options.stateDir ?? defaultStateDir(options.env ?? process.env));
  for (const item of prepared) {
    // A draft waiting from an earlier failed run keeps its first Date.
    const waiting = await store?.read(item.entry.key);
    if (waiting) {
      item.entry = waiting.entry;
      item.eml = waiting.eml;
    } else await store?.put(item.entry, item.eml);
  }
  return saveQueued(prepared, store, options);
}

/** The drafts waiting in the outbox for the mailbox, oldest first. */
export async function listDrafts(
  options: { stateDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ dir: string; drafts: WaitingDraft[] }> {
  const store = new DraftStore(options.stateDir || defaultStateDir(options.env ?? process.env));
  return { dir: store.dir, drafts: await store.list() };
}

/** Saves the drafts waiting in the outbox. */
export async function saveOutboxDrafts(options: Omit<DraftOptions, 'to' | 'cc' | 'attachments'>): Promise<DraftResult[]> {
  const store = new DraftStore(options.stateDir || defaultStateDir(options.env ?? process.env));
  const prepared: PreparedDraft[] = [];
  for (const entry of await store.list()) {
    const found = await store.read(entry.key);
    if (found) prepared.push(found);
  }
  return saveQueued(prepared, store, options);
}

async function saveQueued(
  prepared: PreparedDraft[],
  store: DraftStore | undefined,
  options: Pick<DraftOptions, 'imap' | 'onConnect' | 'now'>,
): Promise<DraftResult[]> {
  if (prepared.length === 0) return [];
  const fail = async (item: PreparedDraft, error: AfterviewError): Promise<DraftResult> => {
    const kept = store ? ` The draft is kept in the outbox (${store.dir}).` : '';
    await store?.update({ ...item.entry, attempts: item.entry.attempts + 1, lastError: error.message });
    return {
      ...describe(item.entry),
      status: 'failed',
      error: new AfterviewError('SEND_FAILED', `${error.message}${kept}`, {
        cause: error.cause,
        ...(store ? { advice: { kind: 'save-waiting-drafts' as const } } : {}),
      }),
    };
  };
  let mailbox: Mailbox;
  let folder: string;
  try {
    mailbox = await Mailbox.open(options.imap, { ...(options.onConnect ? { onConnect: options.onConnect } : {}) });
  } catch (error) {
    if (!(error instanceof AfterviewError)) throw error;
    return Promise.all(prepared.map((item) => fail(item, error)));
  }
  const results: DraftResult[] = [];
  try {
    try {
      folder = await mailbox.draftsFolder();
    } catch (error) {
      if (!(error instanceof AfterviewError)) throw error;
      for (const item of prepared) results.push(await fail(item, error));
      return results;
    }
    for (const item of prepared) {
      try {
        const saved = await saveOne(mailbox, folder, item);
        // Recorded before the outbox copy goes: a crash between the two saves it again, found unchanged.
        await store?.recordDrafted(item.entry, (options.now ?? (() => new Date()))());
        results.push(saved);
        await store?.remove(item.entry.key);
      } catch (error) {
        if (!(error instanceof AfterviewError)) throw error;
        results.push(await fail(item, error));
      }
    }
  } finally {
    await mailbox.close();
  }
  return results;
}

function describe(entry: WaitingDraft) {
  return { template: entry.template, to: entry.to, subject: entry.subject, messageId: entry.messageId };
}

async function saveOne(mailbox: Mailbox, folder: string, item: PreparedDraft): Promise<DraftResult> {
  const earlier = await mailbox.findByMessageId(folder, item.entry.messageId, [CONTENT_HEADER.toLowerCase()]);
  const contentLine = new RegExp(`^${CONTENT_HEADER}:\\s*${item.entry.key}\\s*$`, 'im');
  if (earlier.some((found) => contentLine.test(found.headers))) {
    return { ...describe(item.entry), status: 'unchanged', folder };
  }
  // The new copy first, then the old one removed: never a moment with no draft at all.
  await mailbox.append(folder, item.eml, ['\\Draft', '\\Seen']);
  await mailbox.remove(
    folder,
    earlier.map((found) => found.uid),
  );
  return { ...describe(item.entry), status: earlier.length ? 'replaced' : 'saved', folder };
}
