import { parseContext } from '../context/load.js';
import { validateContext } from '../context/validate.js';
import { isAfterviewError } from '../errors.js';
import { messageView, renderContext, resolveToday } from '../render/render.js';
import { characterCount, LINKEDIN_NOTE_LIMIT } from '../render/short-message.js';
import { compileMjmlPieces, type MjmlPiece } from '../render/user/mjml.js';
import { TemplateSet } from '../render/user/set.js';
import { isBuiltInTemplate } from '../templates/registry.js';
import { authorHelpers } from '../text/author-helpers.js';
import { composeHelpers } from '../text/helpers.js';
import { expressionsIn, type Handlebars, templateUses } from './expressions.js';
import { remoteContent } from './remote.js';

/**
 * `afterview lint`: checks templates the way a reader's mail client and
 * afterview itself will treat them, before anyone sends one.
 */

export interface LintProblem {
  /** The file, and the line and column (1-based) when the problem has a place. */
  file: string;
  line?: number;
  column?: number;
  template: string;
  message: string;
  /** One line on how to fix it. */
  fix: string;
}

export interface LintOptions {
  /** A templates folder: its new templates and the built-ins it overrides are checked. Without one, the built-ins are. */
  folder?: string | undefined;
  /** The day the examples are rendered on. @default today */
  today?: string | Date;
  env?: NodeJS.ProcessEnv;
}

/** The subject budget: longer ones are cut off in most inboxes. */
export const SUBJECT_BUDGET = 60;
/** The short message's budget: the length `render` warns at. */
export const MESSAGE_BUDGET = LINKEDIN_NOTE_LIMIT;

const BUILT_IN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];
const HELPERS: ReadonlySet<string> = new Set([...BUILT_IN_HELPERS, ...Object.keys(composeHelpers), ...Object.keys(authorHelpers)]);

/** "file:line:col: message" and the fix on the next line, as the CLI prints a problem. */
export function formatProblem(problem: LintProblem): string {
  const where = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(':');
  return `${where}: ${problem.message}\n  fix: ${problem.fix}`;
}

function walk(view: unknown, parts: readonly string[]): 'ok' | string {
  let current = view;
  for (const [i, part] of parts.entries()) {
    if (current === null || current === undefined) return 'ok';
    if (typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, part)) return parts.slice(0, i + 1).join('.');
    current = (current as Record<string, unknown>)[part];
  }
  return 'ok';
}

async function lintTemplate(
  set: TemplateSet,
  name: string,
  today: string,
  handlebars: Handlebars,
  env?: NodeJS.ProcessEnv,
): Promise<LintProblem[]> {
  const problems: LintProblem[] = [];
  const report = (piece: MjmlPiece | string, message: string, fix: string, line?: number, column?: number) =>
    problems.push({
      file: typeof piece === 'string' ? piece : piece.file,
      template: name,
      message,
      fix,
      ...(line === undefined ? {} : { line }),
      ...(column === undefined ? {} : { column }),
    });
  const pieces = set.pieces(name);
  const definition = set.get(name);

  // The example, rendered strictly, and the view it makes: the fields a template may use.
  const exampleText = set.example(name);
  let view: Record<string, unknown> | undefined;
  // Reported after the field checks, which say more precisely what a failed render means.
  let rendering: LintProblem[] = [];
  if (exampleText === undefined) {
    report(`${name}/example.yaml`, 'the template has no example context.', 'Add an example.yaml with every field filled in.');
  } else {
    const exampleFile = set.folder?.files.get(`${name}/example.yaml`) ?? `${name}/example.yaml`;
    const start = problems.length;
    try {
      const source = parseContext(exampleText, exampleFile);
      const [validated] = validateContext(definition, source.data, { today, locate: source.locate });
      view = { ...messageView(definition, validated!).view, subject: '' };
      for (const message of await renderContext(name, source.data, { today, templates: set, locate: source.locate })) {
        if (message.subject.length > SUBJECT_BUDGET) {
          report(
            pieces.subject,
            `the example's subject is ${message.subject.length} characters, over the budget of ${SUBJECT_BUDGET}.`,
            'Shorten the subject template.',
            1,
            1,
          );
        }
        const length = characterCount(message.message);
        if (length > MESSAGE_BUDGET) {
          report(
            pieces.message,
            `the example's short message is ${length} characters, over the budget of ${MESSAGE_BUDGET} (a LinkedIn note).`,
            'Shorten the short message template.',
            1,
            1,
          );
        }
      }
    } catch (error) {
      if (!isAfterviewError(error)) throw error;
      const described = error.describe().split('\n');
      const at = /^(.+?):(\d+)(?::(\d+))?: (.*)$/.exec(described[0]!);
      if (at)
        report(
          at[1]!,
          at[4]!,
          error.hint ?? 'Fix the template or the example there.',
          Number(at[2]),
          at[3] === undefined ? undefined : Number(at[3]),
        );
      else
        report(
          exampleFile,
          `the example does not render: ${described.join(' ')}`,
          error.hint ?? 'Fix the example so that it fits the template.',
        );
    }
    rendering = problems.splice(start);
  }

  // Every field used is declared; partials exist.
  const checked = new Set<MjmlPiece>();
  const check = (piece: MjmlPiece, flavour: 'txt' | 'html') => {
    if (checked.has(piece)) return;
    checked.add(piece);
    let program: hbs.AST.Program;
    try {
      program = handlebars.parse(piece.text);
    } catch {
      return; // A syntax error is reported by rendering the example.
    }
    const uses = templateUses(program, HELPERS);
    for (const use of uses.fields) {
      const missing = view ? walk(view, use.parts) : 'ok';
      if (missing !== 'ok') {
        report(
          piece,
          `"${missing}" is not a field of this template.`,
          'Declare it in schema.json (or use one of the common fields); a helper needs its arguments: {{helper field}}.',
          use.line,
          use.column,
        );
      }
    }
    for (const partial of uses.partials) {
      const found = pieces.partials.get(partial)?.[flavour];
      if (found) check(found, flavour);
      else report(piece, `the partial "${partial}" is not in the template folders.`, `Add partials/${partial}.${flavour}.hbs.`);
    }
  };
  for (const piece of [pieces.subject, pieces.text, pieces.message]) check(piece, 'txt');
  for (const piece of [pieces.body, pieces.layout]) check(piece, 'html');

  // Expressions survive MJML; nothing remote.
  try {
    const html = await compileMjmlPieces(pieces.layout, pieces.body, env);
    const inHtml = new Map<string, number>();
    for (const { text } of expressionsIn(html)) inHtml.set(text, (inHtml.get(text) ?? 0) + 1);
    for (const piece of [pieces.layout, pieces.body]) {
      for (const expression of expressionsIn(piece.text)) {
        const left = inHtml.get(expression.text) ?? 0;
        if (left > 0) inHtml.set(expression.text, left - 1);
        else
          report(
            piece,
            `${expression.text} does not survive MJML: the HTML lacks it.`,
            'Put it inside <mj-text> (or <mj-raw>), not in an attribute MJML rewrites or between sections.',
            expression.line,
            expression.column,
          );
      }
    }
  } catch (error) {
    if (!isAfterviewError(error)) throw error;
    report(pieces.body, error.message, error.hint ?? 'Fix the MJML.');
  }
  problems.push(...rendering);
  const htmlPieces = [pieces.body, pieces.layout, ...[...pieces.partials.values()].flatMap((p) => (p.html ? [p.html] : []))];
  for (const piece of htmlPieces) {
    for (const found of remoteContent(piece.text)) report(piece, found.message, found.fix, found.line, found.column);
  }
  return problems;
}

/** Lints the templates of a folder (its new ones and the built-ins it overrides), or the built-ins. */
export async function lintTemplates(options: LintOptions = {}): Promise<LintProblem[]> {
  const set = new TemplateSet({ folder: options.folder, ...(options.env ? { env: options.env } : {}) });
  const today = resolveToday(options.today);
  const { default: handlebars } = await import('handlebars');
  const names = set.folder
    ? set.names().filter((name) => !isBuiltInTemplate(name) || set.overridesOf(name).length > 0)
    : set.names().filter(isBuiltInTemplate);
  const problems: LintProblem[] = [];
  for (const name of names) problems.push(...(await lintTemplate(set, name, today, handlebars, options.env)));
  // A partial shared by several templates is reported once.
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = p.line === undefined ? `${p.file}:${p.message}` : `${p.file}:${p.line}:${p.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
