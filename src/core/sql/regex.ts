import { re2 } from './regex-duckdb';
import { emitRegex, type RegexDialect } from './regex-emit';
import { parseRegex } from './regex-parse';
import { java } from './regex-spark';

export { RegexRefused } from './regex-emit';

/**
 * Translates a JavaScript regex (as the app's regex LFs run it: `new RegExp(pattern, flags).test(text)`)
 * into the regex syntax of an SQL engine: RE2 (DuckDB) or java.util.regex (Spark). The result gives the
 * same true/false on every text; where a construct cannot, it is refused (`RegexRefused`) with the
 * reason, the first problem from the left. Reading is `regex-parse.ts`, writing `regex-emit.ts` with
 * each engine's syntax in `regex-duckdb.ts` and `regex-spark.ts`.
 */
export type RegexEngine = 're2' | 'java';

const DIALECTS: Record<RegexEngine, RegexDialect> = { re2, java };

export function translateRegex(pattern: string, flags: string, engine: RegexEngine): string {
  return emitRegex(parseRegex(pattern, flags), DIALECTS[engine], pattern, flags);
}
