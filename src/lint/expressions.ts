import type HandlebarsCompiler from 'handlebars';

/**
 * What a Handlebars template refers to: the fields it reads (with where), the
 * partials it includes and its expressions as written, so that the linter can
 * check them against the template's fields and against the HTML that MJML made.
 */

type Node = hbs.AST.Node;

export interface FieldUse {
  /** "recipient.addressAs" */
  path: string;
  parts: string[];
  line: number;
  column: number;
}

export interface TemplateUses {
  fields: FieldUse[];
  partials: string[];
}

/** Block helpers whose inner template reads another context than the view's root: their fields are not checked. */
const CONTEXT_CHANGING = new Set(['each', 'with']);

export function templateUses(program: hbs.AST.Program, helpers: ReadonlySet<string>): TemplateUses {
  const fields: FieldUse[] = [];
  const partials: string[] = [];
  const field = (node: Node | undefined) => {
    if (!node || node.type !== 'PathExpression') return;
    const path = node as hbs.AST.PathExpression;
    if (path.data || path.depth > 0 || path.parts.length === 0 || path.original === 'this' || path.original.startsWith('this.')) return;
    fields.push({ path: path.parts.join('.'), parts: [...path.parts], line: path.loc.start.line, column: path.loc.start.column + 1 });
  };
  const call = (node: hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement) => {
    const name = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    const isHelper = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0 || helpers.has(name) || node.type === 'BlockStatement';
    if (!isHelper) field(node.path);
    for (const param of node.params) visit(param);
    for (const pair of node.hash?.pairs ?? []) visit(pair.value);
    return name;
  };
  const visit = (node: Node | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        for (const statement of (node as hbs.AST.Program).body) visit(statement);
        return;
      case 'MustacheStatement':
      case 'SubExpression':
        call(node as hbs.AST.MustacheStatement);
        return;
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        const name = call(block);
        if (!CONTEXT_CHANGING.has(name)) visit(block.program);
        visit(block.inverse);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const partial = node as hbs.AST.PartialStatement;
        if (partial.name.type === 'PathExpression') partials.push((partial.name as hbs.AST.PathExpression).original);
        return;
      }
      case 'PathExpression':
        field(node);
        return;
      default:
        return;
    }
  };
  visit(program);
  return { fields, partials };
}

export interface Expression {
  /** The expression as written, spaces collapsed: "{{phrase company "."}}". */
  text: string;
  line: number;
  column: number;
}

/** Every `{{…}}` in a source, with where it starts. */
export function expressionsIn(source: string): Expression[] {
  const found: Expression[] = [];
  for (const match of source.matchAll(/\{\{~?[\s\S]*?~?\}\}/g)) {
    const before = source.slice(0, match.index).split('\n');
    found.push({ text: normalise(match[0]), line: before.length, column: before.at(-1)!.length + 1 });
  }
  return found;
}

/** Spaces collapsed and HTML entities MJML may write inside attributes decoded, so that the same expression compares equal. */
export function normalise(expression: string): string {
  return expression
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

export type Handlebars = typeof HandlebarsCompiler;
