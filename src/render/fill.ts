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

type FitStep = (typeof FIT_STEPS)[number];

// Which flags of `keep` the template read during the try under way (1 role, 2 detail, 4 company).
// Rendering is synchronous, so one variable serves every try.
let flagsRead = 0;

/**
 * `keep` for a try, noting in `flagsRead` which of its flags the template
 * reads: own properties with the step's values, so that templates see what
 * they would in FIT_STEPS itself. Made once for each step.
 */
const WATCHED: readonly FitStep[] = FIT_STEPS.map(
  (step) =>
    ({
      get role() {
        flagsRead |= 1;
        return step.role;
      },
      get detail() {
        flagsRead |= 2;
        return step.detail;
      },
      get company() {
        flagsRead |= 4;
        return step.company;
      },
    }) as FitStep,
);

/** The flags in which two steps differ. */
function differing(a: FitStep, b: FitStep): number {
  return (a.role === b.role ? 0 : 1) | (a.detail === b.detail ? 0 : 2) | (a.company === b.company ? 0 : 4);
}

/**
 * The richest wording of a part that fits the limit: the first step of
 * FIT_STEPS from `from` that does, else the last. A step that differs from the
 * last one tried only in flags that try never read would write the same text:
 * it is not rendered again. `first` is a try the caller made at the first step.
 */
function fitted(
  part: TemplateFunction,
  view: Record<string, unknown>,
  limit: number,
  tidy: (text: string) => string,
  from = 0,
  first?: Try,
): { text: string; step: number } {
  // The last try: its text, the step it was made at and the flags it read.
  let text = first?.text;
  let keep: FitStep | undefined = first && FIT_STEPS[0];
  let read = first?.read ?? 0;
  let step = from;
  for (; step < FIT_STEPS.length; step++) {
    const next = FIT_STEPS[step]!;
    const same = keep !== undefined && (differing(keep, next) & read) === 0;
    // Past the first step, the last try was measured already: the same text is as long.
    if (same && step > from) continue;
    if (!same) {
      text = attempt(part, view, step, tidy);
      keep = next;
      read = flagsRead;
    }
    if (characterCount(text!) <= limit) break;
  }
  return { text: text!, step: Math.min(step, FIT_STEPS.length - 1) };
}

interface Try {
  text: string;
  /** The flags the template read (1 role, 2 detail, 4 company). */
  read: number;
}

/** The part rendered with the flags of one step; `flagsRead` holds the flags it read. */
function attempt(part: TemplateFunction, view: Record<string, unknown>, step: number, tidy: (text: string) => string): string {
  flagsRead = 0;
  view.keep = WATCHED[step];
  try {
    return tidy(part(view));
  } finally {
    view.keep = FIT_STEPS[0];
  }
}

/**
 * The short message. The brief one keeps no more than the warm one does: being
 * shorter, it would otherwise keep a very long job title the others leave out.
 */
function fittedMessage(part: TemplateFunction, view: Record<string, unknown>, limit: number): string {
  if (view.tone !== 'brief') return fitted(part, view, limit, normalizeText).text;
  // A brief message that reads none of the flags is the same at every step: where the warm one stops cannot change it.
  const first: Try = { text: attempt(part, view, 0, normalizeText), read: flagsRead };
  if (first.read === 0) return first.text;
  view.tone = 'warm';
  const warm = fitted(part, view, limit, normalizeText).step;
  view.tone = 'brief';
  return fitted(part, view, limit, normalizeText, warm, first).text;
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
