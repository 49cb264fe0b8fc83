import type { CompiledTemplate, RenderedParts } from './parts.js';
import { characterCount } from './short-message.js';
import { normalizeLine, normalizeText } from './whitespace.js';

type TemplateFunction = CompiledTemplate['subject'];

/**
 * What a template may leave out, in this order, until its subject and short
 * message fit: the role first, then the detail (a topic, a reason), then the
 * company. Templates read it as `keep.role`, `keep.detail` and `keep.company`;
 * the thanks and the person's name are never left out.
 */
export const FIT_STEPS = [
  { role: true, detail: true, company: true },
  { role: false, detail: true, company: true },
  { role: false, detail: false, company: true },
  { role: false, detail: false, company: false },
] as const;

export interface FillOptions {
  /** The view is the caller's to give away: `keep` and the HTML's `subject` are set on it rather than on a copy. */
  ownView?: boolean;
  /** A subject the user wrote: used as it is, instead of the template's. */
  subject?: string | undefined;
  /** Characters the subject should fit in. @default 60 */
  subjectLimit?: number;
  /** Characters the short message should fit in. @default 200 (a free LinkedIn connection note) */
  messageLimit?: number;
}

/** The richest wording of a part that fits the limit: the first step of FIT_STEPS from `from` that does, else the last. */
function fitted(
  part: TemplateFunction,
  view: Record<string, unknown>,
  limit: number,
  tidy: (text: string) => string,
  from = 0,
): { text: string; step: number } {
  let text = '';
  let step = from;
  for (; step < FIT_STEPS.length; step++) {
    view.keep = FIT_STEPS[step];
    text = tidy(part(view));
    if (characterCount(text) <= limit) break;
  }
  view.keep = FIT_STEPS[0];
  return { text, step: Math.min(step, FIT_STEPS.length - 1) };
}

/**
 * The short message. The brief one keeps no more than the warm one does: being
 * shorter, it would otherwise keep a very long job title the others leave out.
 */
function fittedMessage(part: TemplateFunction, view: Record<string, unknown>, limit: number): string {
  if (view.tone !== 'brief') return fitted(part, view, limit, normalizeText).text;
  view.tone = 'warm';
  const warm = fitted(part, view, limit, normalizeText).step;
  view.tone = 'brief';
  return fitted(part, view, limit, normalizeText, warm).text;
}

/** Fills every part of a compiled template from one view, the subject and short message sized to fit. */
export function fillTemplate(template: CompiledTemplate, view: object, options: FillOptions = {}): RenderedParts {
  const local = (options.ownView ? view : { ...view }) as Record<string, unknown>;
  const subject =
    options.subject !== undefined
      ? normalizeLine(options.subject)
      : fitted(template.subject, local, options.subjectLimit ?? 60, normalizeLine).text;
  const message = fittedMessage(template.message, local, options.messageLimit ?? 200);
  const text = normalizeText(template.text(local));
  // The layout's <title> shows the subject.
  local.subject = subject;
  const html = template.html(local);
  return { subject, text, html, message };
}
