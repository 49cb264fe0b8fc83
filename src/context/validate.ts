import { z } from 'zod';
import { AfterviewError, type ContextIssue } from '../errors.js';
import type { ParsedContext, TemplateDefinition, TemplateEnv } from '../templates/definition.js';
import { allTemplates, registryGeneration } from '../templates/registry.js';
import { holidayCalendar } from '../format/holidays.js';
import { journalSchema } from '../templates/journal-fields.js';
import { formatPath, toContextIssues, type Locate } from './issues.js';
import { commonFields, recipient, recipientFields } from '../templates/fields.js';
import { MAX_CONTEXT_DEPTH, findUnsafeData } from './plain-data.js';
import { deepPartial, keysAt, schemaAt } from './schema-walk.js';
import { splitPath, type Segment } from '../shared/path.js';

type AnyDefinition = TemplateDefinition<string, z.ZodRawShape>;

export interface ContextSchemas {
  /** A context with one `recipient`. */
  single: z.ZodObject;
  /** A context with `recipients`, each able to override the template's own fields. */
  panel: z.ZodObject;
  /** Either of them: what a context file may hold. */
  file: z.ZodUnion<[z.ZodObject, z.ZodObject]>;
}

const schemaCache = new WeakMap<AnyDefinition, ContextSchemas>();

/** Built on first use, not at import: zod schema construction is not free and most runs need one template. */
export function contextSchemas(definition: AnyDefinition): ContextSchemas {
  let schemas = schemaCache.get(definition);
  if (!schemas) {
    const single = z.strictObject({ ...commonFields, recipient, ...definition.fields });
    // The panel form, and so the union, only when asked for: a context with one recipient never needs them.
    let panel: z.ZodObject | undefined;
    let file: ContextSchemas['file'] | undefined;
    schemas = {
      single,
      get panel() {
        return (panel ??= panelSchema(definition));
      },
      get file() {
        return (file ??= z.union([single, this.panel]));
      },
    };
    schemaCache.set(definition, schemas);
  }
  return schemas;
}

function panelSchema(definition: AnyDefinition): z.ZodObject {
  const overrides: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries({ role: commonFields.role, ...definition.fields })) {
    overrides[key] = deepPartial(field).optional();
  }
  const entry = z
    .strictObject({ ...recipientFields, ...overrides })
    .describe('One person on the panel; any of the template fields given here apply to this person only.');
  return z.strictObject({
    ...commonFields,
    recipients: z
      .array(entry)
      .min(1, { message: 'needs at least one person' })
      .describe('Everyone you write to; each gets a separate, personal message.'),
    ...overrides,
    role: commonFields.role,
  });
}

const parsers = new WeakMap<z.ZodType, { uses: number; compiled?: z.ZodType }>();

/**
 * Parses with the schema as fast as its use allows. The first time, zod's
 * plain parser, without the code it would otherwise generate for each object:
 * generating costs more than one parse, which is all a single run of the CLI
 * needs. From the second time, the schema compiled by zod into one fast
 * function (about four times quicker); an input that function does not accept
 * is parsed again by the schema itself, so problems are reported exactly as before.
 */
function parseFast(schema: z.ZodType, input: unknown) {
  let entry = parsers.get(schema);
  if (!entry) parsers.set(schema, (entry = { uses: 0 }));
  entry.uses += 1;
  if (entry.uses === 1) return schema.safeParse(input, { jitless: true });
  entry.compiled ??= z.compile(schema);
  return entry.compiled.safeParse(input);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether any registered template (or its panel form), or the application journal, takes a field at this path. */
function knownToSomeTemplate(path: readonly Segment[]): boolean {
  // Templates registered since the answers were kept may know more: start again.
  if (knownGeneration !== registryGeneration()) {
    knownToSome.clear();
    knownGeneration = registryGeneration();
  }
  // One key for every list index: the schema at `recipients[0]` and `recipients[7]` is the same one.
  const key = JSON.stringify(path.map((segment) => (typeof segment === 'number' || /^\d+$/.test(segment) ? 0 : segment)));
  if (knownToSome.has(key)) return true;
  const known =
    allTemplates().some((definition) => {
      const schemas = contextSchemas(definition);
      return schemaAt(schemas.single, path) !== undefined || schemaAt(schemas.panel, path) !== undefined;
    }) || schemaAt(journalSchema(), path) !== undefined;
  // Only what some template knows is kept, so the cache is bounded by the templates, not by the input.
  if (known) knownToSome.add(key);
  return known;
}

// Walking the schemas for every field of every message costs more than parsing it; the answers
// change only when a template is registered.
const knownToSome = new Set<string>();
let knownGeneration = -1;
const keysByPath = new WeakMap<z.ZodType, Map<string, ReadonlySet<string>>>();

/**
 * The keys an object accepts at `path`, as `keysAt` gives them, remembered under
 * `key`: the path's known keys, with `#` for every list index.
 */
function keysHere(schema: z.ZodType, path: readonly Segment[], key: string): ReadonlySet<string> {
  let byPath = keysByPath.get(schema);
  if (!byPath) keysByPath.set(schema, (byPath = new Map()));
  let keys = byPath.get(key);
  if (!keys) {
    keys = new Set(keysAt(schema, path));
    // Lists nested in lists have no keys and may nest as deep as an input likes: not remembered.
    if (keys.size > 0) byPath.set(key, keys);
  }
  return keys;
}

/**
 * Drops the fields another template uses, so that one file per application can
 * serve every message to that employer; keys no template knows stay, for the
 * schema to report.
 */
function withoutOtherTemplatesFields(value: unknown, schema: z.ZodType, path: Segment[] = [], pathKey = ''): unknown {
  // Only known keys and list indices lead further down, so the keys remembered are bounded by the schema.
  // This runs for every message, so: `path` is one array, grown and shrunk on the way (nothing
  // keeps it), and what needs no change is returned as it is rather than copied.
  if (Array.isArray(value)) {
    let result: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      path.push(index);
      const cleaned = item !== null && typeof item === 'object' ? withoutOtherTemplatesFields(item, schema, path, `${pathKey}/#`) : item;
      path.pop();
      if (cleaned !== item) result ??= value.slice(0, index);
      result?.push(cleaned);
    }
    return result ?? value;
  }
  if (!isPlainObject(value)) return value;
  const known = keysHere(schema, path, pathKey);
  const entries = Object.entries(value);
  let result: Record<string, unknown> | undefined;
  for (let index = 0; index < entries.length; index++) {
    const [key, field] = entries[index]!;
    path.push(key);
    let kept: unknown = field;
    let keep = true;
    if (known.has(key)) {
      if (field !== null && typeof field === 'object') kept = withoutOtherTemplatesFields(field, schema, path, `${pathKey}/${key}`);
    } else {
      keep = !knownToSomeTemplate(path);
    }
    path.pop();
    if ((!keep || kept !== field) && !result) result = Object.fromEntries(entries.slice(0, index));
    if (result && keep) result[key] = kept;
  }
  return result ?? value;
}

/** Plain objects merge key by key; anything else (lists included) is replaced by the later value. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) result[key] = deepMerge(base[key], value);
  return result;
}

export interface ValidateOptions {
  today: string;
  /** Finds where a field was written (file and line), for error messages. */
  locate?: Locate;
}

export interface ValidatedContext<Fields extends z.ZodRawShape = z.ZodRawShape> {
  context: ParsedContext<Fields>;
  env: TemplateEnv;
}

/**
 * The messages are written in English, so dates, lists and money are formatted
 * in English with the conventions of the user's region: de-DE formats as en-DE
 * ("Wednesday, 9 December 2026", "a, b and c"), never with German words inside
 * an English sentence.
 */
export function formattingLocale(locale: string): string {
  // The default, without asking Intl (whose first use costs about 10 ms).
  if (locale === 'en-US') return locale;
  let english = formattingLocales.get(locale);
  if (english === undefined) {
    english = englishFormattingLocale(locale);
    formattingLocales.set(locale, english);
  }
  return english;
}

// Worked out once per locale: asking Intl costs more than rendering a message. The README's
// locales are known without asking (see knownLocales in templates/fields.ts).
const formattingLocales = new Map<string, string>([
  ['en-US', 'en-US'],
  ['en-GB', 'en-GB'],
  ['de-DE', 'en-DE'],
]);

function englishFormattingLocale(locale: string): string {
  try {
    const parsed = new Intl.Locale(locale);
    if (parsed.language === 'en') return locale;
    const region = parsed.region ?? parsed.maximize().region;
    const english = region ? `en-${region}` : 'en';
    return Intl.DateTimeFormat.supportedLocalesOf([english]).length > 0 ? english : 'en';
  } catch {
    return 'en';
  }
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

function parseSingle(
  definition: AnyDefinition,
  input: unknown,
  options: ValidateOptions,
  mapPath: (path: Segment[]) => Segment[] = (path) => path,
): { ok: true; value: ValidatedContext } | { ok: false; issues: ContextIssue[] } {
  const { single } = contextSchemas(definition);
  const cleaned = withoutOtherTemplatesFields(input, single);
  const locate: Locate = (path) => options.locate?.(mapPath([...path]));
  const parsed = parseFast(single, cleaned);
  if (!parsed.success) {
    const issues = toContextIssues(parsed.error.issues, single, cleaned, locate).map((issue) => ({
      ...issue,
      path: formatPath(mapPath(splitPath(issue.path))),
    }));
    return { ok: false, issues };
  }
  const context = parsed.data as ParsedContext<z.ZodRawShape>;
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
  refuseUnsafeData(definition, input, options);
  if (!Object.hasOwn(input, 'recipients')) {
    const result = parseSingle(definition, input, options);
    if (!result.ok) throw invalid(definition, result.issues);
    return [result.value];
  }

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
    throw invalid(definition, issues);
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
    const mapPath = (path: Segment[]): Segment[] => {
      if (path[0] === 'recipient') return ['recipients', index, ...path.slice(1)];
      return hasPath(overrides, path) ? ['recipients', index, ...path] : path;
    };
    const result = parseSingle(definition, merged, options, mapPath);
    if (result.ok) results.push(result.value);
    else issues.push(...result.issues);
  });
  if (issues.length) throw invalid(definition, issues);
  return results;
}
