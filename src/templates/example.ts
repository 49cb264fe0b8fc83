// fs.promises is read where it is used: loading node:fs/promises costs a start-up that reads nothing ~1 ms.
import { promises as fs } from 'node:fs';
import { AfterviewError } from '../errors.js';
import { builtInTemplatesDir } from '../templates/paths.js';
import { getTemplate } from './registry.js';

/** A complete, commented example context for the template (its example.yaml), to copy and edit. */
export async function exampleContext(template: string): Promise<string> {
  const { name } = getTemplate(template);
  try {
    return await fs.readFile(new URL(`${name}/example.yaml`, builtInTemplatesDir()), 'utf8');
  } catch (error) {
    throw new AfterviewError('TEMPLATE_ERROR', `Template file ${name}/example.yaml is missing or unreadable.`, { cause: error });
  }
}

/** A complete, commented example application file (the journal of one application), to copy and edit. */
export async function exampleApplication(): Promise<string> {
  try {
    return await fs.readFile(new URL('application.yaml', builtInTemplatesDir()), 'utf8');
  } catch (error) {
    throw new AfterviewError('TEMPLATE_ERROR', 'Template file application.yaml is missing or unreadable.', { cause: error });
  }
}
