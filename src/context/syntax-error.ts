import { type CST, Parser, type YAMLError } from 'yaml';
import { AfterviewError } from '../errors.js';
import { findJsonSyntaxError } from './json-syntax.js';

/**
 * A context that does not parse, reported as `file:line:col: what is wrong`
 * in the terms of the language the person wrote: JSON for a JSON file, YAML
 * otherwise; an unclosed quote where it opens rather than where the file ends.
 */

/** `line:col` of an offset, both counted from 1. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

const QUOTED = new Set(['double-quoted-scalar', 'single-quoted-scalar']);

/**
 * The quoted scalar that runs on to `errorOffset` (YAML reports a missing closing
 * quote where the text ends): its opening quote is where the mistake is.
 */
function openingQuote(text: string, errorOffset: number): CST.FlowScalar | undefined {
  const stack: unknown[] = Array.from(new Parser().parse(text));
  let found: CST.FlowScalar | undefined;
  while (stack.length > 0) {
    const token = stack.pop();
    if (token === null || typeof token !== 'object') continue;
    if (Array.isArray(token)) {
      stack.push(...token);
      continue;
    }
    const candidate = token as Partial<CST.FlowScalar>;
    if (typeof candidate.type === 'string' && QUOTED.has(candidate.type)) {
      const scalar = candidate as CST.FlowScalar;
      const reaches = scalar.offset + scalar.source.length >= errorOffset;
      if (reaches && (!found || scalar.offset < found.offset)) found = scalar;
      continue;
    }
    for (const key of ['value', 'items', 'key', 'sep', 'start', 'end'] as const) {
      if (key in candidate) stack.push((candidate as Record<string, unknown>)[key]);
    }
  }
  return found;
}

/** The key written at `offset`, quoted and followed by a space, for a message; empty when it cannot be read plainly. */
function keyAt(text: string, offset: number): string {
  const quoted = /^(["'])((?:\\.|(?!\1)[^\\\n])*)\1/.exec(text.slice(offset, offset + 200));
  const key = quoted ? quoted[2]! : /^[^:\n]*/.exec(text.slice(offset, offset + 200))![0].trim();
  return key && !/[\p{Cc}\p{Cf}"]/u.test(key) ? `"${key}" ` : '';
}

function yamlProblem(text: string, error: YAMLError): { offset: number; message: string } {
  const summary = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (error.code === 'MISSING_CHAR' && /closing ["']quote/.test(summary)) {
    const scalar = openingQuote(text, error.pos[0]);
    if (scalar) {
      const quote = scalar.source[0]!;
      const escaped =
        quote === '"' && /\\"\s*$/.test(scalar.source.split('\n')[0]!)
          ? ' (a \\" inside double quotes is a quote mark, not the end; write \\\\ for a backslash)'
          : '';
      return { offset: scalar.offset, message: `this ${quote} quote is never closed; end the value with ${quote}${escaped}` };
    }
  }
  if (error.code === 'DUPLICATE_KEY')
    return { offset: error.pos[0], message: `${keyAt(text, error.pos[0]) || 'this key '}is given twice in the same mapping; keep one` };
  return { offset: error.pos[0], message: summary };
}

function located(text: string, label: string, offset: number, message: string, advice: 'json-syntax' | 'yaml-syntax', cause?: unknown) {
  return new AfterviewError('INVALID_INPUT', `${label}:${lineAndColumn(text, offset)}: ${message}`, {
    ...(cause === undefined ? {} : { cause }),
    advice: { kind: advice },
  });
}

/** The error for a JSON text that is not valid JSON, or undefined when it is. */
export function jsonSyntaxError(text: string, label: string): AfterviewError | undefined {
  const problem = findJsonSyntaxError(text);
  return problem && located(text, label, problem.offset, problem.message, 'json-syntax');
}

/** The error for a context that does not parse: `label:line:col: …`, with the fix for its language. */
export function syntaxError(text: string, label: string, error: YAMLError, json: boolean): AfterviewError {
  if (json) {
    const problem =
      findJsonSyntaxError(text) ??
      (error.code === 'DUPLICATE_KEY'
        ? { offset: error.pos[0], message: `${keyAt(text, error.pos[0]) || 'this name '}is given twice in the same object; keep one` }
        : undefined);
    if (problem) return located(text, label, problem.offset, problem.message, 'json-syntax', error);
  }
  const problem = yamlProblem(text, error);
  return located(text, label, problem.offset, problem.message, json ? 'json-syntax' : 'yaml-syntax', error);
}
