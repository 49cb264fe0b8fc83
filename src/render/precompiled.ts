import HandlebarsRuntime from 'handlebars/runtime.js';
import { registerComposeHelpers } from '../text/helpers.js';
import { setUpOnce } from './setup-once.js';
import {
  type CompiledTemplate,
  type Handlebars,
  named,
  PARTIALS,
  type PrecompiledTemplates,
  partFile,
  partialFile,
  TEXT_PARTS,
} from './parts.js';

/** Handlebars runtime instances holding the precompiled partials, one pair per set of specs. */
const runtimes = new WeakMap<PrecompiledTemplates, { text: Handlebars; html: Handlebars }>();

/**
 * A template from precompiled specs, or undefined when they do not include it:
 * only `handlebars/runtime` is needed, neither mjml nor the Handlebars compiler.
 */
export function fromPrecompiled(precompiled: PrecompiledTemplates, name: string): CompiledTemplate | undefined {
  const { specs } = precompiled;
  if (!Object.hasOwn(specs, partFile(name, 'html'))) return undefined;
  let instances = runtimes.get(precompiled);
  if (!instances) {
    const runtime = HandlebarsRuntime as unknown as Handlebars;
    instances = { text: setUpOnce(runtime.create()), html: setUpOnce(runtime.create()) };
    registerComposeHelpers(instances.text);
    registerComposeHelpers(instances.html);
    for (const partial of PARTIALS) {
      instances.text.registerPartial(partial, instances.text.template(specs[partialFile(partial, 'txt')]!));
      instances.html.registerPartial(partial, instances.html.template(specs[partialFile(partial, 'html')]!));
    }
    runtimes.set(precompiled, instances);
  }
  const compiled = {} as CompiledTemplate;
  for (const part of TEXT_PARTS) compiled[part] = named(instances.text.template(specs[partFile(name, part)]!), partFile(name, part));
  compiled.html = named(instances.html.template(specs[partFile(name, 'html')]!), partFile(name, 'html'));
  return compiled;
}
