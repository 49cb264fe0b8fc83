import { describe, expect, it } from 'vitest';
import { describeShortMessage, measureShortMessage, smsSize } from '../src/render/short-message.js';

describe('short message sizing', () => {
  it.each([
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    // Extension characters take two septets.
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['€'.repeat(81), 'GSM-7', 162, 2],
    // One character outside GSM-7 switches the whole message to UCS-2.
    [`${'a'.repeat(69)}ő`, 'UCS-2', 70, 1],
    [`${'a'.repeat(70)}ő`, 'UCS-2', 71, 2],
    ['😀'.repeat(35), 'UCS-2', 70, 1],
  ])('%#: sizes an SMS of %j', (text, encoding, units, segments) => {
    expect(smsSize(text)).toEqual({ encoding, units, segments });
  });

  it('never splits a two-septet character across segments', () => {
    // 152 plain characters then a €: the € cannot fit in the first 153-septet segment.
    expect(smsSize(`${'a'.repeat(152)}€${'a'.repeat(10)}`).segments).toBe(2);
    // 306 septets fit two segments of 153 only if the € could be split.
    expect(smsSize(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
  });

  it('counts characters as people do and compares with LinkedIn limits', () => {
    const emoji = measureShortMessage('👋'.repeat(200));
    expect(emoji.length).toBe(200);
    expect(emoji.fitsLinkedInFree).toBe(true);
    expect(measureShortMessage('x'.repeat(301)).fitsLinkedIn).toBe(false);
  });

  it('describes the fit in one line', () => {
    expect(describeShortMessage(measureShortMessage('x'.repeat(250)))).toBe(
      'Short message: 250 characters; fits a LinkedIn connection note (300) but not the 200 of a free account. As SMS: GSM-7, 2 segments.',
    );
    expect(describeShortMessage(measureShortMessage('x'.repeat(320)))).toBe(
      'Short message: 320 characters; is longer than a LinkedIn connection note (300) by 20. As SMS: GSM-7, 3 segments.',
    );
  });
});
