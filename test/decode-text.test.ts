import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/context/load.js';

/** What a fatal WHATWG decoder makes of the bytes (the reference decodeText must agree with), or undefined for bytes it refuses. */
function reference(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function decoded(bytes: Uint8Array): string | undefined {
  try {
    return decodeText(bytes, 'ctx.yaml');
  } catch (error) {
    expect((error as Error).message).toMatch(/^ctx\.yaml is not (UTF-8 text|a text file)/);
    return undefined;
  }
}

describe('decodeText', () => {
  // Text in many scripts, encoded, then sometimes damaged: bytes cut, swapped in or appended where
  // UTF-8 is strict (lone continuation bytes, overlong forms, encoded surrogates, a byte order mark).
  const awkward = fc.constantFrom(
    [0xef, 0xbb, 0xbf],
    [0x80],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf0, 0x9f, 0x98],
    [0xc3],
    [0xff],
  );
  const bytes = fc
    .tuple(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.array(fc.tuple(fc.nat(), awkward), { maxLength: 3 }), fc.boolean())
    .map(([text, damage, bom]) => {
      let list = [...(bom ? [0xef, 0xbb, 0xbf] : []), ...new TextEncoder().encode(text)];
      for (const [at, piece] of damage) {
        const position = at % (list.length + 1);
        list = [...list.slice(0, position), ...piece, ...list.slice(position)];
      }
      return Uint8Array.from(list.filter((byte) => byte !== 0));
    });

  it('reads and refuses exactly what a fatal UTF-8 decoder does, a leading byte order mark dropped', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        expect(decoded(input)).toBe(reference(input));
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it('reads a slice of a larger buffer as that slice alone', () => {
    const whole = new TextEncoder().encode('xxcompany: Zoë GmbHyy');
    expect(decodeText(whole.subarray(2, whole.length - 2), 'ctx.yaml')).toBe('company: Zoë GmbH');
  });
});
