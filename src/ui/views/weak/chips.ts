/** Splits typed or pasted text at commas: every part but the last is a finished entry, the last is still being typed. */
export function splitEntries(raw: string): { done: string[]; rest: string } {
  const parts = raw.split(',');
  const rest = parts.pop() ?? '';
  return { done: parts.map((part) => part.trim()).filter((part) => part !== ''), rest: parts.length > 0 ? rest.trimStart() : rest };
}
