/** Rows a wide report draws at once: a 20,000-column report lists its worst rows and a search finds any other. */
export const ROWS_SHOWN = 50;

/**
 * The rows to draw: sorted worst (lowest score) first, those whose name holds the search text, at most
 * `limit`. `matching` counts every match, so the view can say how many are not drawn.
 */
export function worstFirst<T>(rows: readonly T[], score: (row: T) => number, name: (row: T) => string, query: string, limit: number): { shown: T[]; matching: number } {
  const needle = query.trim().toLowerCase();
  const matches = needle ? rows.filter((r) => name(r).toLowerCase().includes(needle)) : [...rows];
  matches.sort((a, b) => score(a) - score(b));
  return { shown: matches.slice(0, limit), matching: matches.length };
}
