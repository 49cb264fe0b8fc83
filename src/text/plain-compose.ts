/**
 * The compose rules' text primitives written plainly, with one regular
 * expression each: what compose.ts's faster scans give, more slowly. The tests
 * (test/fast-paths.test.ts) hold the fast ones to these.
 */
const FINAL_MARKS = /\s*([.,;:!?…]{2,})(["'”’»)\]]*)$/u;

function tidySpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export const plainCompose = {
  tidySpaces,
  tidyEnd(text: string): string {
    const tidy = tidySpaces(text).replace(/\s+([.,;:!?…]+["'”’»)\]]*)$/u, '$1');
    return tidy.replace(FINAL_MARKS, (_, run: string, closers: string) => {
      const kept = run.includes('?')
        ? '?'
        : run.includes('!')
          ? '!'
          : run.startsWith('...') || run.includes('…')
            ? '...'
            : run.includes('.')
              ? '.'
              : run[0]!;
      return kept + closers;
    });
  },
  /** The word before a final full stop, or undefined. */
  lastWord(text: string): string | undefined {
    return /([\p{L}\p{N}.'’-]+)\.$/u.exec(text)?.[1]?.replace(/^.*[\s(]/u, '');
  },
  listItem: (phrased: string): string => phrased.replace(/\s*(?:!+|…|\.{3,})$/u, ''),
};
