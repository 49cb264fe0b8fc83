import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { AfterviewError, type AfterviewAdvice } from '../errors.js';
import type { Segment } from '../shared/path.js';
import { jsonSyntaxError } from './syntax-error.js';
import { namesJson, parseYamlText } from './yaml.js';

/** Far more than any real context; a bound so that a runaway pipe or a device file cannot exhaust memory. */
export const MAX_CONTEXT_BYTES = 256 * 1024;

const MAKE_IT_A_CONTEXT: AfterviewAdvice = { kind: 'example' };

function invalidInput(message: string, advice?: AfterviewAdvice): AfterviewError {
  return new AfterviewError('INVALID_INPUT', message, advice === undefined ? {} : { advice });
}

/** One parsed context file (or standard input), able to say where each field was written. */
export interface ContextSource {
  /** The file name as the user gave it, or "standard input". */
  label: string;
  data: Record<string, unknown>;
  /** `file:line` of the value at `path`, or undefined when this source does not set it. */
  locate(path: readonly Segment[]): string | undefined;
}

/**
 * Parses YAML or JSON text (JSON is YAML) into a context source. A syntax error
 * speaks of JSON when `json` is set (by default, for a label ending in .json).
 */
export function parseContext(text: string, label: string, options: { json?: boolean } = {}): ContextSource {
  const { data, locate } = parseYamlText(text, label, options);
  // YAML reads some broken JSON as a single text ("// a comment" and all): say what is wrong with it as JSON.
  const json = options.json ?? namesJson(label);
  if (json && text.trim() !== '' && (data === null || typeof data !== 'object')) {
    const error = jsonSyntaxError(text, label);
    if (error) throw error;
  }
  if (data === null || data === undefined) {
    throw invalidInput(`${label} is empty; it should hold the context's fields.`, MAKE_IT_A_CONTEXT);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw invalidInput(
      `${label} must hold a mapping of fields (such as "company: Acme Corp"), not ${Array.isArray(data) ? 'a list' : `a single ${typeof data}`}.`,
      MAKE_IT_A_CONTEXT,
    );
  }
  return { label, data: data as Record<string, unknown>, locate };
}

function tooLarge(label: string, limit: number): AfterviewError {
  return invalidInput(`${label} is larger than ${limit / 1024} KiB, the most a context may be; is it the right input?`, {
    kind: 'example',
  });
}

/** Reads everything from a stream, refusing more than `limit` bytes rather than buffering without end. */
export async function readStream(stream: Readable, limit = MAX_CONTEXT_BYTES, label = 'standard input'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buffer.length;
      if (size > limit) {
        stream.destroy();
        throw tooLarge(label, limit);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof AfterviewError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new AfterviewError('INVALID_INPUT', `${label} cannot be read (${code ?? (error as Error).message}).`, { cause: error });
  }
  return Buffer.concat(chunks);
}

/**
 * The text of a context, refusing bytes that are not UTF-8: a binary file, or a text file in another
 * encoding. Checked with Buffer's validator rather than a fatal TextDecoder, which gives the same
 * answer but costs a cold start some milliseconds to set up; a leading byte order mark is dropped,
 * as the decoder drops it.
 */
export function decodeText(bytes: Uint8Array, label: string): string {
  if (bytes.includes(0)) {
    throw invalidInput(`${label} is not a text file (it contains NUL bytes); give a YAML or JSON context, saved as UTF-8.`);
  }
  if (!isUtf8(bytes)) {
    throw invalidInput(`${label} is not UTF-8 text; give a YAML or JSON context, saved as UTF-8.`);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads a context file, or standard input for "-". `kind` names the file in messages. */
export async function readContext(path: string, stdin?: Readable, kind = 'context file'): Promise<ContextSource> {
  if (path === '-') {
    if (!stdin) throw new AfterviewError('USAGE', 'No standard input to read the context "-" from.');
    const text = decodeText(await readStream(stdin), 'standard input');
    // Standard input has no file name: text that starts as a JSON object or list is taken to be JSON.
    return parseContext(text, 'standard input', { json: /^\uFEFF?\s*[{[]/.test(text) });
  }
  let info: import('node:fs').Stats;
  try {
    // Synchronous, as is the read below: a CLI reads one or two small files, and each
    // asynchronous step is a trip through libuv's thread pool, milliseconds on a busy machine.
    info = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${code ?? 'unknown error'})`;
    throw new AfterviewError('INVALID_INPUT', `The ${kind} ${path} ${reason}.`, {
      cause: error,
      advice: { kind: kind === 'profile' ? 'profile-path' : 'context-path' },
    });
  }
  if (info.isDirectory()) {
    throw new AfterviewError('INVALID_INPUT', `${path} is a folder; give the context file inside it.`);
  }
  if (info.size > MAX_CONTEXT_BYTES) {
    throw new AfterviewError(
      'INVALID_INPUT',
      `${path} is ${Math.ceil(info.size / 1024)} KiB; a context may be at most ${MAX_CONTEXT_BYTES / 1024} KiB. Is it the right file?`,
    );
  }
  // Read through the same bound as standard input: a device (/dev/zero), a pipe or a
  // file still being written reports a size that says nothing about how much will come.
  const bytes = info.isFile()
    ? readFileBounded(path, MAX_CONTEXT_BYTES)
    : await readStream(createReadStream(path), MAX_CONTEXT_BYTES, path);
  return parseContext(decodeText(bytes, path), path);
}

/** A regular file, read synchronously up to `limit` bytes, with the messages `readStream` gives. */
function readFileBounded(path: string, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let size = 0;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.allocUnsafe(64 * 1024);
    for (let read: number; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) {
      size += read;
      if (size > limit) throw tooLarge(path, limit);
      chunks.push(Buffer.from(buffer.subarray(0, read)));
    }
  } catch (error) {
    if (error instanceof AfterviewError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new AfterviewError('INVALID_INPUT', `${path} cannot be read (${code ?? (error as Error).message}).`, { cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return Buffer.concat(chunks);
}
