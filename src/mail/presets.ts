import { AfterviewError } from '../errors.js';
/**
 * Provider presets: `smtp: gmail` plus the sender's address is a whole mail
 * account. The SMTP side comes from nodemailer's own list of well-known
 * services, so it stays as current as nodemailer; the IMAP side, which
 * nodemailer does not know, is listed here with what each provider does with
 * mail sent over SMTP.
 */

export const presetNames = ['gmail', 'outlook', 'office365', 'icloud', 'fastmail', 'yahoo'] as const;
export type PresetName = (typeof presetNames)[number];

interface ImapSide {
  /** nodemailer's name for the service. */
  service: string;
  imapHost: string;
  /**
   * The provider files every message sent through its SMTP server in Sent by
   * itself: appending a copy there would make a duplicate.
   */
  filesSentMail: boolean;
}

const PRESETS: Record<PresetName, ImapSide> = {
  gmail: { service: 'gmail', imapHost: 'imap.gmail.com', filesSentMail: true },
  outlook: { service: 'outlook', imapHost: 'outlook.office365.com', filesSentMail: true },
  office365: { service: 'Outlook365', imapHost: 'outlook.office365.com', filesSentMail: true },
  icloud: { service: 'icloud', imapHost: 'imap.mail.me.com', filesSentMail: false },
  fastmail: { service: 'fastmail', imapHost: 'imap.fastmail.com', filesSentMail: false },
  yahoo: { service: 'yahoo', imapHost: 'imap.mail.yahoo.com', filesSentMail: false },
};

export function isPresetName(value: string): value is PresetName {
  return (presetNames as readonly string[]).includes(value.toLowerCase());
}

export interface Preset {
  name: PresetName;
  /** An smtp:// (STARTTLS) or smtps:// URL for the user. */
  smtpUrl: string;
  /** An imaps:// URL for the user (every preset offers IMAP over TLS on 993). */
  imapUrl: string;
  filesSentMail: boolean;
}

/** The account for `user` at a provider: hosts, ports and TLS for SMTP and IMAP. */
export async function loadPreset(name: PresetName, user: string): Promise<Preset> {
  const key = name.toLowerCase() as PresetName;
  const side = PRESETS[key];
  const { default: wellKnown } = await import('nodemailer/lib/well-known');
  const found = wellKnown(side.service);
  const service = found === false ? undefined : found;
  if (!service?.host) throw new Error(`nodemailer no longer knows the service ${side.service}`);
  const scheme = service.secure ? 'smtps' : 'smtp';
  const who = encodeURIComponent(user);
  return {
    name: key,
    smtpUrl: `${scheme}://${who}@${service.host}:${service.port ?? (service.secure ? 465 : 587)}`,
    imapUrl: `imaps://${who}@${side.imapHost}:993`,
    filesSentMail: side.filesSentMail,
  };
}

/** An SMTP URL as written (--smtp, $AFTERVIEW_SMTP_URL, the profile), with a preset name turned into the provider's URL for `address`. */
export async function smtpPresetUrl(text: string, address: string | undefined): Promise<string> {
  if (!isPresetName(text)) return text;
  if (!address) {
    throw new AfterviewError('USAGE', `The preset ${text} needs your address to sign in with: set sender.email in your profile.`);
  }
  return (await loadPreset(text, address)).smtpUrl;
}
