import type { Handlebars } from './parts.js';

type SetUp = (options: Record<string, unknown>) => void;
type TemplateWithSetUp = ((...args: unknown[]) => string) & { _setup: SetUp };

/**
 * Handlebars sets a template up before every call: it copies the instance's
 * helpers, wrapping each one in a new function, copies its partials and
 * decorators, and builds its rules for prototype access. For a call without
 * options of its own, on an instance whose helpers and partials have not
 * changed since, every one of those copies is the same as the last: a message
 * fills its subject and short message several times, so this was a good share
 * of rendering. Templates made by `instance` after this keep the set-up of
 * their last such call until a helper, partial or decorator is registered.
 *
 * A template used as a partial is set up from its caller every time, as before.
 */
export function setUpOnce(instance: Handlebars): Handlebars {
  let version = 0;
  for (const method of [
    'registerHelper',
    'unregisterHelper',
    'registerPartial',
    'unregisterPartial',
    'registerDecorator',
    'unregisterDecorator',
  ] as const) {
    const original = instance[method] as (...args: unknown[]) => unknown;
    (instance as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      version++;
      return original.apply(instance, args);
    };
  }
  const template = instance.template.bind(instance);
  instance.template = ((spec: Parameters<Handlebars['template']>[0]) => {
    const compiled = template(spec) as unknown as TemplateWithSetUp;
    const setUp = compiled._setup;
    let ready = -1;
    compiled._setup = (options) => {
      if (options.partial || Object.keys(options).length > 0) {
        ready = -1;
        setUp(options);
      } else if (ready !== version) {
        setUp(options);
        ready = version;
      }
    };
    return compiled;
  }) as Handlebars['template'];
  return instance;
}
