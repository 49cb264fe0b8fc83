import { AfterviewError } from '../errors.js';
import { closestKey } from '../shared/closest.js';
import { builtInTemplates } from './built-in.js';
import { isTemplateName } from './paths.js';
import type { TemplateDefinition } from './definition.js';

/**
 * The one owner of the list of templates: the built-ins are registered here at
 * start, and templates added at run time join them. Validation, `list`,
 * `init`, `schema`, the build's precompile step and the library all ask it.
 */

/** What a template is for and when to send it (what `afterview list` shows). */
export interface TemplateInfo {
  name: string;
  /** One line on what the message is for. */
  summary: string;
  /** When to send it, e.g. "within 24 hours of the interview". */
  timing: string;
}

interface Entry {
  definition: TemplateDefinition;
  builtIn: boolean;
}

const entries = new Map<string, Entry>();
const names: string[] = [];
let generation = 0;

/**
 * The names of every registered template, in the order they were registered
 * (the built-ins first). The same array throughout: it grows as templates are registered.
 */
export const templateNames: readonly string[] = names;

function add(definition: TemplateDefinition, builtIn: boolean): void {
  entries.set(definition.name, { definition, builtIn });
  names.push(definition.name);
  generation += 1;
}

for (const definition of Object.values(builtInTemplates)) add(definition as unknown as TemplateDefinition, true);

/**
 * Adds a template at run time. Its name must be new: a built-in is changed by
 * overriding its files, not by registering another template under its name.
 */
export function registerTemplate(definition: TemplateDefinition): void {
  if (!isTemplateName(definition.name)) {
    throw new AfterviewError('USAGE', `"${definition.name}" is not a template name; use lower-case words joined by "-", e.g. "follow-up".`);
  }
  if (entries.has(definition.name)) {
    throw new AfterviewError('USAGE', `A template called "${definition.name}" is already registered; give the new one another name.`);
  }
  add(definition, false);
}

/** The template registered under `name`, or undefined. */
export function findTemplate(name: string): TemplateDefinition | undefined {
  return entries.get(name)?.definition;
}

/** The template registered under `name`; an `UNKNOWN_TEMPLATE` error suggesting the likely one otherwise. */
export function getTemplate(name: string): TemplateDefinition {
  const definition = findTemplate(name);
  if (definition) return definition;
  const suggestion = closestKey(name, names);
  throw new AfterviewError(
    'UNKNOWN_TEMPLATE',
    `There is no template called "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    {
      advice: { kind: 'list-templates', templates: [...names] },
    },
  );
}

/** Every registered template's definition, in registration order. */
export function allTemplates(): TemplateDefinition[] {
  return names.map((name) => entries.get(name)!.definition);
}

/** Whether `name` is one of afterview's own templates (whose files under templates/ the build precompiles). */
export function isBuiltInTemplate(name: string): boolean {
  return entries.get(name)?.builtIn === true;
}

/** Grows by one each time a template is registered: what is derived from the whole list may be kept until it changes. */
export function registryGeneration(): number {
  return generation;
}

/** Each template's name, what it is for and when to send it. */
export function listTemplates(): TemplateInfo[] {
  return names.map((name) => {
    const { summary, timing } = entries.get(name)!.definition;
    return { name, summary, timing };
  });
}
