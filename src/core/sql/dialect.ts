/** What differs between the SQL engines the compiler targets; everything else is shared SQL. */
export type DialectName = 'duckdb' | 'spark';
export const dialectNames: readonly DialectName[] = ['duckdb', 'spark'];

export interface Dialect {
  name: DialectName;
  /** A string literal holding exactly `text`. */
  string(text: string): string;
  ident(name: string): string;
  /** True where the regex (already in this dialect's syntax) matches somewhere in `expr`. */
  regexFind(expr: string, pattern: string): string;
  /** Number of non-overlapping matches of `pattern` (no capture groups) in `expr`. */
  regexCount(expr: string, pattern: string): string;
  /** Unicode NFC; Spark SQL has none, so its input must already be NFC (said in the SQL and the runbook). */
  nfc(expr: string): string;
  contains(expr: string, literal: string): string;
  /** Length in code points. */
  codePoints(expr: string): string;
  regexReplaceAll(expr: string, pattern: string, replacement: string): string;
  isNan(expr: string): string;
  /** `expr` as a string, NULL → ''. */
  text(expr: string): string;
  /** Whether the regex dialect is RE2 (no lookaround, no backreferences) or java.util.regex. */
  regex: 're2' | 'java';
}

export const duckdb: Dialect = {
  name: 'duckdb',
  // Standard SQL strings: only the quote is special, backslashes are literal.
  string: (text) => `'${text.replace(/'/g, "''")}'`,
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  regexFind: (expr, pattern) => `regexp_matches(${expr}, ${duckdb.string(pattern)})`,
  regexCount: (expr, pattern) => `len(regexp_extract_all(${expr}, ${duckdb.string(pattern)}))`,
  nfc: (expr) => `nfc_normalize(${expr})`,
  regexReplaceAll: (expr, pattern, replacement) => `regexp_replace(${expr}, ${duckdb.string(pattern)}, ${duckdb.string(replacement)}, 'g')`,
  isNan: (expr) => `isnan(${expr})`,
  contains: (expr, literal) => `contains(${expr}, ${duckdb.string(literal)})`,
  codePoints: (expr) => `length(${expr})`,
  text: (expr) => `coalesce(CAST(${expr} AS VARCHAR), '')`,
  regex: 're2',
};

export const spark: Dialect = {
  name: 'spark',
  // Spark's parser reads backslash escapes in string literals (spark.sql.parser.escapedStringLiterals=false, the default).
  string: (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  ident: (name) => `\`${name.replace(/`/g, '``')}\``,
  regexFind: (expr, pattern) => `(${expr} RLIKE ${spark.string(pattern)})`,
  regexCount: (expr, pattern) => `size(regexp_extract_all(${expr}, ${spark.string(`(${pattern})`)}, 1))`,
  nfc: (expr) => expr,
  regexReplaceAll: (expr, pattern, replacement) => `regexp_replace(${expr}, ${spark.string(pattern)}, ${spark.string(replacement)})`,
  isNan: (expr) => `isnan(${expr})`,
  contains: (expr, literal) => `(instr(${expr}, ${spark.string(literal)}) > 0)`,
  codePoints: (expr) => `char_length(${expr})`,
  text: (expr) => `coalesce(CAST(${expr} AS STRING), '')`,
  regex: 'java',
};

export const dialects: Record<DialectName, Dialect> = { duckdb, spark };
