import type { Address } from './address.js';

/** One finished message, every part ready to use. */
export interface RenderedMessage {
  /** The template's name. */
  template: string;
  from: Address;
  to: Address;
  /** One line: the template's, sized to fit 60 characters, or the context's own `subject` (a warning says when that is longer). */
  subject: string;
  /** The plain-text body: never HTML-escaped. */
  text: string;
  /** A complete, responsive HTML document: every value escaped. */
  html: string;
  /** The short message: the richest wording that fits a free LinkedIn connection note (200 characters), or `messageLimit`. */
  message: string;
  /** Advice that did not stop rendering: late timing, a long subject, a mention of pay… */
  warnings: string[];
  /** For a reply: the Message-ID it answers (the In-Reply-To header). */
  inReplyTo?: string;
  /** For a reply: the thread's Message-IDs, oldest first (the References header). */
  references?: string[];
}
