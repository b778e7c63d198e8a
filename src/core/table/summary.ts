// The line a table row shows where a text item shows its text: "col: value · col: value …", plain text
// (views render it as a text node, never as HTML), cut short so a row with 20,000 columns stays cheap.
export const SUMMARY_MAX_CHARS = 240;
const SEPARATOR = ' · ';

export function rowSummary(names: readonly string[], cell: (name: string) => string | undefined, maxChars = SUMMARY_MAX_CHARS): string {
  let out = '';
  for (const name of names) {
    const value = (cell(name) ?? '').trim();
    const part = `${name}: ${value === '' ? '—' : value}`;
    const next = out === '' ? part : out + SEPARATOR + part;
    if (next.length > maxChars) return (out === '' ? part.slice(0, maxChars - 1) : out) + ' …';
    out = next;
  }
  return out;
}
