import * as z from 'zod/mini';
import { AfterviewError, type ContextIssue } from '../errors.js';
import type { ParsedContext, TemplateDefinition, TemplateEnv } from '../templates/definition.js';
import { holidayCalendar } from '../format/holidays.js';
import { formatPath, toContextIssues, type Locate } from './issues.js';
import { MAX_CONTEXT_DEPTH, findUnsafeData } from './plain-data.js';
import { contextSchemas } from './context-schemas.js';
import { deepMerge, isPlainObject } from './merge.js';
import { recipientFields } from '../templates/fields.js';
import { formattingLocale } from './locale.js';
import { cleanPlainContext, UNSAFE, withoutOtherTemplatesFields } from './other-templates.js';
import { escapeUnprintable, splitPath, type Segment } from '../shared/path.js';
import type { Schema, Shape } from '../shared/zod-schema.js';

type AnyDefinition = TemplateDefinition<string, Shape>;

const parsers = new WeakMap<Schema, { uses: number; compiled?: z.ZodMiniType }>();

/**
 * Parses with the schema as fast as its use allows. The first time, zod's
 * plain parser, without the code it would otherwise generate for each object:
 * generating costs more than one parse, which is all a single run of the CLI
 * needs. From the second time, the schema compiled by zod into one fast
 * function (about four times quicker); an input that function does not accept
 * is parsed again by the schema itself, so problems are reported exactly as before.
 */
function parseFast(schema: z.ZodMiniType, input: unknown) {
  let entry = parsers.get(schema);
  if (!entry) parsers.set(schema, (entry = { uses: 0 }));
  entry.uses += 1;
  if (entry.uses === 1) return z.safeParse(schema, input, { jitless: true });
  entry.compiled ??= z.compile(schema);
  // The compiled schema's own safeParse calls the generated function directly (no parse context
  // or payload), and hands anything it does not accept to the schema itself.
  return entry.compiled.safeParse(input);
}

export interface ValidateOptions {
  today: string;
  /** Finds where a field was written (file and line), for error messages. */
  locate?: Locate;
}

export interface ValidatedContext<Fields extends Shape = Shape> {
  context: ParsedContext<Fields>;
  env: TemplateEnv;
}

/**
 * More problems than any context a person wrote has (a panel of ten with three
 * each is thirty); past it, the list would bury the first ones.
 */
const MOST_LISTED_ISSUES = 100;

function invalid(definition: AnyDefinition, issues: ContextIssue[]): AfterviewError {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const count = unique.length === 1 ? '1 problem' : `${unique.length} problems`;
  const listed = unique.length > MOST_LISTED_ISSUES ? `${count}; the first ${MOST_LISTED_ISSUES} are listed` : count;
  return new AfterviewError('INVALID_CONTEXT', `The context does not fit the ${definition.name} template (${listed}):`, {
    issues: unique.slice(0, MOST_LISTED_ISSUES),
    advice: { kind: 'example', template: definition.name, checkFile: unique.length > MOST_LISTED_ISSUES },
  });
}

type SingleResult = { ok: true; value: ValidatedContext } | { ok: false; issues: ContextIssue[] };

function parseSingle(
  definition: AnyDefinition,
  input: unknown,
  options: ValidateOptions,
  mapPath: (path: Segment[]) => Segment[],
): SingleResult {
  return parseCleaned(definition, withoutOtherTemplatesFields(input, contextSchemas(definition).single), options, mapPath);
}

/** Checks a context with one recipient whose other templates' fields are gone. */
function parseCleaned(
  definition: AnyDefinition,
  cleaned: unknown,
  options: ValidateOptions,
  mapPath: (path: Segment[]) => Segment[] = (path) => path,
): SingleResult {
  const { single } = contextSchemas(definition);
  const locate: Locate = (path) => options.locate?.(mapPath([...path]));
  const parsed = parseFast(single, cleaned);
  if (!parsed.success) {
    const issues = toContextIssues(parsed.error.issues, single, cleaned, locate).map((issue) => ({
      ...issue,
      path: formatPath(mapPath(splitPath(issue.path))),
    }));
    return { ok: false, issues };
  }
  const context = parsed.data as ParsedContext<Shape>;
  const common = parsed.data as { locale: string; holidays?: string | string[] };
  const env: TemplateEnv = { today: options.today, locale: formattingLocale(common.locale), holidays: holidayCalendar(common.holidays) };
  const issues: ContextIssue[] = [];
  definition.check?.(
    context,
    (path, message, advice) => {
      const mapped = mapPath([...path]);
      const source = options.locate?.(mapped);
      issues.push({ path: formatPath(mapped), message, ...(source === undefined ? {} : { source }), ...(advice ? { advice } : {}) });
    },
    env,
  );
  return issues.length ? { ok: false, issues } : { ok: true, value: { context, env } };
}

function hasPath(value: unknown, path: readonly Segment[]): boolean {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return false;
    current = (current as Record<Segment, unknown>)[segment];
  }
  return true;
}

/**
 * An embedding application may pass whatever its users typed, parsed by
 * anything: a key such as `__proto__` would become the prototype of the copies
 * made below, and a value that contains itself would never finish being walked.
 */
function refuseUnsafeData(definition: AnyDefinition, input: Record<string, unknown>, options: ValidateOptions): void {
  const unsafe = findUnsafeData(input, { allowExotic: true });
  if (!unsafe) return;
  const messages = {
    'prototype-key': 'is not allowed: the key names an object prototype; remove it',
    cycle: 'contains itself (a circular reference); a context must be plain data',
    depth: `is nested more than ${MAX_CONTEXT_DEPTH} levels deep, far more than a context needs`,
    exotic: 'is not plain data',
  } as const;
  const source = options.locate?.(unsafe.path);
  throw invalid(definition, [
    { path: formatPath(unsafe.path), message: messages[unsafe.kind], ...(source === undefined ? {} : { source }) },
  ]);
}

/**
 * Checks a merged context against a template. A single-recipient context gives
 * one validated context; a panel gives one per person, each with that person's
 * overrides applied. Throws an AfterviewError listing every problem.
 */
export function validateContext(definition: AnyDefinition, input: unknown, options: ValidateOptions): ValidatedContext[] {
  if (!isPlainObject(input)) {
    throw new AfterviewError(
      'INVALID_CONTEXT',
      `The context for ${definition.name} must be a mapping of fields, not ${Array.isArray(input) ? 'a list' : String(input)}.`,
      {
        advice: { kind: 'example', template: definition.name },
      },
    );
  }
  if (!Object.hasOwn(input, 'recipients')) {
    // The check for unsafe data and the removal of other templates' fields, in one walk.
    const { single } = contextSchemas(definition);
    let cleaned = cleanPlainContext(input, single);
    if (cleaned === UNSAFE) {
      refuseUnsafeData(definition, input, options);
      cleaned = withoutOtherTemplatesFields(input, single);
    }
    const result = parseCleaned(definition, cleaned, options);
    if (!result.ok) throw invalid(definition, result.issues);
    return [result.value];
  }
  refuseUnsafeData(definition, input, options);

  const { panel } = contextSchemas(definition);
  const cleaned = withoutOtherTemplatesFields(input, panel) as Record<string, unknown>;
  const shape = panel.safeParse(cleaned);
  const issues: ContextIssue[] = shape.success ? [] : toContextIssues(shape.error.issues, panel, cleaned, options.locate);
  if (Object.hasOwn(cleaned, 'recipient')) {
    issues.push({ path: 'recipient', message: 'cannot be given together with recipients; keep one of them' });
  }
  // Go on to each person even when the panel's shape has problems, so that one
  // run lists every problem; only a `recipients` that is not a list of people stops here.
  if (!Array.isArray(cleaned.recipients) || !cleaned.recipients.every(isPlainObject)) {
    const entries: unknown[] = Array.isArray(cleaned.recipients) ? cleaned.recipients : [];
    throw invalid(
      definition,
      issues.map((issue) => withPerson(issue, entries)),
    );
  }

  const { recipients, ...shared } = cleaned as { recipients: Record<string, unknown>[] } & Record<string, unknown>;
  const results: ValidatedContext[] = [];
  recipients.forEach((entry, index) => {
    const person: Record<string, unknown> = {};
    const overrides: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      (Object.hasOwn(recipientFields, key) ? person : overrides)[key] = value;
    }
    const merged = { ...(deepMerge(shared, overrides) as Record<string, unknown>), recipient: person };
    // Report each problem where the user can fix it: in this person's entry when
    // the entry set that field, at the shared field otherwise.
    // A field the other people each give in their own entry, missing from this one, belongs in this entry too.
    const mapPath = (path: Segment[]): Segment[] => {
      if (path[0] === 'recipient') return ['recipients', index, ...path.slice(1)];
      const own =
        hasPath(overrides, path) || (!hasPath(shared, path) && recipients.some((other, j) => j !== index && hasPath(other, path)));
      return own ? ['recipients', index, ...path] : path;
    };
    const result = parseSingle(definition, merged, options, mapPath);
    if (result.ok) results.push(result.value);
    else issues.push(...result.issues);
  });
  if (issues.length)
    throw invalid(
      definition,
      issues.map((issue) => withPerson(issue, recipients)),
    );
  return results;
}

const LONGEST_NAME_SHOWN = 40;

/** An issue in a person's entry (`recipients.N…`) names that person, so that a panel's problems read by who they concern. */
function withPerson(issue: ContextIssue, recipients: readonly unknown[]): ContextIssue {
  const index = /^recipients\.(\d+)(?:\.|$)/.exec(issue.path)?.[1];
  const entry = index === undefined ? undefined : recipients[Number(index)];
  const name = isPlainObject(entry) ? entry.name : undefined;
  if (typeof name !== 'string' || name.trim() === '') return issue;
  const characters = [...name.trim()];
  const shown = characters.length > LONGEST_NAME_SHOWN ? `${characters.slice(0, LONGEST_NAME_SHOWN).join('')}…` : name.trim();
  return { ...issue, person: escapeUnprintable(shown) };
}
