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
