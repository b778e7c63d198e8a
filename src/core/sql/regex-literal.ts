/** Literals both SQL regex engines (RE2 and java.util.regex) read the same way. */

export const hex = (code: number) => `\\x{${code.toString(16).toUpperCase()}}`;

/** One code point as a literal of either engine: ASCII punctuation escaped, controls as \x{…}. */
export function literal(code: number): string {
  if (code < 0x20 || code === 0x7f) return hex(code);
  const ch = String.fromCodePoint(code);
  return /[!-/:-@[-`{-~]/.test(ch) ? `\\${ch}` : ch;
}

export function literalText(text: string): string {
  let out = '';
  for (const ch of text) out += literal(ch.codePointAt(0)!);
  return out;
}
