import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isTemplateName } from '../paths.js';
import { type AfterviewAdvice, AfterviewError } from '../../errors.js';
import { closestKey } from '../../shared/closest.js';
import { xdgFolder } from '../../shared/xdg.js';

/**
 * A user's templates folder, laid out like afterview's own templates/: a file
 * whose path matches a built-in file replaces that file and nothing else; a
 * new folder holding every part and a schema.json is a new template.
 */

/** The files of a template's own folder. */
export const TEMPLATE_FILES = ['subject.hbs', 'text.hbs', 'body.mjml', 'message.hbs', 'example.yaml'] as const;
/** What a new template needs besides TEMPLATE_FILES. */
export const SCHEMA_FILE = 'schema.json';

export interface TemplateFolder {
  /** The folder, absolute. */
  dir: string;
  /** Every template file in it, by its path inside the folder ("thank-you/subject.hbs") → absolute path. */
  files: ReadonlyMap<string, string>;
  /** The names of the new templates it holds (folders with a schema.json). */
  newTemplates: readonly string[];
}

function folderError(message: string, hint?: string | AfterviewAdvice): AfterviewError {
  if (hint === undefined) return new AfterviewError('TEMPLATE_ERROR', message);
  return new AfterviewError('TEMPLATE_ERROR', message, typeof hint === 'string' ? { hint } : { advice: hint });
}

function list(dir: string, shown: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw folderError(
      `The templates folder ${shown} cannot be read (${code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'not a folder' : (code ?? 'unknown error')}).`,
      { kind: 'templates-path' },
    );
  }
}

function isFolder(path: string): boolean {
  try {
    // Most users have no templates folder: not throwing for a missing one spares building an error.
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/**
 * Reads the layout of a templates folder (names only; the files are read when
 * a template is compiled). `builtIns` are the names of afterview's own templates.
 */
export function scanTemplateFolder(dir: string, builtIns: readonly string[]): TemplateFolder {
  const root = resolve(dir);
  const files = new Map<string, string>();
  const newTemplates: string[] = [];
  const add = (relative: string) => files.set(relative, join(root, relative));
  for (const entry of list(root, dir).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(root, entry);
    if (!isFolder(path)) {
      throw folderError(
        `${join(dir, entry)}: a templates folder holds folders (one per template, partials/, layouts/), not files.`,
        'Move it into the folder of the template it belongs to, e.g. thank-you/subject.hbs.',
      );
    }
    const inside = list(path, join(dir, entry)).filter((name) => !name.startsWith('.'));
    if (entry === 'partials') {
      for (const file of inside) {
        if (!/^[a-z][a-z0-9-]*\.(txt|html)\.hbs$/.test(file)) {
          throw folderError(
            `${join(dir, entry, file)}: a partial is named NAME.txt.hbs (plain text) or NAME.html.hbs (HTML).`,
            'Rename it, e.g. partials/signature.txt.hbs.',
          );
        }
        add(`partials/${file}`);
      }
      continue;
    }
    if (entry === 'layouts') {
      for (const file of inside) {
        if (file !== 'email.mjml') {
          throw folderError(`${join(dir, entry, file)}: the only layout is layouts/email.mjml.`, 'Rename it to email.mjml.');
        }
        add('layouts/email.mjml');
      }
      continue;
    }
    if (!isTemplateName(entry)) {
      throw folderError(
        `${join(dir, entry)}: "${entry}" is not a template name; use lower-case words joined by "-", e.g. "follow-up".`,
        'Rename the folder.',
      );
    }
    const isNew = !builtIns.includes(entry);
    const allowed: readonly string[] = isNew ? [...TEMPLATE_FILES, SCHEMA_FILE] : TEMPLATE_FILES;
    for (const file of inside) {
      if (!allowed.includes(file)) {
        const suggestion = closestKey(file, allowed);
        throw folderError(
          `${join(dir, entry, file)}: not a template file.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
          `A template's folder holds ${allowed.join(', ')}.`,
        );
      }
      add(`${entry}/${file}`);
    }
    if (!isNew) continue;
    const missing = allowed.filter((file) => !inside.includes(file));
    if (missing.length > 0) {
      const suggestion = closestKey(entry, builtIns);
      throw folderError(
        `${join(dir, entry)}: the new template "${entry}" lacks ${missing.join(', ')}.`,
        suggestion
          ? `To change the built-in "${suggestion}" instead, name the folder ${suggestion}/ and put in only the files you change.`
          : `A new template needs ${allowed.join(', ')}; run \`afterview init\` on a built-in for an example.yaml to start from.`,
      );
    }
    newTemplates.push(entry);
  }
  return { dir: root, files, newTemplates };
}

/** Where the user's templates are: --templates, else `templates:` in the profile, else the default folder when it exists. */
export function templateFolderPath(
  explicit: string | undefined,
  fromProfile: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (explicit !== undefined) return explicit;
  if (fromProfile !== undefined) return fromProfile;
  const fallback = join(xdgFolder('config', env), 'templates');
  return isFolder(fallback) ? fallback : undefined;
}

/** A file's text, with an error naming it when it cannot be read. */
export function readFolderFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw folderError(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`);
  }
}
