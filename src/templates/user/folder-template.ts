import type { TemplateDefinition, View, ViewValue } from '../definition.js';
import { readFolderFile, SCHEMA_FILE, type TemplateFolder } from './folder.js';
import { type FieldShape, readFolderSchema } from './json-schema.js';

/**
 * A new template from a folder: its fields from schema.json, and a view that
 * hands the template its own fields as given, with every declared field that
 * the context leaves out present as null, so that `{{#if field}}` works in
 * strict mode and a field that is not declared is an error naming it.
 */

/** The context's values for the declared fields; null for each one left out. */
export function fieldView(shape: FieldShape, values: Record<string, unknown>): View {
  const view: View = {};
  for (const [key, inner] of Object.entries(shape)) {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (value === undefined || value === null) view[key] = null;
    else if (inner && typeof value === 'object' && !Array.isArray(value)) view[key] = fieldView(inner, value as Record<string, unknown>);
    else view[key] = value as ViewValue;
  }
  return view;
}

export function folderTemplate(name: string, folder: TemplateFolder): TemplateDefinition {
  const file = folder.files.get(`${name}/${SCHEMA_FILE}`)!;
  let schema: ReturnType<typeof readFolderSchema> | undefined;
  // Read on first use, like the built-ins' fields: listing templates needs only the summary.
  const read = () => (schema ??= readFolderSchema(readFolderFile(file), file));
  return {
    name,
    get summary() {
      return read().summary;
    },
    get timing() {
      return read().timing;
    },
    get closing() {
      return read().closing;
    },
    get fields() {
      return read().fields;
    },
    view(context) {
      return { view: fieldView(read().shape, context as Record<string, unknown>), warnings: [] };
    },
  };
}
