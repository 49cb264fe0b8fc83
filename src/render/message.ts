import type { Address } from './address.js';

/** One finished message, every part ready to use. */
export interface RenderedMessage {
  /** The template's name. */
  template: string;
  from: Address;
  to: Address;
  /** One line, at most about 50 characters (a warning says when it is longer). */
  subject: string;
  /** The plain-text body: never HTML-escaped. */
  text: string;
  /** A complete, responsive HTML document: every value escaped. */
  html: string;
  /** The short message, sized for a LinkedIn connection note. */
  message: string;
  /** Advice that did not stop rendering: late timing, a long subject, a mention of pay… */
  warnings: string[];
  /** For a reply: the Message-ID it answers (the In-Reply-To header). */
  inReplyTo?: string;
  /** For a reply: the thread's Message-IDs, oldest first (the References header). */
  references?: string[];
}
