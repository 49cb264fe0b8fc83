import { AfterviewError } from '../errors.js';
import type { ImapSettings } from './imap-config.js';
import { Mailbox } from './imap.js';

/**
 * Copies of sent messages for the Sent folder, for providers that do not file
 * SMTP mail there themselves. One IMAP connection for the run, opened with the
 * first copy; if it cannot be opened, no later copy tries again.
 */
export class SentCopies {
  private mailbox: Promise<{ mailbox: Mailbox; folder: string } | AfterviewError> | undefined;

  constructor(
    private readonly imap: ImapSettings,
    private readonly onConnect?: () => void,
  ) {}

  private open(): Promise<{ mailbox: Mailbox; folder: string } | AfterviewError> {
    this.mailbox ??= (async () => {
      try {
        const mailbox = await Mailbox.open(this.imap, this.onConnect ? { onConnect: this.onConnect } : {});
        const folder = await mailbox.sentFolder();
        if (folder) return { mailbox, folder };
        await mailbox.close();
        return new AfterviewError(
          'SEND_FAILED',
          `the mailbox ${this.imap.display} has no Sent folder (none marked \\Sent, none named Sent or Sent Items)`,
        );
      } catch (error) {
        if (error instanceof AfterviewError) return error;
        throw error;
      }
    })();
    return this.mailbox;
  }

  /** Appends the message, flagged as read; says where, or why not (the message itself was sent either way). */
  async save(eml: string): Promise<{ folder: string } | { error: string }> {
    const opened = await this.open();
    if (opened instanceof AfterviewError) return { error: opened.message };
    try {
      await opened.mailbox.append(opened.folder, eml, ['\\Seen']);
      return { folder: opened.folder };
    } catch (error) {
      if (error instanceof AfterviewError) return { error: error.message };
      throw error;
    }
  }

  async close(): Promise<void> {
    const opened = await this.mailbox;
    if (opened && !(opened instanceof AfterviewError)) await opened.mailbox.close();
  }
}
