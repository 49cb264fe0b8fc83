/**
 * Sizing the short message for the channels it goes to: a LinkedIn connection
 * note (300 characters, 200 on free accounts) and SMS (160 GSM-7 characters a
 * segment, or 70 UCS-2 ones once any character falls outside GSM-7).
 */

export const LINKEDIN_NOTE_LIMIT = 300;
export const LINKEDIN_FREE_NOTE_LIMIT = 200;

// The GSM 03.38 default alphabet, and the extension table whose characters take two septets.
// Built on first use: most runs never size an SMS.
let gsm: { basic: ReadonlySet<string>; extension: ReadonlySet<string> } | undefined;
const gsmAlphabet = () =>
  (gsm ??= {
    basic: new Set(
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
    ),
    extension: new Set('\f^{}\\[~]|€'),
  });

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export interface ShortMessageSize {
  /** Characters as people count them (Unicode code points). */
  length: number;
  fitsLinkedIn: boolean;
  fitsLinkedInFree: boolean;
  sms: SmsSize;
}

/**
 * Packs characters into segments the way phones do: a segment never splits a
 * two-septet GSM character or a UTF-16 surrogate pair.
 */
function countSegments(sizes: readonly number[], single: number, multi: number): number {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total === 0) return 0;
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > multi) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}

export function smsSize(text: string): SmsSize {
  const characters = [...text];
  const { basic, extension } = gsmAlphabet();
  const isGsm = characters.every((c) => basic.has(c) || extension.has(c));
  if (isGsm) {
    const sizes = characters.map((c) => (extension.has(c) ? 2 : 1));
    return { encoding: 'GSM-7', units: sizes.reduce((a, b) => a + b, 0), segments: countSegments(sizes, 160, 153) };
  }
  const sizes = characters.map((c) => c.length);
  return { encoding: 'UCS-2', units: text.length, segments: countSegments(sizes, 70, 67) };
}

// Any UTF-16 surrogate: a text without one has as many code points as code units.
const SURROGATE = /[\ud800-\udfff]/;

/** Characters as people count them: Unicode code points, so an emoji is one. */
export function characterCount(text: string): number {
  // Nearly every text has no character outside the Basic Multilingual Plane. The search flattens
  // the text too: a rendered part is a chain of joined pieces, which a charCodeAt loop reads slowly
  // (about 4 µs for a 200-character short message, against 0.3 for the search).
  if (!SURROGATE.test(text)) return text.length;
  return codePoints(text);
}

/** Code points counted one by one: a pair of surrogates is one, a lone surrogate one too. */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

export function measureShortMessage(text: string): ShortMessageSize {
  const length = characterCount(text);
  return {
    length,
    fitsLinkedIn: length <= LINKEDIN_NOTE_LIMIT,
    fitsLinkedInFree: length <= LINKEDIN_FREE_NOTE_LIMIT,
    sms: smsSize(text),
  };
}

/** One line for standard error: how the short message fits each channel. */
export function describeShortMessage(size: ShortMessageSize): string {
  const linkedIn = size.fitsLinkedIn
    ? size.fitsLinkedInFree
      ? `fits a LinkedIn connection note (${LINKEDIN_NOTE_LIMIT}; ${LINKEDIN_FREE_NOTE_LIMIT} on free accounts)`
      : `fits a LinkedIn connection note (${LINKEDIN_NOTE_LIMIT}) but not the ${LINKEDIN_FREE_NOTE_LIMIT} of a free account`
    : `is longer than a LinkedIn connection note (${LINKEDIN_NOTE_LIMIT}) by ${size.length - LINKEDIN_NOTE_LIMIT}`;
  const { sms } = size;
  return `Short message: ${size.length} characters; ${linkedIn}. As SMS: ${sms.encoding}, ${sms.segments} segment${sms.segments === 1 ? '' : 's'}.`;
}
