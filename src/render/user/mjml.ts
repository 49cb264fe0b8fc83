import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AfterviewError } from '../../errors.js';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import { xdgFolder } from '../../shared/xdg.js';
import { requireFrom } from '../../shared/builtins.js';

/**
 * MJML for templates that are not precompiled: a user's folder or a template
 * defined in a program. Compiled once per machine (a cache on disk keyed by
 * the hash of the source, the MJML version and its options), and mjml is
 * loaded only when something must be compiled. Errors name the file the line
 * is in: the layout, or the template's body put into it.
 */

export const BODY_MARKER = '<!-- afterview:body -->';

export interface MjmlPiece {
  text: string;
  /** The file it came from, for errors. */
  file: string;
}

const OPTIONS = { validationLevel: 'strict', keepComments: false, ignoreIncludes: true } as const;

function templateError(message: string, hint?: string): AfterviewError {
  return new AfterviewError('TEMPLATE_ERROR', message, hint === undefined ? {} : { hint });
}

function mjmlVersion(): string {
  try {
    return (requireFrom(import.meta.url)('mjml/package.json') as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/** The layout with the body put in, and how to turn a line of the whole back into a file and line. */
export function assemble(layout: MjmlPiece, body: MjmlPiece): { source: string; where(line: number): string } {
  const include = /<mj-include\b/i.exec(body.text) ?? /<mj-include\b/i.exec(layout.text);
  if (include) {
    const piece = /<mj-include\b/i.test(body.text) ? body : layout;
    const line = piece.text.slice(0, piece.text.search(/<mj-include\b/i)).split('\n').length;
    throw templateError(
      `${piece.file}:${line}: <mj-include> cannot be used in a template; it could read files outside the templates folder.`,
      'Put shared markup in a partial (partials/NAME.html.hbs) and use {{> NAME}} instead.',
    );
  }
  const at = layout.text.indexOf(BODY_MARKER);
  if (at < 0)
    throw templateError(
      `${layout.file}: the layout has no ${BODY_MARKER} line to put the body in.`,
      `Add ${BODY_MARKER} inside <mj-body>.`,
    );
  const markerLine = layout.text.slice(0, at).split('\n').length;
  const bodyLines = body.text.split('\n').length;
  return {
    source: layout.text.slice(0, at) + body.text + layout.text.slice(at + BODY_MARKER.length),
    where(line) {
      if (line < markerLine) return `${layout.file}:${line}`;
      if (line < markerLine + bodyLines) return `${body.file}:${line - markerLine + 1}`;
      return `${layout.file}:${line - bodyLines + 1}`;
    },
  };
}

async function loadMjml(): Promise<
  (source: string, options: object) => Promise<{ html: string; errors: Array<{ line: number; message: string }> }>
> {
  try {
    return (await import('mjml')).default as never;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw templateError(
      'This template has MJML to compile, and the mjml package is not installed.',
      'Install it beside afterview: npm install mjml',
    );
  }
}

/** HTML for the layout with this body, from the cache when it was compiled before. */
export async function compileMjmlPieces(layout: MjmlPiece, body: MjmlPiece, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { source, where } = assemble(layout, body);
  const key = createHash('sha256')
    .update(JSON.stringify([mjmlVersion(), OPTIONS, source]))
    .digest('hex');
  const dir = xdgFolder('cache', env);
  const file = join(dir, `mjml-${key.slice(0, 32)}.html`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // Not cached yet: compile it.
  }
  const mjml2html = await loadMjml();
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(source, OPTIONS);
  } catch (error) {
    const message = (error as Error).message;
    const line = /line (\d+)/i.exec(message);
    throw templateError(
      `${line ? where(Number(line[1])) : body.file}: MJML could not read it: ${message}`,
      'Check that every tag is closed.',
    );
  }
  if (result.errors.length > 0) {
    const [first] = result.errors;
    throw templateError(
      `${where(first!.line)}: ${first!.message}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more MJML problems)` : ''}`,
      'Fix the MJML there; see https://documentation.mjml.io for what each tag accepts.',
    );
  }
  try {
    mkdirSync(dir, { recursive: true });
    await writeFileAtomic(file, result.html);
  } catch {
    // A read-only or missing home: go on without the cache.
  }
  return result.html;
}
