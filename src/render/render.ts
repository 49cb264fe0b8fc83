import type * as z from 'zod/mini';
import { formatLongDate, isRealIsoDate, localToday } from '../format/dates.js';
import type { Locate } from '../context/issues.js';
import type { commonFields, recipient } from '../templates/fields.js';
import { validateContext, type ValidatedContext } from '../context/validate.js';
import { AfterviewError } from '../errors.js';
import type { TemplateDefinition, View } from '../templates/definition.js';
import type { BuiltInTemplates, TemplateName } from '../templates/built-in.js';
import { getTemplate } from '../templates/registry.js';
import type { Address } from './address.js';
import type { RenderedMessage } from './message.js';
import { fillTemplate, loadCompiledTemplate } from './engine.js';
import type { CompiledTemplate } from './parts.js';
import { httpsUrl, telUri } from './links.js';
import { characterCount, LINKEDIN_FREE_NOTE_LIMIT, LINKEDIN_NOTE_LIMIT } from './short-message.js';
import { phrasingFor } from '../text/helpers.js';
import { phrase } from '../text/compose.js';
import { companyInSentence } from '../text/company-name.js';
import { givenName, greetingName } from '../text/greeting.js';
import type { TemplateSet } from './user/set.js';
import { FIT_STEPS } from './fill.js';
import { advisePanel } from './panel-advice.js';

export type { Address } from './address.js';

export type { RenderedMessage } from './message.js';

export interface RenderOptions {
  /**
   * The day that defaults and timing advice are computed from, as YYYY-MM-DD or a Date.
   * @default today's local date
   */
  today?: string | Date;
  /**
   * How long the short message may be: 200 characters fit a free LinkedIn
   * connection note; 300 a paid account's note, with room for more detail.
   * @default 200
   */
  messageLimit?: 200 | 300;
}

type Fields<T extends TemplateName> = BuiltInTemplates[T]['fields'];
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** The context `render` takes for a template: everything a message to one person needs. */
export type ContextFor<T extends TemplateName> =
  Fields<T> extends infer F extends z.core.$ZodShape
    ? z.input<z.ZodMiniObject<typeof commonFields & { recipient: typeof recipient } & F>>
    : never;

/** The template's own fields, which each person on a panel may override. */
type Overridable<T extends TemplateName> = Pick<ContextFor<T>, Extract<keyof Fields<T> | 'role', keyof ContextFor<T>>>;

/** A context for several people at once: shared fields at the top, each person's own in `recipients`. */
export type PanelContextFor<T extends TemplateName> = Omit<ContextFor<T>, 'recipient' | keyof Fields<T>> &
  DeepPartial<Pick<ContextFor<T>, Extract<keyof Fields<T>, keyof ContextFor<T>>>> & {
    recipients: Array<z.input<typeof recipient> & DeepPartial<Overridable<T>>>;
  };

const LONGEST_SUBJECT = 60;

function addressOf(person: Address): Address {
  return person.email === undefined ? { name: person.name } : { name: person.name, email: person.email };
}

export function resolveToday(today: RenderOptions['today']): string {
  if (today === undefined) return localToday();
  if (today instanceof Date) {
    if (Number.isNaN(today.getTime())) throw new TypeError('options.today is an invalid Date');
    return localToday(today);
  }
  if (!isRealIsoDate(today)) {
    throw new AfterviewError('USAGE', `"${today}" is not a date; give today as YYYY-MM-DD, e.g. 2026-11-25.`);
  }
  return today;
}

/** The registered template called `name` (an `UNKNOWN_TEMPLATE` error otherwise). */
export function templateDefinition(name: string): TemplateDefinition {
  return getTemplate(name);
}

function commonView(definition: TemplateDefinition, { context, env }: ValidatedContext, index: number): View {
  const c = context as z.output<z.ZodMiniObject<typeof commonFields & { recipient: typeof recipient }>>;
  const tone = c.tone ?? 'warm';
  // The employer as a sentence names it ("at the Office of …"), and its name as written, for a
  // subject's heading and before a noun ("Application status – Office of …", "my Acme application").
  const companyName = phrase(c.company);
  const company = phrase(companyInSentence(c.company));
  const role = phrase(c.role);
  return {
    sender: {
      name: c.sender.name,
      // What a short note is signed with: the name the user chose, else the given name.
      givenName: c.sender.signAs ?? givenName(c.sender.name),
      email: c.sender.email,
      phone: c.sender.phone ?? null,
      phoneUri: (c.sender.phone && telUri(c.sender.phone)) ?? null,
      linkedin: c.sender.linkedin === undefined ? null : httpsUrl(c.sender.linkedin),
    },
    recipient: {
      name: c.recipient.name,
      addressAs: c.recipient.addressAs ?? greetingName(c.recipient.name),
      title: c.recipient.title ?? null,
      email: c.recipient.email ?? null,
    },
    // Ready to stand mid-sentence ("the {{role}} role at …"), as the compose helpers make every other value.
    company,
    companyName,
    role,
    // A name with a comma ("Senior Associate, Commercial Litigation", "Co., Ltd.") cannot stand
    // before a noun ("the … offer"): templates then write "the offer of the … role" or "your offer".
    roleHasComma: c.role.includes(','),
    companyHasComma: c.company.includes(','),
    theRoleOffer: c.role.includes(',') ? `the offer of the ${role} role` : `the ${role} offer`,
    theCompanyOffer: c.company.includes(',') ? `the offer from ${company}` : `the ${companyName} offer`,
    closing: typeof definition.closing === 'string' ? definition.closing : definition.closing[tone],
    today: formatLongDate(env.today, env.locale),
    // For the compose helpers: how lists are joined, and which phrasing this person's note takes.
    locale: env.locale,
    phrasing: phrasingFor(index),
    // Which wording {{#tone}} picks: warm, formal or brief.
    tone,
    // What a subject or short message may leave out to fit (render/fill.ts sets it for each try).
    keep: { ...FIT_STEPS[0] },
    // The HTML's lang attribute, so that readers and screen readers use the message's language.
    lang: env.locale,
  };
}

/** What the template files see for one validated context, and the advice that came with it. */
export function messageView(definition: TemplateDefinition, validated: ValidatedContext, index = 0): { view: View; warnings: string[] } {
  const { view, warnings } = definition.view(validated.context, validated.env);
  // As {...common, ...view}, without the copy: commonView's object is new.
  return { view: Object.assign(commonView(definition, validated, index), view), warnings };
}

function renderValidated(
  definition: TemplateDefinition,
  validated: ValidatedContext,
  compiled: CompiledTemplate,
  index: number,
  messageLimit: number,
): RenderedMessage {
  const { view, warnings } = messageView(definition, validated, index);
  const { sender, recipient: to, subject } = validated.context as { sender: Address; recipient: Address; subject?: string };
  const parts = fillTemplate(compiled, view, { ownView: true, subject, subjectLimit: LONGEST_SUBJECT, messageLimit });
  // The template's own subject is sized to fit; only one the user wrote can be too long.
  if (subject !== undefined && characterCount(parts.subject) > LONGEST_SUBJECT) {
    warnings.push(
      `subject is ${characterCount(parts.subject)} characters; about ${LONGEST_SUBJECT} show in full in most inboxes, so shorten it or leave it out to use the template's.`,
    );
  }
  const length = characterCount(parts.message);
  if (length > messageLimit) {
    warnings.push(
      `The short message is ${length} characters, longer than ${messageLimit === LINKEDIN_NOTE_LIMIT ? 'a LinkedIn connection note' : 'a free LinkedIn connection note'} (${messageLimit}); shorten the names it uses.`,
    );
  }
  // The parts written out rather than spread: a spread amid other properties makes V8 copy slowly.
  return {
    template: definition.name,
    from: { name: sender.name, email: sender.email! },
    to: addressOf(to),
    subject: parts.subject,
    text: parts.text,
    html: parts.html,
    message: parts.message,
    warnings,
  };
}

export interface RenderContextOptions extends RenderOptions {
  /** Finds where a field was written, for error messages (the CLI passes file:line). */
  locate?: Locate;
  /** The templates to choose from: a user's folder and templates defined in a program, over the built-ins. */
  templates?: TemplateSet | undefined;
}

/**
 * Renders whatever context arrives (checked at run time): one message for a
 * `recipient`, one per person for `recipients`. The CLI uses this; library
 * users get the typed `render` and `renderPanel`.
 */
export async function renderContext(template: string, context: unknown, options: RenderContextOptions = {}): Promise<RenderedMessage[]> {
  const definition = options.templates ? options.templates.get(template) : templateDefinition(template);
  const today = resolveToday(options.today);
  const validated = validateContext(definition, context, { today, ...(options.locate ? { locate: options.locate } : {}) });
  // Compiled once per process; every message after that is filled synchronously.
  const compiled = await (options.templates ? options.templates.compiled(definition.name) : loadCompiledTemplate(definition.name));
  const messageLimit = options.messageLimit ?? LINKEDIN_FREE_NOTE_LIMIT;
  const messages = validated.map((one, index) => renderValidated(definition, one, compiled, index, messageLimit));
  advisePanel(messages, validated);
  return messages;
}

/**
 * Renders one message for one person. Throws an `AfterviewError` with code
 * `INVALID_CONTEXT` and every problem's path when the context does not fit.
 *
 * @example
 * const message = await render('thank-you', context, { today: '2026-11-25' });
 * console.log(message.subject, message.text);
 */
export async function render<T extends TemplateName>(
  template: T,
  context: ContextFor<T>,
  options: RenderOptions = {},
): Promise<RenderedMessage> {
  if (context !== null && typeof context === 'object' && Object.hasOwn(context, 'recipients')) {
    throw new AfterviewError('USAGE', 'This context has `recipients` (a panel); use renderPanel(), which returns one message per person.');
  }
  const [message] = await renderContext(template, context, options);
  return message!;
}

/**
 * Renders one personal message for each person in `recipients` (or a list of
 * one for a `recipient` context), each with that person's overrides applied.
 */
export async function renderPanel<T extends TemplateName>(
  template: T,
  context: PanelContextFor<T> | ContextFor<T>,
  options: RenderOptions = {},
): Promise<RenderedMessage[]> {
  return renderContext(template, context, options);
}

/** What `validate` reports: who the messages would go to, and the advice rendering would give. */
export interface ContextCheck {
  recipients: Address[];
  warnings: string[];
}

/** Validates a context without rendering it (no template is compiled). Throws like `renderContext`. */
export function checkContext(template: string, context: unknown, options: RenderContextOptions = {}): ContextCheck {
  const definition = options.templates ? options.templates.get(template) : templateDefinition(template);
  const today = resolveToday(options.today);
  const validated = validateContext(definition, context, { today, ...(options.locate ? { locate: options.locate } : {}) });
  const warnings = new Set<string>();
  const recipients = validated.map((one) => {
    for (const warning of definition.view(one.context, one.env).warnings) warnings.add(warning);
    return addressOf((one.context as { recipient: Address }).recipient);
  });
  return { recipients, warnings: [...warnings] };
}
