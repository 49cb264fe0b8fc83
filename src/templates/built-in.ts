import { acceptOffer } from './accept-offer.js';
import { checkIn } from './check-in.js';
import { counteroffer } from './counteroffer.js';
import { declineOffer } from './decline-offer.js';
import { feedbackRequest } from './feedback-request.js';
import { offerReview } from './offer-review.js';
import { resignation } from './resignation.js';
import { negotiationReply } from './negotiation-reply.js';
import { thankYou } from './thank-you.js';
import { withdrawal } from './withdrawal.js';

/**
 * The built-in templates, in the order a job search meets them. Adding one is
 * this one line (beside its module and its folder under templates/): the
 * registry, `list`, `init`, `schema`, validation, the build's precompile step
 * and the library's types all take the list from here.
 */
export const builtInTemplates = {
  'thank-you': thankYou,
  'check-in': checkIn,
  'offer-review': offerReview,
  counteroffer,
  'negotiation-reply': negotiationReply,
  'accept-offer': acceptOffer,
  'decline-offer': declineOffer,
  withdrawal,
  resignation,
  'feedback-request': feedbackRequest,
} as const;

export type BuiltInTemplates = typeof builtInTemplates;

/** The name of a built-in template: the templates whose contexts the library types precisely. */
export type TemplateName = keyof BuiltInTemplates;
