/**
 * Link targets for the signature. Many readers linkify only what starts with a
 * scheme, so a profile written as `linkedin.com/in/…` becomes an https:// URL,
 * in the HTML link and in the plain text alike.
 */

/** `linkedin.com/in/mhe` → `https://linkedin.com/in/mhe`: always https, whatever scheme was written. */
export function httpsUrl(value: string): string {
  const address = value.trim().replace(/^https?:\/\//i, '');
  // Characters a URL cannot hold (spaces, quotes, angle brackets) are percent-encoded, so the link is one token.
  // A "%" typed as the start of an escape (%20) stays one rather than being escaped again.
  const encoded = encodeURI(address);
  return `https://${encoded.includes('%25') ? encoded.replace(/%25([0-9A-Fa-f]{2})/g, '%$1') : encoded}`;
}

/** `+1 (555) 0100` → `+15550100` for a `tel:` link (RFC 3966 global number); undefined without digits. */
export function telUri(phone: string): string | undefined {
  const trimmed = phone.trim();
  let digits = '';
  for (let index = 0; index < trimmed.length; index++) {
    const code = trimmed.charCodeAt(index);
    if (code >= 48 && code <= 57) digits += trimmed[index];
  }
  if (digits.length < 3) return undefined;
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}
