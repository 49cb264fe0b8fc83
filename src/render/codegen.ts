import type HandlebarsCompiler from 'handlebars';
import { helperMark, PHRASINGS, tones } from '../text/helpers.js';
import { authorHelpers } from '../text/author-helpers.js';
import { codegenRuntime } from './codegen-runtime.js';

/**
 * The build's compiler for the built-in templates: Handlebars' own parser reads a
 * template, and this writes the JavaScript that fills it, which calls the run-time
 * functions of codegen-runtime.ts. Handlebars' precompiled code is general: every
 * helper call builds an options object, copies it to pass `lookupProperty`, and goes
 * through a wrapper; every block is a function of its own; every partial is set up
 * again on each call. For templates known at build time, using a known handful of
 * constructs, all of that is decided here once: the code appends text, reads the
 * view's own properties and calls the compose functions directly, with the partials
 * written in place. That made a message several times faster to fill (README, "Performance").
 *
 * A construct outside that handful fails the build with what to change; the
 * templates a user writes are compiled by Handlebars itself, and so may use anything.
 * Handlebars' semantics for `strict: true` without data frames (parts.ts) are kept:
 * test/fast-paths.test.ts holds the output to Handlebars' own, template by template.
 */

type Program = hbs.AST.Program;
type Statement = hbs.AST.Statement;
type Expression = hbs.AST.Expression;
type Hash = hbs.AST.Hash;
type PathExpression = hbs.AST.PathExpression;

export type Flavour = 'text' | 'html';

/** The compose helpers a mustache may call (text/helpers.ts), called directly. */
const COMPOSE = new Set(['sentence', 'question', 'capital', 'clause', 'phrase', 'list']);
/** The helpers for people writing their own templates (text/author-helpers.ts), called as Handlebars calls them. */
const AUTHOR: ReadonlySet<string> = new Set(Object.keys(authorHelpers));
/** The blocks a template may open. */
const BLOCKS = new Set(['if', 'unless', 'each', 'tone', 'variant']);
/** Every name Handlebars would take for a helper: a bare `{{name}}` of one of them is refused, not read from the view. */
const HELPERS: ReadonlySet<string> = new Set([
  ...COMPOSE,
  ...AUTHOR,
  ...BLOCKS,
  'with',
  'lookup',
  'log',
  'helperMissing',
  'blockHelperMissing',
]);

class Generator {
  private lines: string[] = [];
  private counter = 0;
  private readonly partialStack: string[] = [];
  private eachDepth = 0;
  usesTone = false;
  usesPhrasing = false;

  constructor(
    private readonly flavour: Flavour,
    private readonly file: string,
    private readonly partials: ReadonlyMap<string, { file: string; program: Program }>,
  ) {}

  private fail(node: { loc?: hbs.AST.SourceLocation | undefined }, problem: string): never {
    const where = node.loc ? `:${node.loc.start.line}:${node.loc.start.column}` : '';
    throw new Error(`${this.file}${where}: ${problem} (the built-in templates' compiler, src/render/codegen.ts)`);
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  // Temporaries for the expressions being written: each expression is used at once, so the next one reuses them.
  private nextTemp = 0;
  private tempCount = 0;

  private temp(): string {
    const name = `$${this.nextTemp++}`;
    this.tempCount = Math.max(this.tempCount, this.nextTemp);
    return name;
  }

  /** A variable holding the value of `expression` (itself when it is one), for code that reads it twice. */
  private held(expression: string): { setup: string; name: string } {
    if (/^[$\w]+$/.test(expression)) return { setup: '', name: expression };
    const name = this.temp();
    return { setup: `(${name} = ${expression}), `, name };
  }

  /**
   * `parent.name` as Handlebars' lookupProperty reads it (an own property, or nothing), written
   * out at each place rather than through one shared function: each place then reads one kind
   * of object, which V8 makes fast, where a shared function sees every kind.
   */
  private read(parent: string, name: string): string {
    const { setup, name: target } = this.held(parent);
    const value = this.temp();
    const key = JSON.stringify(name);
    const access = /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${key}]`;
    return `(${setup}(${value} = ${target}${access}) == null || Object.hasOwn(${target}, ${key}) ? ${value} : undefined)`;
  }

  /** Each step of a path read in turn from `context`, as `read` reads one. */
  private readPath(context: string, parts: readonly string[]): string {
    let target = context;
    for (const part of parts) target = this.read(target, part);
    return target;
  }

  private emit(line: string): void {
    this.lines.push(line);
  }

  // The text appended by the last line, when that line appends only text: text that follows is
  // joined to it, so that the code appends one string where the template had several pieces.
  private lastText: { out: string; text: string; line: number } | undefined;

  private appendText(text: string, out: string): void {
    const last = this.lastText;
    if (last && last.out === out && last.line === this.lines.length - 1) {
      last.text += text;
      this.lines[last.line] = `${out} += ${JSON.stringify(last.text)};`;
      return;
    }
    this.emit(`${out} += ${JSON.stringify(text)};`);
    this.lastText = { out, text, line: this.lines.length - 1 };
  }

  /** The function's body: the statements appended to `o`, then returned. */
  body(program: Program): string {
    this.emit('let o = "";');
    this.program(program, 'v', 'o');
    const head = [this.usesTone ? 'const $tone = toneOf(v);' : '', this.usesPhrasing ? 'const $phrasing = phrasingOf(v);' : ''];
    if (this.tempCount > 0) head.push(`let ${Array.from({ length: this.tempCount }, (_, i) => `$${i}`).join(', ')};`);
    return [...head.filter(Boolean), ...this.lines, 'return o;'].join('\n');
  }

  private program(program: Program | undefined, context: string, out: string): void {
    if (!program) return;
    if (program.blockParams?.length) this.fail(program, 'block parameters (as |x|) are not supported');
    for (const statement of program.body) this.statement(statement, context, out);
  }

  private statement(node: Statement, context: string, out: string): void {
    this.nextTemp = 0;
    switch (node.type) {
      case 'ContentStatement': {
        const { value } = node as hbs.AST.ContentStatement;
        if (value) this.appendText(value, out);
        return;
      }
      case 'CommentStatement':
        return;
      case 'MustacheStatement':
        this.mustache(node as hbs.AST.MustacheStatement, context, out);
        return;
      case 'BlockStatement':
        this.block(node as hbs.AST.BlockStatement, context, out);
        return;
      case 'PartialStatement':
        this.partial(node as hbs.AST.PartialStatement, context, out);
        return;
      default:
        this.fail(node, `${node.type} is not supported`);
    }
  }

  private mustache(node: hbs.AST.MustacheStatement, context: string, out: string): void {
    if (node.path.type !== 'PathExpression') this.fail(node, 'a mustache must name a value or a helper');
    const path = node.path as PathExpression;
    const escaped = this.flavour === 'html' && node.escaped !== false;
    const isHelper = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    let value: string;
    if (isHelper) {
      value = this.helper(path, node.params, node.hash, context, node);
    } else {
      if (HELPERS.has(path.original) && path.parts.length === 1) this.fail(node, `{{${path.original}}} names a helper without its values`);
      value = `lambda(${this.strictPath(path, context)}, ${context})`;
    }
    this.emit(`${out} += ${escaped ? `escapeHtml(${value})` : `show(${value})`};`);
  }

  /** A `{{path}}` read as strict mode reads it: the last step must exist. */
  private strictPath(path: PathExpression, context: string): string {
    this.checkPath(path);
    if (path.parts.length === 0) return context;
    const parent = this.readPath(context, path.parts.slice(0, -1));
    const { line, column } = path.loc.start;
    const name = path.parts.at(-1)!;
    const { setup, name: target } = this.held(parent);
    // As Handlebars' strict mode: the view must have the property, if only from its prototype.
    return `(${setup}${target} && ${JSON.stringify(name)} in ${target} ? ${this.read(target, name)} : missing(${target}, ${JSON.stringify(name)}, ${line}, ${column}))`;
  }

  private checkPath(path: PathExpression): void {
    if (path.data) this.fail(path, `${path.original} needs data frames, which the built-in templates are compiled without`);
    if (path.depth > 0) this.fail(path, `${path.original} reaches a parent context, which is not supported`);
  }

  /** A value passed to a helper: a literal, or a path read as Handlebars reads helper values (no strict check). */
  private expression(node: Expression, context: string): string {
    switch (node.type) {
      case 'PathExpression': {
        const path = node as PathExpression;
        this.checkPath(path);
        return this.readPath(context, path.parts);
      }
      case 'StringLiteral':
        return JSON.stringify((node as hbs.AST.StringLiteral).value);
      case 'NumberLiteral':
        return String((node as hbs.AST.NumberLiteral).value);
      case 'BooleanLiteral':
        return String((node as hbs.AST.BooleanLiteral).value);
      case 'UndefinedLiteral':
        return 'undefined';
      case 'NullLiteral':
        return 'null';
      default:
        this.fail(node, `${node.type} is not supported as a helper's value`);
    }
  }

  private literal(node: Expression | undefined): unknown {
    if (!node) return undefined;
    if (node.type === 'StringLiteral' || node.type === 'NumberLiteral' || node.type === 'BooleanLiteral') {
      return (node as hbs.AST.StringLiteral).value;
    }
    return this.fail(node, 'this must be a literal (in quotes, or a number)');
  }

  private hashValue(hash: Hash | undefined, key: string): Expression | undefined {
    return hash?.pairs.find((pair) => pair.key === key)?.value;
  }

  private onlyHash(hash: Hash | undefined, allowed: readonly string[], node: { loc?: hbs.AST.SourceLocation }): void {
    for (const pair of hash?.pairs ?? []) if (!allowed.includes(pair.key)) this.fail(node, `${pair.key}= is not supported here`);
  }

  /** A helper called in a mustache, as an expression. */
  private helper(path: PathExpression, params: Expression[], hash: Hash | undefined, context: string, node: hbs.AST.Node): string {
    const name = path.original;
    const values = params.map((param) => this.expression(param, context));
    if (COMPOSE.has(name)) {
      if (name === 'list') {
        this.onlyHash(hash, ['or'], node);
        if (params.length > 2) this.fail(node, '{{list}} takes a list and a mark');
        const mark = params.length > 1 ? helperMark(this.literal(params[1]), 'list') : '';
        const or = this.hashValue(hash, 'or');
        const disjunction = or !== undefined && this.literal(or) === true;
        return `compose.list(${values[0] ?? 'undefined'}, v, ${JSON.stringify(mark)}, ${disjunction})`;
      }
      this.onlyHash(hash, [], node);
      if (name === 'phrase' && params.length === 2) {
        return `compose.phraseWithMark(${values[0]}, ${JSON.stringify(helperMark(this.literal(params[1]), 'phrase'))}, v)`;
      }
      if (params.length > 1) this.fail(node, `{{${name}}} takes one value`);
      return `compose.${name}(${values[0] ?? 'undefined'}, v)`;
    }
    if (AUTHOR.has(name)) {
      // As Handlebars calls them: the values, then options with the hash and the view as the data's root.
      const pairs = (hash?.pairs ?? []).map((pair) => `${JSON.stringify(pair.key)}: ${this.expression(pair.value, context)}`);
      return `author.${name}.call(${context}, ${[...values, `{ name: ${JSON.stringify(name)}, hash: { ${pairs.join(', ')} }, data: { root: v } }`].join(', ')})`;
    }
    return this.fail(node, `{{${name}}} is not a helper the built-in templates may use`);
  }

  private block(node: hbs.AST.BlockStatement, context: string, out: string): void {
    if (node.path.type !== 'PathExpression' || !BLOCKS.has((node.path as PathExpression).original)) {
      this.fail(node, `{{#${(node.path as PathExpression).original}}} is not a block the built-in templates may use`);
    }
    const name = (node.path as PathExpression).original;
    if (name === 'tone' || name === 'variant') {
      this.choice(node, name, context, out);
      return;
    }
    if (node.params.length !== 1) this.fail(node, `{{#${name}}} takes exactly one value`);
    const value = this.expression(node.params[0]!, context);
    if (name === 'each') {
      this.onlyHash(node.hash, [], node);
      const list = this.fresh('items');
      const item = this.fresh('item');
      this.emit(`const ${list} = items(${value}, ${context});`);
      this.emit(`if (${list} !== null) for (const ${item} of ${list}) {`);
      this.eachDepth++;
      this.program(node.program, item, out);
      this.eachDepth--;
      this.emit('} else {');
      this.program(node.inverse, context, out);
      this.emit('}');
      return;
    }
    this.onlyHash(node.hash, ['includeZero'], node);
    const includeZero = this.hashValue(node.hash, 'includeZero');
    let test = `truthy(${value}, ${context})`;
    if (includeZero && this.literal(includeZero)) {
      const held = this.fresh('value');
      this.emit(`const ${held} = lambda(${value}, ${context});`);
      test = `(${held} === 0 || isTrue(${held}))`;
    }
    this.emit(`if (${name === 'unless' ? '!' : ''}${test}) {`);
    this.program(node.program, context, out);
    this.emit('} else {');
    this.program(node.inverse, context, out);
    this.emit('}');
  }

  /** `{{#tone "brief"}}` and `{{#variant 1}}`: the branch for the view's tone or phrasing, checked here rather than on every call. */
  private choice(node: hbs.AST.BlockStatement, name: 'tone' | 'variant', context: string, out: string): void {
    this.onlyHash(node.hash, [], node);
    if (node.params.length === 0) this.fail(node, `{{#${name}}} names at least one ${name === 'tone' ? 'tone' : 'phrasing'}`);
    const wanted = node.params.map((param) => {
      const value = this.literal(param);
      if (name === 'tone' && !(tones as readonly unknown[]).includes(value)) {
        this.fail(param, `{{tone}} takes the tones ${tones.join(', ')}, not ${JSON.stringify(value)}`);
      }
      if (name === 'variant' && !(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= PHRASINGS)) {
        this.fail(param, `{{variant}} takes phrasing numbers from 1 to ${PHRASINGS}, not ${String(value)}`);
      }
      return value;
    });
    const chosen = name === 'tone' ? '$tone' : '$phrasing';
    if (name === 'tone') this.usesTone = true;
    else this.usesPhrasing = true;
    this.emit(`if (${wanted.map((value) => `${chosen} === ${JSON.stringify(value)}`).join(' || ')}) {`);
    this.program(node.program, context, out);
    this.emit('} else {');
    this.program(node.inverse, context, out);
    this.emit('}');
  }

  /** A partial, written in place, with its lines indented when it stands on an indented line of its own. */
  private partial(node: hbs.AST.PartialStatement, context: string, out: string): void {
    if (node.name.type !== 'PathExpression') this.fail(node, 'a partial must be named');
    const name = (node.name as PathExpression).original;
    if (node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0) this.fail(node, `{{> ${name}}} takes no values`);
    const partial = this.partials.get(name);
    if (!partial) this.fail(node, `there is no partial called ${name}`);
    if (this.partialStack.includes(name)) this.fail(node, `the partial ${name} includes itself`);
    // Handlebars, run from a template's files, fills a partial with the item as the view the helpers read: not done here.
    if (this.eachDepth > 0) this.fail(node, `a partial inside {{#each}} is not supported; write its text in the block`);
    this.partialStack.push(name);
    const indent = (node as { indent?: string }).indent;
    // An error inside names the partial's file, as Handlebars' does for a partial compiled from its file.
    this.emit('try {');
    if (indent) {
      const own = this.fresh('partial');
      this.emit(`let ${own} = "";`);
      this.program(partial.program, context, own);
      this.emit(`${out} += indent(${own}, ${JSON.stringify(indent)});`);
    } else {
      this.program(partial.program, context, out);
    }
    this.emit(`} catch (error) { throw inPartial(error, ${JSON.stringify(partial.file)}); }`);
    this.partialStack.pop();
  }
}

/** The run-time functions generated code uses, by the names it uses them (all of codegen-runtime.ts's, so none can be missing). */
const RUNTIME_NAMES = Object.keys(codegenRuntime);

/**
 * A template's parts as JavaScript: a function expression that takes the run-time
 * functions (codegen-runtime.ts) and returns an object of fill functions, one per part,
 * each `(view) => string`.
 */
export function generateTemplate(
  Handlebars: Pick<typeof HandlebarsCompiler, 'parse'>,
  parts: ReadonlyArray<{ part: string; file: string; flavour: Flavour; source: string }>,
  partials: Readonly<Record<Flavour, ReadonlyMap<string, { file: string; source: string }>>>,
): string {
  const parse = (map: ReadonlyMap<string, { file: string; source: string }>) =>
    new Map([...map].map(([name, { file, source }]) => [name, { file, program: Handlebars.parse(source) }]));
  const parsed = { text: parse(partials.text), html: parse(partials.html) };
  const functions = parts.map(({ part, file, flavour, source }) => {
    const body = new Generator(flavour, file, parsed[flavour]).body(Handlebars.parse(source));
    return `${JSON.stringify(part)}: function (v) {\n${body}\n}`;
  });
  return `function (runtime) {\nconst { ${RUNTIME_NAMES.join(', ')} } = runtime;\nreturn {\n${functions.join(',\n')}\n};\n}`;
}
