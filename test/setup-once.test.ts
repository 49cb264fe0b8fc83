import Handlebars from 'handlebars';
import HandlebarsRuntime from 'handlebars/runtime.js';
import { describe, expect, it } from 'vitest';
import type { Handlebars as HandlebarsType } from '../src/render/parts.js';
import { setUpOnce } from '../src/render/setup-once.js';

/**
 * Templates are set up for their helpers and partials once, not on every call
 * (src/render/setup-once.ts): what was registered later must still be used.
 */
describe('a Handlebars instance set up once', () => {
  it('uses a helper or partial registered after a template has run, and partials set up from their caller', () => {
    const instance = setUpOnce(Handlebars.create());
    instance.registerHelper('shout', (value: string) => value.toUpperCase());
    instance.registerPartial('sign', '{{shout name}}!');
    const template = instance.compile('Hi {{shout name}} {{> sign}}', { strict: true });
    expect(template({ name: 'ana' })).toBe('Hi ANA ANA!');
    expect(template({ name: 'bo' })).toBe('Hi BO BO!');
    instance.registerHelper('shout', (value: string) => `${value}?`);
    expect(template({ name: 'ana' })).toBe('Hi ana? ana?!');
    instance.registerPartial('sign', '[{{name}}]');
    expect(template({ name: 'ana' })).toBe('Hi ana? [ana]');
    // Options of a call's own are honoured on that call, and the next call without them is as before.
    expect(template({ name: 'ana' }, { helpers: { shout: () => 'x' } })).toBe('Hi x [ana]');
    expect(template({ name: 'ana' })).toBe('Hi ana? [ana]');
  });

  it('works on the runtime instance that precompiled templates run on', () => {
    const runtime = setUpOnce((HandlebarsRuntime as unknown as HandlebarsType).create());
    runtime.registerHelper('twice', (value: string) => value + value);
    const spec = new Function(`return ${Handlebars.precompile('{{twice word}}', { strict: true })};`)();
    const template = runtime.template(spec);
    expect(template({ word: 'ab' })).toBe('abab');
    expect(template({ word: 'cd' })).toBe('cdcd');
    runtime.unregisterHelper('twice');
    expect(() => template({ word: 'cd' })).toThrow(/twice/);
  });
});
