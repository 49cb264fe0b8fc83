import { counteroffer } from './counteroffer.js';
import { feedbackRequest } from './feedback-request.js';
import { offerReview } from './offer-review.js';
import { resignation } from './resignation.js';
import { thankYou } from './thank-you.js';
import { withdrawal } from './withdrawal.js';

/** The built-in templates, in the order a job search meets them. */
export const builtInTemplates = {
  'thank-you': thankYou,
  'offer-review': offerReview,
  counteroffer,
  withdrawal,
  resignation,
  'feedback-request': feedbackRequest,
} as const;

export type BuiltInTemplates = typeof builtInTemplates;
export type TemplateName = keyof BuiltInTemplates;

export const templateNames = Object.keys(builtInTemplates) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(builtInTemplates, name);
}
