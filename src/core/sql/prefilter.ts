/**
 * Words one of which every match of a JavaScript regex contains, for patterns of the simplest shape:
 * an alternation of plain ASCII words, optionally in one group, between zero-width anchors (`\b`, `^`,
 * `$`), such as `\b(?:refund|invoice)\b`. A cheap substring test on these rules out most rows before
 * the regex runs. Null for any other pattern: then nothing is known and the regex alone decides.
 */
export function requiredWords(pattern: string): string[] | null {
  let body = pattern.replace(/^(?:\\b|\^)+/, '').replace(/(?:\\b|\$)+$/, '');
  const group = /^\((?:\?:)?([^()]*)\)$/.exec(body);
  if (group) body = group[1];
  const words = body.split('|');
  return words.every((w) => /^[A-Za-z0-9]+$/.test(w)) ? words : null;
}

const WORDS = '[A-Za-z0-9]+(?:\\|[A-Za-z0-9]+)*';
const EXACT_SHAPE = new RegExp(`^(\\\\b)?(?:\\((?:\\?:)?(${WORDS})\\)|(${WORDS}))(\\\\b)?$`);

/**
 * A pattern that is nothing but an alternation of plain ASCII words, anywhere (`refund|invoice`) or as
 * whole words (`\b(?:refund|invoice)\b`, `\brefund\b`): on ASCII text its matches are exactly those of a
 * keyword test of these words, so a keyword scan can answer it there. Null for any other pattern,
 * including `\ba|b\b` (the anchors bind to the outer words only) and one-sided or `^`/`$` anchors.
 */
export function matchedWords(pattern: string): { words: string[]; wholeWord: boolean } | null {
  const m = EXACT_SHAPE.exec(pattern);
  if (!m) return null;
  const wholeWord = m[1] !== undefined;
  if (wholeWord !== (m[4] !== undefined)) return null;
  const words = (m[2] ?? m[3]).split('|');
  if (wholeWord && m[2] === undefined && words.length > 1) return null;
  return { words, wholeWord };
}
