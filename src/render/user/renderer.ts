import type * as z from 'zod/mini';
import {
  checkContext,
  type ContextCheck,
  type ContextFor,
  type RenderContextOptions,
  type RenderedMessage,
  type RenderOptions,
  renderContext,
} from '../render.js';
import type { TemplateName } from '../../templates/built-in.js';
import type { commonFields, recipient } from '../../templates/fields.js';
import type { DefinedTemplate } from '../../templates/user/define.js';
import { type TemplateListing, TemplateSet } from './set.js';

export interface RendererOptions<Templates extends readonly DefinedTemplate[]> {
  /** Templates defined with `defineTemplate`. */
  templates?: Templates;
  /** A templates folder: files that replace built-in ones, and new templates (each with a schema.json). */
  folder?: string;
  /** Where the compiled-MJML cache lives ($XDG_CACHE_HOME). @default process.env */
  env?: NodeJS.ProcessEnv;
}

type Defined<Templates extends readonly DefinedTemplate[], N> = Extract<Templates[number], { name: N }>;

/** The context a renderer's `render` takes for template `N`: a built-in's, or one defined in the program. */
export type RendererContext<Templates extends readonly DefinedTemplate[], N extends string> = N extends TemplateName
  ? ContextFor<N>
  : z.input<z.ZodMiniObject<typeof commonFields & { recipient: typeof recipient } & Defined<Templates, N>['fields']>>;

export interface Renderer<Templates extends readonly DefinedTemplate[]> {
  /** Renders one message; the context is type-checked against the template's fields. */
  render<N extends TemplateName | Templates[number]['name']>(
    template: N,
    context: RendererContext<Templates, N>,
    options?: RenderOptions,
  ): Promise<RenderedMessage>;
  /** Renders whatever context arrives (checked at run time), one message per person. */
  renderContext(template: string, context: unknown, options?: RenderContextOptions): Promise<RenderedMessage[]>;
  /** Validates a context without rendering it. */
  checkContext(template: string, context: unknown, options?: RenderContextOptions): ContextCheck;
  /** Every template, with where it comes from and which built-in files the folder replaces. */
  listTemplates(): TemplateListing[];
  /** The example context of a template, as YAML (undefined when it has none). */
  example(template: string): string | undefined;
  /** The set of templates, for `renderContext(…, { templates })`. */
  readonly templates: TemplateSet;
}

/**
 * A renderer over the built-ins, a templates folder and templates defined in
 * the program. Reading the folder's layout happens here; its files are read
 * and compiled on first use.
 *
 * @example
 * const renderer = createRenderer({ templates: [followUp], folder: './my-templates' });
 * const message = await renderer.render('follow-up', context, { today: '2026-11-25' });
 */
export function createRenderer<const Templates extends readonly DefinedTemplate[] = []>(
  options: RendererOptions<Templates> = {},
): Renderer<Templates> {
  const templates = new TemplateSet({
    folder: options.folder,
    templates: options.templates ?? [],
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    templates,
    async render(template, context, renderOptions = {}) {
      const [message] = await renderContext(template, context, { ...renderOptions, templates });
      return message!;
    },
    renderContext: (template, context, renderOptions = {}) => renderContext(template, context, { ...renderOptions, templates }),
    checkContext: (template, context, renderOptions = {}) => checkContext(template, context, { ...renderOptions, templates }),
    listTemplates: () => templates.listTemplates(),
    example: (template) => templates.example(template),
  };
}
