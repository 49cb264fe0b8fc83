import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { AfterviewError } from '../../errors.js';
import { loadCompiledTemplate } from '../engine.js';
import { type CompiledTemplate, PARTIALS } from '../parts.js';
import { builtInTemplatesDir, isTemplateName } from '../../templates/paths.js';
import { closestKey } from '../../shared/closest.js';
import type { TemplateDefinition } from '../../templates/definition.js';
import type { SourcedDefinition } from '../../templates/user/define.js';
import { findTemplate, isBuiltInTemplate, templateNames } from '../../templates/registry.js';
import { compilePieces, type TemplatePieces } from './compile.js';
import { folderTemplate } from '../../templates/user/folder-template.js';
import { readFolderFile, scanTemplateFolder, TEMPLATE_FILES, type TemplateFolder } from '../../templates/user/folder.js';
import type { MjmlPiece } from './mjml.js';

/**
 * The templates one renderer knows: the built-ins, a user's folder over them
 * (file by file), and templates defined in a program. It compiles what is not
 * precompiled, once per set, and falls back to the precompiled built-ins for
 * every template none of whose files is overridden.
 */

/** A line of `afterview list` with where the template's files come from. */
export interface TemplateListing {
  name: string;
  summary: string;
  timing: string;
  /** Where it comes from: "built-in", a templates folder, or "program". */
  origin: string;
  /** For a built-in, the files a templates folder replaces (paths inside the folder). */
  overridden: string[];
}

function builtInFile(relative: string): string {
  return fileURLToPath(new URL(relative, builtInTemplatesDir()));
}

export class TemplateSet {
  readonly folder: TemplateFolder | undefined;
  readonly #defined = new Map<string, SourcedDefinition>();
  readonly #fromFolder = new Map<string, TemplateDefinition>();
  readonly #compiled = new Map<string, Promise<CompiledTemplate>>();
  readonly #env: NodeJS.ProcessEnv;

  constructor(options: { folder?: string | undefined; templates?: readonly SourcedDefinition[]; env?: NodeJS.ProcessEnv } = {}) {
    this.#env = options.env ?? process.env;
    const builtIns = templateNames.filter(isBuiltInTemplate);
    this.folder = options.folder === undefined ? undefined : scanTemplateFolder(options.folder, builtIns);
    for (const name of this.folder?.newTemplates ?? []) {
      this.#fromFolder.set(name, folderTemplate(name, this.folder!));
    }
    for (const definition of options.templates ?? []) {
      if (!isTemplateName(definition.name)) {
        throw new AfterviewError(
          'USAGE',
          `"${definition.name}" is not a template name; use lower-case words joined by "-", e.g. "follow-up".`,
        );
      }
      if (findTemplate(definition.name) || this.#fromFolder.has(definition.name) || this.#defined.has(definition.name)) {
        throw new AfterviewError(
          'USAGE',
          `A template called "${definition.name}" already exists; give the one defined with defineTemplate() another name.`,
          { hint: 'A built-in is changed by overriding its files in a templates folder, not by defining it again.' },
        );
      }
      this.#defined.set(definition.name, definition);
    }
  }

  /** Every name this set knows, built-ins first. */
  names(): string[] {
    return [...templateNames, ...this.#fromFolder.keys(), ...this.#defined.keys()];
  }

  find(name: string): TemplateDefinition | undefined {
    return this.#fromFolder.get(name) ?? this.#defined.get(name) ?? findTemplate(name);
  }

  get(name: string): TemplateDefinition {
    const found = this.find(name);
    if (found) return found;
    const suggestion = closestKey(name, this.names());
    throw new AfterviewError(
      'UNKNOWN_TEMPLATE',
      `There is no template called "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      {
        hint: `Templates: ${this.names().join(', ')}. Run \`afterview list\` to see what each is for.`,
      },
    );
  }

  /** The files of the folder that replace built-in ones used by this template. */
  overridesOf(name: string): string[] {
    if (!this.folder || !isBuiltInTemplate(name)) return [];
    return [...this.folder.files.keys()].filter(
      (path) =>
        path.startsWith(`${name}/`) ||
        path === 'layouts/email.mjml' ||
        PARTIALS.some((partial) => path === `partials/${partial}.txt.hbs` || path === `partials/${partial}.html.hbs`),
    );
  }

  listTemplates(): TemplateListing[] {
    return this.names().map((name) => {
      const { summary, timing } = this.get(name);
      const origin = this.#fromFolder.has(name) ? this.folder!.dir : this.#defined.has(name) ? 'program' : 'built-in';
      return { name, summary, timing, origin, overridden: this.overridesOf(name) };
    });
  }

  /** The text of the template's example.yaml, or undefined when it has none. */
  example(name: string): string | undefined {
    const definition = this.get(name);
    const defined = this.#defined.get(name);
    if (defined) return defined.sources.example;
    const own = this.folder?.files.get(`${definition.name}/example.yaml`);
    if (own) return readFolderFile(own);
    return isBuiltInTemplate(name) ? readFileSync(builtInFile(`${name}/example.yaml`), 'utf8') : undefined;
  }

  /** A piece from the folder when it has it, else the built-in file. */
  #piece(relative: string): MjmlPiece {
    const own = this.folder?.files.get(relative);
    if (own) return { text: readFolderFile(own), file: own };
    const file = builtInFile(relative);
    return { text: readFolderFile(file), file };
  }

  #partials(): TemplatePieces['partials'] {
    const partials = new Map<string, { txt?: MjmlPiece; html?: MjmlPiece }>();
    for (const name of PARTIALS)
      partials.set(name, { txt: this.#piece(`partials/${name}.txt.hbs`), html: this.#piece(`partials/${name}.html.hbs`) });
    for (const path of this.folder?.files.keys() ?? []) {
      const match = /^partials\/(.+)\.(txt|html)\.hbs$/.exec(path);
      if (!match) continue;
      const entry = partials.get(match[1]!) ?? {};
      entry[match[2] as 'txt' | 'html'] = this.#piece(path);
      partials.set(match[1]!, entry);
    }
    return partials;
  }

  /** The pieces of a template, each from where it comes. */
  pieces(name: string): TemplatePieces {
    const defined = this.#defined.get(name);
    const layout = this.#piece('layouts/email.mjml');
    if (defined) {
      const label = (file: string) => `${name}/${file} (defineTemplate)`;
      const { sources } = defined;
      const full = /^\s*<mjml[\s>]/.test(sources.mjml);
      return {
        name,
        subject: { text: sources.subject, file: label('subject') },
        text: { text: sources.text, file: label('text') },
        message: { text: sources.message, file: label('message') },
        body: full ? { text: '<!-- afterview:body -->', file: label('mjml') } : { text: sources.mjml, file: label('mjml') },
        layout: full ? { text: sources.mjml, file: label('mjml') } : layout,
        partials: this.#partials(),
      };
    }
    this.get(name);
    const [subject, text, message, body] = (['subject.hbs', 'text.hbs', 'message.hbs', 'body.mjml'] as const).map((file) =>
      this.#piece(`${name}/${file}`),
    );
    return { name, subject: subject!, text: text!, message: message!, body: body!, layout, partials: this.#partials() };
  }

  /** The compiled template: precompiled when nothing of it is overridden, else compiled (once) from its pieces. */
  compiled(name: string): Promise<CompiledTemplate> {
    if (isBuiltInTemplate(name) && this.overridesOf(name).every((path) => path.endsWith('/example.yaml')))
      return loadCompiledTemplate(name);
    let compiled = this.#compiled.get(name);
    if (!compiled) {
      compiled = Promise.resolve().then(() => compilePieces(this.pieces(name), this.#env));
      compiled.catch(() => this.#compiled.delete(name));
      this.#compiled.set(name, compiled);
    }
    return compiled;
  }
}

export { TEMPLATE_FILES };
