import { promises as fs } from 'node:fs';
import { AfterviewError, applicationJsonSchema, exampleApplication, exampleContext, jsonSchema, type TemplateSet } from '../index.js';
import { templateCatalog } from './catalog.js';
import type { CliIO, Printer } from './io.js';
import { writeFileAtomic } from './output.js';
import { commandTemplates } from './templates-option.js';

/** `init application` and `schema application`: the application file (the journal), beside the templates. */
const APPLICATION = 'application';

interface TemplatesArgs {
  templates?: string | undefined;
  profile?: string | undefined;
}

/** `afterview list`: each template, what it is for and when to send it. */
export async function listCommand(args: { json: boolean } & TemplatesArgs, io: CliIO, print: Printer): Promise<number> {
  const { templates: set } = await commandTemplates(args, io.env);
  if (set) return listWithFolder(set, args.json, print);
  const templates = await templateCatalog();
  if (args.json) {
    print.out(JSON.stringify(templates, null, 2));
    return 0;
  }
  const width = Math.max(...templates.map((t) => t.name.length));
  for (const t of templates) print.out(`${t.name.padEnd(width)}  ${t.summary} Send ${t.timing}.`);
  return 0;
}

/** `afterview list` with a templates folder: each template, where it comes from, and the built-in files it replaces. */
function listWithFolder(set: TemplateSet, json: boolean, print: Printer): number {
  const listed = set.listTemplates();
  if (json) {
    print.out(JSON.stringify(listed, null, 2));
    return 0;
  }
  const width = Math.max(...listed.map((t) => t.name.length));
  for (const t of listed) {
    const from = t.origin === 'built-in' ? '' : ` (from ${t.origin})`;
    print.out(`${t.name.padEnd(width)}  ${t.summary} Send ${t.timing}.${from}`);
    if (t.overridden.length > 0) print.out(`${''.padEnd(width)}  overridden by ${set.folder!.dir}: ${t.overridden.join(', ')}`);
  }
  return 0;
}

/** `afterview init`: a template's commented example context (or an application file), printed or written to a new file. */
export async function initCommand(
  args: { template: string; out?: string | undefined } & TemplatesArgs,
  io: CliIO,
  print: Printer,
): Promise<number> {
  let name = APPLICATION;
  let example: string;
  if (args.template === APPLICATION) {
    example = await exampleApplication();
  } else {
    const { templates: set } = await commandTemplates(args, io.env);
    name = args.template;
    example = set ? (set.example(set.get(name).name) ?? '') : await exampleContext(name);
  }
  if (args.out === undefined) {
    print.out(example);
    return 0;
  }
  const exists = await fs.stat(args.out).then(
    () => true,
    () => false,
  );
  if (exists) {
    throw new AfterviewError(
      'USAGE',
      `${args.out} already exists; afterview init never overwrites a file. Choose another name, or delete it first.`,
    );
  }
  await writeFileAtomic(args.out, example);
  print.info(
    name === APPLICATION
      ? `Wrote an example application file to ${args.out}. Edit it, then run: afterview due ${args.out}`
      : `Wrote an example ${name} context to ${args.out}. Edit it, then run: afterview render ${name} ${args.out}`,
  );
  return 0;
}

/** `afterview schema`: the JSON Schema of a template's context, or of an application file. */
export async function schemaCommand(args: { template: string } & TemplatesArgs, io: CliIO, print: Printer): Promise<number> {
  if (args.template === APPLICATION) {
    print.out(JSON.stringify(applicationJsonSchema(), null, 2));
    return 0;
  }
  const { templates: set } = await commandTemplates(args, io.env);
  print.out(JSON.stringify(jsonSchema(args.template, set), null, 2));
  return 0;
}
