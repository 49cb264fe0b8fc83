import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, lowest first: the one place they are written down. A
 * module may import its own layer and the layers below it, never one above,
 * and no chain of imports (types and dynamic imports included) may lead back
 * to where it started. Every file of src/ must belong to a layer, so that a
 * new folder is placed on purpose.
 */
const LAYERS: ReadonlyArray<{ name: string; paths: readonly string[]; job: string }> = [
  { name: 'base', paths: ['errors.ts', 'shared/', 'generated/'], job: 'the error type, path segments, atomic writes, XDG folders' },
  { name: 'format', paths: ['format/', 'text/'], job: 'dates, money, lists and sentences written as text' },
  { name: 'templates', paths: ['templates/'], job: 'the registry, the common fields, each built-in template' },
  { name: 'context', paths: ['context/'], job: 'reading files, the profile and set values; validation' },
  { name: 'render', paths: ['render/'], job: 'compiling and filling templates; text, JSON and .eml' },
  {
    name: 'outputs',
    paths: ['send/', 'clipboard/', 'journal/', 'mail/'],
    job: 'sending, drafts, the clipboard, the journal',
  },
  { name: 'tools', paths: ['lint/', 'preview/'], job: 'for template authors: the linter and the live preview' },
  { name: 'api', paths: ['index.ts', 'internal.ts', 'api/'], job: 'the public API (index.ts, api/) and the internals tests reach' },
  { name: 'cli', paths: ['cli/'], job: 'the command line: argv, printing, exit codes' },
];

/** The CLI is a consumer of the library like any other: outside cli/, it imports only the public API. */
const CLI_MAY_IMPORT: ReadonlySet<string> = new Set(['index.ts']);

const src = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(src, path)] : [];
  });
}

const files = sourceFiles(src).sort();

function layerOf(file: string): number {
  return LAYERS.findIndex(({ paths }) => paths.some((path) => (path.endsWith('/') ? file.startsWith(path) : file === path)));
}

/** The src/ files a module imports: static, type-only, re-exports and dynamic `import()`. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(src, file), 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const path = relative(src, join(dirname(join(src, file)), specifier)).replace(/\.js$/, '');
      return files.find((candidate) => candidate === `${path}.ts` || candidate === `${path}.d.ts`) ?? `${path} (missing)`;
    });
}

const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('the layers of src/', () => {
  it('place every file', () => {
    expect(files.filter((file) => layerOf(file) < 0)).toEqual([]);
  });

  it('import only their own layer and the layers below', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      for (const imported of imports) {
        if (layerOf(imported) > layerOf(file)) {
          upward.push(`${file} (${LAYERS[layerOf(file)]?.name}) imports ${imported} (${LAYERS[layerOf(imported)]?.name})`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('let the CLI reach the library only through src/index.ts', () => {
    const reaching = [...graph]
      .filter(([file]) => file.startsWith('cli/'))
      .flatMap(([file, imports]) => imports.filter((i) => !i.startsWith('cli/') && !CLI_MAY_IMPORT.has(i)).map((i) => `${file} → ${i}`));
    expect(reaching.sort()).toEqual([]);
  });

  it('have no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const imported of graph.get(file) ?? []) visit(imported, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('import only files that exist', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((i) => i.endsWith('(missing)')).map((i) => `${file}: ${i}`));
    expect(missing).toEqual([]);
  });
});
