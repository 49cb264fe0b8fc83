/**
 * What a composer's body wants from a pasted note: paragraphs, lists, line
 * breaks, links and emphasis. Everything else (the document, wrappers, tables,
 * widths, fonts, colours, `role`, `aria-label`) is left out, its text kept, so
 * that the paste becomes ordinary text in the composer's own style.
 */
const KEPT = new Set(['p', 'ul', 'ol', 'li', 'br', 'a', 'strong', 'em', 'b', 'i']);
const VOID = new Set(['br']);
/** Spacing is all a pasted note keeps of its styles. */
const KEPT_STYLE = /^(margin(-top|-bottom|-left|-right)?|padding-left)$/;
/** Content that is never text: its words must not leak into the note. */
const SKIPPED = new Set(['head', 'title', 'style', 'script', 'template']);

/** Tags and the text between them. Rendered HTML is well formed and its values escaped, so text passes through as it is. */
const TOKENS = /<!--[\s\S]*?-->|<!doctype[^>]*>|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</gi;
const ATTRIBUTES = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

function attributesOf(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, double, single, bare] of source.matchAll(ATTRIBUTES)) {
    attributes[name!.toLowerCase()] = double ?? single ?? bare ?? '';
  }
  return attributes;
}

function keptStyle(style: string | undefined): string | undefined {
  if (!style) return undefined;
  const declarations = style
    .split(';')
    .map((declaration) => declaration.trim())
    .filter((declaration) => KEPT_STYLE.test(declaration.split(':', 1)[0]!.trim().toLowerCase()) && !/[<>"]/.test(declaration))
    .map((declaration) => declaration.replace(/\s*:\s*/, ': '));
  return declarations.length > 0 ? `${declarations.join('; ')};` : undefined;
}

/** Only web, mail and phone links, already escaped as the rendered HTML wrote them. */
function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  return /^(https:|http:|mailto:|tel:)/i.test(trimmed) && !/["<>]/.test(trimmed) ? trimmed : undefined;
}

/**
 * The body of an HTML message as a fragment to paste into a mail composer: the
 * `text/html` flavour of `render --copy --format html`.
 *
 * @example
 * const message = await render('thank-you', context);
 * const fragment = htmlFragment(message.html); // "<p style=\"margin: 0 0 1em 0;\">Dear Ana,</p>…"
 */
export function htmlFragment(html: string): string {
  let out = '';
  let skipping = 0;
  const open: string[] = [];
  for (const [token, closing, rawName, rawAttributes] of html.matchAll(TOKENS)) {
    if (rawName === undefined) {
      // Text (comments and the doctype are not).
      if (skipping === 0 && !token.startsWith('<!')) out += token === '<' ? '&lt;' : token;
      continue;
    }
    const name = rawName.toLowerCase();
    if (SKIPPED.has(name)) {
      skipping = Math.max(0, skipping + (closing ? -1 : 1));
      continue;
    }
    if (skipping > 0 || !KEPT.has(name)) continue;
    if (closing) {
      const index = open.lastIndexOf(name);
      // Close anything left open inside it, so the fragment is always well formed.
      if (index >= 0) while (open.length > index) out += `</${open.pop()}>`;
      continue;
    }
    const attributes = attributesOf(rawAttributes ?? '');
    let tag = `<${name}`;
    if (name === 'a') {
      const href = safeHref(attributes.href);
      if (href) tag += ` href="${href}"`;
    }
    const style = name === 'a' || VOID.has(name) ? undefined : keptStyle(attributes.style);
    if (style) tag += ` style="${style}"`;
    out += `${tag}>`;
    if (!VOID.has(name)) open.push(name);
  }
  while (open.length > 0) out += `</${open.pop()}>`;
  // Indentation between blocks is the template's layout, not the note's words.
  return `${out.replace(/>\s+</g, (whitespace) => (whitespace.includes('\n') ? '>\n<' : whitespace)).trim()}\n`;
}
