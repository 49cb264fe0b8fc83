import { codegenRuntime } from './codegen-runtime.js';
import type { GeneratedTemplate } from './generated.js';
import { type CompiledTemplate, named, partFile, TEXT_PARTS } from './parts.js';

/**
 * A built-in template from the code the build generated for it (codegen.ts): its fill
 * functions, each naming its file in the errors it throws. Neither mjml nor Handlebars is loaded.
 */
export function fromGenerated(generated: GeneratedTemplate, name: string): CompiledTemplate {
  const parts = generated(codegenRuntime);
  const compiled = {} as CompiledTemplate;
  for (const part of [...TEXT_PARTS, 'html'] as const) {
    const fill = parts[part];
    if (typeof fill !== 'function') throw new Error(`dist/generated/templates/${name}: no ${part}; run npm run build`);
    compiled[part] = named(fill, partFile(name, part));
  }
  return compiled;
}
