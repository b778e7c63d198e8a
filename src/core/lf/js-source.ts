/**
 * Dynamic `import()` is syntax: no global can be deleted to stop it, and a worker served without a CSP
 * of its own would load (and so send data to) any URL with it. Telling a string or regex from code
 * needs a full parser, and a tokenizer that guesses wrong about `/` can be fooled into skipping code,
 * so the rule is blunt and safe: the word `import` may not appear in JS LF source at all. Escaped
 * spellings (\u0069mport) cannot act as the keyword (the parser refuses them), so this check is enough.
 */
const IMPORT_WORD = /(?<![\p{ID_Continue}$\u200c\u200d])import(?![\p{ID_Continue}$\u200c\u200d])/u;

/** Offset of the first standalone `import` in the source, or -1. */
export function findImportWord(source: string): number {
  const match = IMPORT_WORD.exec(source);
  return match ? match.index : -1;
}
