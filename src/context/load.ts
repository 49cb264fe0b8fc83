import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import { AfterviewError } from '../errors.js';
import { formatPath } from './issues.js';

type Segment = string | number;

/** Far more than any real context; a bound so that a runaway pipe cannot exhaust memory. */
export const MAX_CONTEXT_BYTES = 1024 * 1024;

/** Keys that would reach an object's prototype if merged naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** One parsed context file (or standard input), able to say where each field was written. */
export interface ContextSource {
  /** The file name as the user gave it, or "standard input". */
  label: string;
  data: Record<string, unknown>;
  /** `file:line` of the value at `path`, or undefined when this source does not set it. */
  locate(path: readonly Segment[]): string | undefined;
}

function nodeAt(document: Document, path: readonly Segment[]): Node | undefined {
  let node: unknown = document.contents;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return undefined;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return undefined;
    }
  }
  return node && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
}

function keyNodeAt(document: Document, path: readonly Segment[]): Node | undefined {
  const parent = path.length > 1 ? nodeAt(document, path.slice(0, -1)) : document.contents;
  if (!isMap(parent)) return undefined;
  const last = String(path[path.length - 1]);
  const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === last);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

function refuseForbiddenKeys(value: unknown, label: string, locate: (path: Segment[]) => string | undefined, path: Segment[] = []): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, Array.isArray(value) ? Number(key) : key];
    if (!Array.isArray(value) && FORBIDDEN_KEYS.has(key)) {
      throw new AfterviewError('INVALID_INPUT', `${locate(childPath) ?? label}: the key "${formatPath(childPath)}" is not allowed (it names an object prototype). Remove it.`);
    }
    refuseForbiddenKeys(child, label, locate, childPath);
  }
}

/** Parses YAML or JSON text (JSON is YAML) into a context source. */
export function parseContext(text: string, label: string): ContextSource {
  if (text.includes('\u0000')) {
    throw new AfterviewError('INVALID_INPUT', `${label} is not a text file (it contains NUL bytes); give a YAML or JSON context.`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const where = first.linePos ? `${label}:${first.linePos[0].line}:${first.linePos[0].col}` : label;
    const summary = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new AfterviewError('INVALID_INPUT', `${where}: ${summary}`, {
      cause: first,
      hint: 'Fix the YAML syntax there (indentation, quotes, colons), or run `afterview validate` again to see the next problem.',
    });
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new AfterviewError('INVALID_INPUT', `${label}: ${error instanceof Error ? error.message : String(error)}; YAML aliases may not expand without bound.`, { cause: error });
  }
  if (data === null || data === undefined) {
    throw new AfterviewError('INVALID_INPUT', `${label} is empty; it should hold the context's fields.`, {
      hint: 'Run `afterview init <template>` for a complete, commented example.',
    });
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new AfterviewError('INVALID_INPUT', `${label} must hold a mapping of fields (such as "company: Acme Corp"), not ${Array.isArray(data) ? 'a list' : `a single ${typeof data}`}.`, {
      hint: 'Run `afterview init <template>` for a complete, commented example.',
    });
  }
  const locate = (path: readonly Segment[]): string | undefined => {
    // The key's line is where a person looks, even when the value starts on the next one.
    const node = keyNodeAt(document, path) ?? nodeAt(document, path);
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : `${label}:${lineCounter.linePos(offset).line}`;
  };
  refuseForbiddenKeys(data, label, locate);
  return { label, data: data as Record<string, unknown>, locate };
}

/** Reads everything from a stream, refusing more than `limit` bytes rather than buffering without end. */
export async function readStream(stream: Readable, limit = MAX_CONTEXT_BYTES, label = 'standard input'): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) {
      stream.destroy();
      throw new AfterviewError('INVALID_INPUT', `${label} is larger than ${limit / 1024} KiB, the most a context may be; is it the right input?`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a context file, or standard input for "-". `kind` names the file in messages. */
export async function readContext(path: string, stdin?: Readable, kind = 'context file'): Promise<ContextSource> {
  if (path === '-') {
    if (!stdin) throw new AfterviewError('USAGE', 'No standard input to read the context "-" from.');
    return parseContext(await readStream(stdin), 'standard input');
  }
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'unknown error'})`;
    throw new AfterviewError('INVALID_INPUT', `The ${kind} ${path} ${reason}.`, {
      cause: error,
      hint:
        kind === 'profile'
          ? 'Check the path given with --profile or $AFTERVIEW_PROFILE.'
          : 'Check the path, or create one with `afterview init <template> --out FILE`.',
    });
  }
  if (info.isDirectory()) {
    throw new AfterviewError('INVALID_INPUT', `${path} is a folder; give the context file inside it.`);
  }
  if (info.size > MAX_CONTEXT_BYTES) {
    throw new AfterviewError('INVALID_INPUT', `${path} is ${Math.round(info.size / 1024)} KiB; a context may be at most ${MAX_CONTEXT_BYTES / 1024} KiB. Is it the right file?`);
  }
  return parseContext(await readFile(path, 'utf8'), path);
}
