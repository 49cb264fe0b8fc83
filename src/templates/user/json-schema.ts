import type { z } from 'zod';
import { AfterviewError } from '../../errors.js';
import { closestKey } from '../../shared/closest.js';
import { commonFields } from '../fields.js';
import { requireFrom } from '../../shared/builtins.js';

/**
 * A new template's schema.json: a JSON Schema object whose properties are the
 * template's own fields. zod's own JSON Schema support turns it into the zod
 * fields the template validates with; the common fields (sender, recipient,
 * company, role, locale…) are added by afterview and may not be redeclared.
 */

export interface FolderSchema {
  fields: z.ZodRawShape;
  /** One line for `afterview list`. */
  summary: string;
  timing: string;
  closing: string;
  /** The template's own fields and, for objects, theirs: each is given to the template as null when absent. */
  shape: FieldShape;
}

/** The declared fields of an object, each with the fields of its own, when it is an object. */
export type FieldShape = { readonly [key: string]: FieldShape | null };

/**
 * zod's chained API, which alone has `fromJSONSchema`, loaded on the first schema.json read:
 * afterview's own schemas use zod/mini (see shared/zod-schema.ts), so that a render does not
 * pay for loading the chained API. Both share zod's core, its registry of descriptions
 * included, so the fields it makes validate beside the others.
 */
let chainedZod: typeof z | undefined;
function zodWithJsonSchema(): typeof z {
  chainedZod ??= (requireFrom(import.meta.url)('zod') as typeof import('zod')).z;
  return chainedZod;
}

const COMMON = [...Object.keys(commonFields), 'recipient', 'recipients', 'subject', 'tone'];

/** `file:line:col` of the first occurrence of `"key"` as a key in the JSON text, or of the file. */
export function locateKey(text: string, file: string, key: string | undefined): string {
  if (key !== undefined) {
    const at = text.search(new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`));
    if (at >= 0) {
      const before = text.slice(0, at).split('\n');
      return `${file}:${before.length}:${before.at(-1)!.length + 1}`;
    }
  }
  return file;
}

function schemaError(where: string, message: string, hint: string): AfterviewError {
  return new AfterviewError('TEMPLATE_ERROR', `${where}: ${message}`, { hint });
}

function shapeOf(schema: unknown): FieldShape | null {
  if (schema === null || typeof schema !== 'object') return null;
  const properties = (schema as { properties?: unknown }).properties;
  if (properties === null || typeof properties !== 'object') return null;
  const shape: Record<string, FieldShape | null> = {};
  for (const [key, value] of Object.entries(properties)) shape[key] = shapeOf(value);
  return shape;
}

/** Parses and converts a schema.json. `file` names it in errors. */
export function readFolderSchema(text: string, file: string): FolderSchema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const offset = position ? Number(position[1]) : 0;
    const before = text.slice(0, offset).split('\n');
    throw schemaError(
      `${file}:${before.length}:${before.at(-1)!.length + 1}`,
      `not valid JSON (${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}).`,
      'Fix the JSON: every key in double quotes, no trailing commas.',
    );
  }
  const hint =
    'schema.json is a JSON Schema object: { "type": "object", "properties": { "myField": { "type": "string" } }, "required": ["myField"] }.';
  if (json === null || typeof json !== 'object' || Array.isArray(json) || (json as { type?: unknown }).type !== 'object') {
    throw schemaError(locateKey(text, file, 'type'), 'the schema must be an object schema ("type": "object").', hint);
  }
  const { description, 'x-afterview': extra, ...rest } = json as Record<string, unknown> & { 'x-afterview'?: unknown };
  const properties = (rest.properties ?? {}) as Record<string, unknown>;
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    throw schemaError(locateKey(text, file, 'properties'), '"properties" must be an object of field schemas.', hint);
  }
  for (const key of Object.keys(properties)) {
    if (COMMON.includes(key)) {
      throw schemaError(
        locateKey(text, file, key),
        `"${key}" is one of the common fields every template has; afterview adds it.`,
        `Remove "${key}" from properties (the common fields are ${COMMON.join(', ')}).`,
      );
    }
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      throw schemaError(locateKey(text, file, key), `"${key}" cannot be a field name.`, 'Rename the field.');
    }
  }
  for (const key of Object.keys(rest)) {
    const known = ['type', 'properties', 'required', 'additionalProperties', '$schema', 'title', '$defs', 'definitions'];
    if (!known.includes(key)) {
      const suggestion = closestKey(key, known);
      throw schemaError(
        locateKey(text, file, key),
        `"${key}" is not a keyword afterview reads at the top of schema.json.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        hint,
      );
    }
  }
  let converted: z.ZodType;
  const zod = zodWithJsonSchema();
  try {
    // additionalProperties: false: the common fields are added beside the template's own.
    converted = zod.fromJSONSchema({ ...rest, additionalProperties: false } as Parameters<typeof zod.fromJSONSchema>[0]);
  } catch (error) {
    const message = (error as Error).message;
    // zod names the bad value ("Unsupported type: strnig"): point at where it is written.
    const value = /: (\S+)$/.exec(message)?.[1];
    const at = value === undefined ? -1 : text.indexOf(`"${value}"`);
    const before = text.slice(0, Math.max(0, at)).split('\n');
    const where =
      at >= 0
        ? `${file}:${before.length}:${before.at(-1)!.length + 1}`
        : locateKey(
            text,
            file,
            Object.keys(properties).find((name) => message.includes(name)),
          );
    throw schemaError(where, `not a JSON Schema afterview can use: ${message}`, hint);
  }
  if (!(converted instanceof zod.ZodObject)) {
    throw schemaError(file, 'the schema must describe an object with "properties".', hint);
  }
  const settings = (extra ?? {}) as { timing?: unknown; closing?: unknown };
  return {
    fields: converted.shape,
    summary: typeof description === 'string' && description.trim() !== '' ? description.trim() : 'A template of your own.',
    timing: typeof settings.timing === 'string' ? settings.timing : 'when it suits',
    closing: typeof settings.closing === 'string' ? settings.closing : 'Best regards',
    shape: shapeOf(rest) ?? {},
  };
}
