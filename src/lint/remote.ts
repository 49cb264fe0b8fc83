/**
 * What a message must not load from elsewhere: mail clients block remote
 * images and scripts, spam filters count them against the sender, and a remote
 * image is how a tracking pixel tells someone the message was opened.
 */

export interface RemoteFinding {
  line: number;
  column: number;
  message: string;
  fix: string;
}

const RULES: ReadonlyArray<{ pattern: RegExp; message: string; fix: string }> = [
  {
    pattern: /<(?:script|mj-raw[^>]*>\s*<script)\b/gi,
    message: 'a script: mail clients do not run them, and spam filters count them against you.',
    fix: 'Remove the <script>.',
  },
  {
    pattern:
      /<(?:img|mj-image)\b[^>]*\b(?:width|height)\s*=\s*["']?(?:0|1)(?:px)?["']?[^>]*\b(?:width|height)\s*=\s*["']?(?:0|1)(?:px)?["']?/gi,
    message: 'a tracking pixel (a 1×1 image): it tells the sender when the message is read.',
    fix: 'Remove the image.',
  },
  {
    pattern:
      /\b(?:src|background(?:-url)?|href)\s*=\s*["']\s*(?:https?:)?\/\/[^"']*\.(?:png|jpe?g|gif|webp|svg|bmp|ico|js|css)\b[^"']*["']|<(?:img|mj-image)\b[^>]*\bsrc\s*=\s*["']\s*(?:https?:)?\/\//gi,
    message: 'a remote image, script or stylesheet: mail clients block it or use it to track the reader.',
    fix: 'Remove it, or write the content as text.',
  },
  {
    pattern: /url\(\s*["']?\s*(?:https?:)?\/\//gi,
    message: 'a remote resource in CSS (url(…)): mail clients block it or use it to track the reader.',
    fix: 'Remove the url(…).',
  },
  {
    pattern: /<(?:link\b[^>]*\bhref\s*=\s*["']\s*(?:https?:)?\/\/|mj-font\b)/gi,
    message: 'a remote stylesheet or font: it is fetched when the message is opened.',
    fix: 'Use a font stack the reader already has (the layout sets one).',
  },
];

export function remoteContent(source: string): RemoteFinding[] {
  const found: RemoteFinding[] = [];
  const seen = new Set<number>();
  for (const rule of RULES) {
    for (const match of source.matchAll(rule.pattern)) {
      if (seen.has(match.index)) continue;
      seen.add(match.index);
      const before = source.slice(0, match.index).split('\n');
      found.push({ line: before.length, column: before.at(-1)!.length + 1, message: rule.message, fix: rule.fix });
    }
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}
