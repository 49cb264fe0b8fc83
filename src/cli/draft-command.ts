import {
  AfterviewError,
  listDrafts,
  resolveImapSettings,
  saveDrafts,
  saveOutboxDrafts,
  type DraftResult,
  type ImapSettings,
  type Settlement,
} from '../index.js';
import { cliAdvice, describeInline } from './errors.js';
import type { CliIO, Printer } from './io.js';
import { type DeliveryArgs, messagesToDeliver } from './delivery.js';
import { localTime, withLocalTimes } from './times.js';

/** The parts of a loaded profile the mailbox needs. */
interface ProfileFile {
  path: string;
  readableByOthers: boolean;
  profile: {
    sender?: { email?: string | undefined } | undefined;
    smtp?: unknown;
    imap?: unknown;
    passwordCommand?: string | undefined;
    accessTokenCommand?: string | undefined;
    saveSent?: boolean | undefined;
  };
}

export interface DraftArgs extends DeliveryArgs {
  insecure: boolean;
}

/** The mailbox from the profile and the environment; an error saying how to set one when there is none. */
async function mailboxSettings(
  profile: ProfileFile | undefined,
  io: CliIO,
  print: Printer,
  options: { address?: string | undefined; insecure?: boolean; required: boolean },
): Promise<ImapSettings | undefined> {
  const settings = profile?.profile;
  const imap = await resolveImapSettings({
    env: io.env,
    imap: settings?.imap,
    smtp: settings?.smtp,
    passwordCommand: settings?.passwordCommand,
    accessTokenCommand: settings?.accessTokenCommand,
    saveSent: settings?.saveSent,
    address: options.address ?? settings?.sender?.email,
    insecure: options.insecure,
  });
  if (!imap && options.required) {
    throw new AfterviewError('USAGE', 'No IMAP server is set, so there is no mailbox to save drafts in.', {
      hint: 'Set `imap: imaps://you@imap.example.com:993` in your profile (or a preset: `smtp: gmail` gives both), or $AFTERVIEW_IMAP_URL.',
    });
  }
  const imapSection = settings?.imap;
  if (profile?.readableByOthers && typeof imapSection === 'object' && imapSection !== null && 'password' in imapSection) {
    print.warn(
      `${profile.path} holds your IMAP password and other users can read it: run \`chmod 600 ${profile.path}\`, or use passwordCommand instead.`,
    );
  }
  return imap;
}

function reportDrafts(results: readonly DraftResult[], print: Printer): number {
  for (const result of results) {
    if (result.status === 'saved') print.info(`Saved a draft to ${result.to} in "${result.folder}": ${result.subject}`);
    else if (result.status === 'replaced')
      print.info(`Replaced the draft to ${result.to} in "${result.folder}" (its content had changed): ${result.subject}`);
    else if (result.status === 'unchanged')
      print.info(`The draft to ${result.to} is already in "${result.folder}", unchanged: left as it is.`);
    else print.error(`No draft saved for ${result.to}: ${result.error ? describeInline(result.error) : 'unknown error'}`);
  }
  return results.some((r) => r.status === 'failed') ? 3 : 0;
}

/** `afterview draft`: render exactly as `send` does, then save each message in the mailbox's Drafts folder. */
export async function draftCommand(args: DraftArgs, io: CliIO, print: Printer): Promise<number> {
  const { messages, gathered, addressing, sender } = await messagesToDeliver(args, io, print, 'drafts');
  const imap = await mailboxSettings(gathered.profile, io, print, { address: sender, insecure: args.insecure, required: true });
  print.info(`Mailbox: ${imap!.display}`);
  const results = await saveDrafts(messages, { ...addressing, imap: imap!, env: io.env, now: io.now });
  return reportDrafts(results, print);
}

/** `afterview outbox`: the drafts waiting for the mailbox, after the messages waiting to be sent. Returns how many. */
export async function listWaitingDrafts(io: CliIO, print: Printer): Promise<number> {
  const { dir, drafts } = await listDrafts({ env: io.env });
  if (drafts.length === 0) return 0;
  print.info(`${drafts.length} draft${drafts.length === 1 ? '' : 's'} not yet saved in the mailbox, waiting in ${dir}:`);
  for (const draft of drafts) {
    const lastError = draft.lastError ? `\n    last attempt: ${withLocalTimes(draft.lastError, io.env)}` : '';
    print.out(`${localTime(draft.queuedAt, io.env)}  ${draft.template}  draft to ${draft.to}  "${draft.subject}"${lastError}`);
  }
  print.info('Save them with `afterview outbox --send`.');
  return drafts.length;
}

/** `afterview outbox --send`: saves the waiting drafts in the mailbox. Returns how many there were and the exit code. */
export async function saveWaitingDrafts(
  profile: ProfileFile | undefined,
  args: { insecure: boolean },
  io: CliIO,
  print: Printer,
): Promise<{ count: number; code: number }> {
  const { drafts } = await listDrafts({ env: io.env });
  if (drafts.length === 0) return { count: 0, code: 0 };
  const imap = await mailboxSettings(profile, io, print, { insecure: args.insecure, required: true });
  return { count: drafts.length, code: reportDrafts(await saveOutboxDrafts({ imap: imap!, env: io.env, now: io.now }), print) };
}

/**
 * For `send` and `outbox --send`, when a mailbox is configured: the IMAP
 * settings (Sent copies, settling perhaps-delivered messages) and what to
 * print about each settlement. Without IMAP, sending works as before.
 */
export async function sendMailbox(
  profile: ProfileFile | undefined,
  io: CliIO,
  print: Printer,
  options: { address?: string | undefined; insecure: boolean },
): Promise<{ imap?: ImapSettings; onSettled?: (settlement: Settlement) => void }> {
  const imap = await mailboxSettings(profile, io, print, { ...options, required: false });
  if (!imap) return {};
  return {
    imap,
    onSettled: (settlement) => {
      const note = withLocalTimes(settlement.note, io.env);
      if (settlement.outcome === 'delivered') print.info(`Perhaps delivered to ${settlement.to}, now settled: ${note}.`);
      else if (settlement.outcome === 'resend') print.warn(`Perhaps delivered to ${settlement.to}: ${note}.`);
      else {
        const advice = settlement.advice ? `: ${cliAdvice(settlement.advice)}` : '';
        print.warn(`Perhaps delivered${settlement.to ? ` to ${settlement.to}` : ''}, not settled: ${note}${advice}.`);
      }
    },
  };
}
