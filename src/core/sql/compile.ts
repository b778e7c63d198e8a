import { SiftError } from '../errors';
import { foldText } from '../lf/chunk-view';
import { TEXT_FIELD, type CompareOp, type Condition, type KeywordCondition, type LfDef } from '../lf/types';
import type { Dialect } from './dialect';
import { MAX_SCAN_TESTS, type ScanTest } from './keyword-scan';
import { matchedWords, requiredWords } from './prefilter';
import { translateRegex } from './regex';
import { literalText } from './regex-literal';

/** How the input stores a column the LFs read: text, or a number type (read without parsing). */
export type ColumnType = 'string' | 'number';

export interface SqlTarget {
  dialect: Dialect;
  /** Input column holding the item text (default "text"). */
  textColumn?: string;
  /** Input columns of a number type; every other column read is cast to a string. */
  numberColumns?: ReadonlySet<string>;
  /**
   * DuckDB only: keyword tests (and the word pre-tests of regex LFs) answered by keyword-scan
   * functions the caller registers (`CompiledVotes.scans`), one pass per row for all of them, instead
   * of SQL substring tests. Spark SQL output stays plain SQL.
   */
  keywordScan?: boolean;
}

/** A keyword-scan function the query calls: `name(raw text of field)` → INTEGER mask, bit t for tests[t]. */
export interface ScanFunction {
  name: string;
  field: string;
  tests: ScanTest[];
}

const WS_CLASS = '\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
const WORD = '\\p{L}\\p{N}\\p{M}_';
/** What JavaScript's Number() accepts once trimmed, less hex/octal/binary literals (see src/core/spec/README.md). */
const DECIMAL = '^[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$';
const STARTS_WITH_WORD_CHAR = /^[\p{L}\p{N}\p{M}_]/u;
const ENDS_WITH_WORD_CHAR = /[\p{L}\p{N}\p{M}_]$/u;

/**
 * Derived columns (folded text, parsed numbers, lengths) each computed once per row however many LFs
 * read them, as ChunkView does in the app: the compiler names them, the query computes them in a CTE.
 */
class Derived {
  /** Level 1 reads the input, level 2 reads level 1…: each level is one CTE. */
  readonly columns = new Map<string, { alias: string; sql: string; level: number }>();
  readonly scans: ScanFunction[] = [];
  constructor(readonly target: SqlTarget) {}

  /** A test answered by a keyword-scan function over the field's raw text, as a boolean SQL expression. */
  scanned(field: string, test: ScanTest): string {
    const key = JSON.stringify(test);
    let scan = this.scans.find((s) => s.field === field && (s.tests.some((t) => JSON.stringify(t) === key) || s.tests.length < MAX_SCAN_TESTS));
    if (!scan) this.scans.push((scan = { name: `sift_scan_${this.scans.length}`, field, tests: [] }));
    let bit = scan.tests.findIndex((t) => JSON.stringify(t) === key);
    if (bit < 0) bit = scan.tests.push(test) - 1;
    const name = scan.name;
    const mask = this.add(`scan:${name}`, 2, () => `${name}(${this.raw(field)})`);
    return `((${mask} & ${2 ** bit}) <> 0)`;
  }

  column(field: string): string {
    return this.target.dialect.ident(field === TEXT_FIELD ? (this.target.textColumn ?? TEXT_FIELD) : field);
  }
  private add(key: string, level: number, sql: () => string): string {
    let entry = this.columns.get(key);
    if (!entry) {
      const text = sql(); // first: it may add the columns it reads, which take the earlier names
      entry = { alias: `__d${this.columns.size}`, sql: text, level };
      this.columns.set(key, entry);
    }
    return this.target.dialect.ident(entry.alias);
  }
  raw(field: string): string {
    return this.add(`raw:${field}`, 1, () => this.target.dialect.text(this.column(field)));
  }
  folded(field: string, caseSensitive: boolean): string {
    const d = this.target.dialect;
    return this.add(`fold:${caseSensitive}:${field}`, 2, () => {
      const raw = this.raw(field);
      // The folds JavaScript's toLowerCase leaves undone, as foldText does them.
      const fold = (lower: string) => `replace(replace(replace(${lower}, ${d.string('i\u0307')}, 'i'), ${d.string('ς')}, ${d.string('σ')}), ${d.string('ß')}, 'ss')`;
      if (d.name !== 'duckdb') return caseSensitive ? d.nfc(raw) : fold(`lower(${d.nfc(raw)})`);
      // The normalizer and the replaces cost ten times the lower-casing, so skip them where they cannot
      // change the text. ASCII is NFC and lower-cases to ASCII. Text below U+0300 (Latin-1, Latin
      // Extended, IPA) is NFC too (no combining marks, nothing composes), and there lower-casing yields
      // "ß" only from "ß" and "i̇" only from "İ"; "ς" lies above.
      const ascii = `strlen(${raw}) = length(${raw})`;
      const belowCombining = `NOT regexp_matches(${raw}, ${d.string('[^\\x{0}-\\x{2FF}]')})`;
      if (caseSensitive) return `CASE WHEN ${ascii} OR ${belowCombining} THEN ${raw} ELSE ${d.nfc(raw)} END`;
      return `CASE WHEN ${ascii} THEN lower(${raw}) WHEN ${belowCombining} THEN (CASE WHEN contains(${raw}, ${d.string('ß')}) OR contains(${raw}, ${d.string('İ')}) THEN ${fold(`lower(${raw})`)} ELSE lower(${raw}) END) ELSE ${fold(`lower(${d.nfc(raw)})`)} END`;
    });
  }
  number(field: string): string {
    const d = this.target.dialect;
    return this.add(`num:${field}`, 3, () => {
      const name = field === TEXT_FIELD ? '' : field;
      if (name && this.target.numberColumns?.has(name)) {
        const x = `CAST(${this.column(field)} AS DOUBLE)`;
        return `CASE WHEN ${d.isNan(x)} THEN NULL ELSE ${x} END`;
      }
      const trimmed = this.add(`trim:${field}`, 2, () => d.regexReplaceAll(this.raw(field), `^[${WS_CLASS}]+|[${WS_CLASS}]+${d.regex === 'java' ? '\\z' : '$'}`, ''));
      return `CASE WHEN ${d.regexFind(trimmed, d.regex === 'java' ? DECIMAL.replace(/\$$/, '\\z') : DECIMAL)} THEN CAST(${trimmed} AS DOUBLE) WHEN ${trimmed} IN ('Infinity', '+Infinity') THEN CAST('Infinity' AS DOUBLE) WHEN ${trimmed} = '-Infinity' THEN CAST('-Infinity' AS DOUBLE) END`;
    });
  }
  length(field: string, unit: 'chars' | 'words'): string {
    const d = this.target.dialect;
    return this.add(`len:${unit}:${field}`, unit === 'chars' ? 3 : 2, () => (unit === 'chars' ? d.codePoints(this.folded(field, true)) : d.regexCount(this.raw(field), `[^${WS_CLASS}]+`)));
  }
}

const doubleLiteral = (x: number) => `CAST('${String(x)}' AS DOUBLE)`;

function comparison(x: string, op: CompareOp, value: number, max: number | undefined): string {
  const v = doubleLiteral(value);
  switch (op) {
    case 'between':
      return `(${x} >= ${v} AND ${x} <= ${doubleLiteral(max ?? value)})`;
    case '==':
      return `(${x} = ${v})`;
    case '!=':
      return `(${x} <> ${v})`;
    default:
      return `(${x} ${op} ${v})`;
  }
}

function wholeWord(keyword: string, engine: 're2' | 'java'): string {
  const before = STARTS_WITH_WORD_CHAR.test(keyword) ? `(?:^|[^${WORD}])` : '';
  const after = ENDS_WITH_WORD_CHAR.test(keyword) ? `(?:${engine === 're2' ? '$' : '\\z'}|[^${WORD}])` : '';
  return `${before}${literalText(keyword)}${after}`;
}

/**
 * Whether any (or each) of `keywords` occurs as a whole word, cheapest test first: most texts lack
 * the keywords (a substring test says so at a tenth of the regex's cost), and where one is there it
 * mostly stands between two spaces, which is a whole-word match whatever the keyword (a space is no
 * word character); only the rest needs the regex, which decides. CASE, not AND/OR: a CASE's branches
 * run only on the rows that reach them, in order, while DuckDB may reorder AND/OR operands (the
 * regex costs ~0.7 µs a row, the substring test ~0.15 µs; `npm run bench -- scale-cost`).
 */
function wholeWordSql(text: string, keywords: readonly string[], d: Dialect): string {
  const any = (sqls: string[]) => (sqls.length === 1 ? sqls[0] : `(${sqls.join(' OR ')})`);
  const present = any(keywords.map((k) => d.contains(text, k)));
  const spaced = any(keywords.map((k) => d.contains(text, ` ${k} `)));
  return `(CASE WHEN NOT ${present} THEN FALSE WHEN ${spaced} THEN TRUE ELSE ${d.regexFind(text, keywords.map((k) => wholeWord(k, d.regex)).join('|'))} END)`;
}

function keywordSql(condition: KeywordCondition, derived: Derived): string {
  const d = derived.target.dialect;
  if (derived.target.keywordScan) return derived.scanned(condition.field ?? TEXT_FIELD, { kind: 'keyword', condition: { ...condition, field: undefined } });
  const text = derived.folded(condition.field ?? TEXT_FIELD, condition.caseSensitive);
  const keywords = condition.keywords.map((k) => foldText(k, condition.caseSensitive));
  if (condition.wholeWord && condition.match === 'any') return wholeWordSql(text, keywords, d);
  const join = condition.match === 'any' ? ' OR ' : ' AND ';
  return `(${keywords.map((k) => (condition.wholeWord ? wholeWordSql(text, [k], d) : d.contains(text, k))).join(join)})`;
}

/**
 * A regex LF behind a substring test where every match needs one of a few words (`requiredWords`):
 * most rows lack them, and the test costs a fraction of the regex. Case-insensitive, the test reads
 * the lower-cased text and only on ASCII rows, where a match of an ASCII word is exactly that word
 * in any case; other rows go straight to the regex. DuckDB only (the ASCII test is its strlen).
 * With the keyword scan, a regex that is only an alternation of words (`matchedWords`) is answered by
 * the scan on every row it scans unit by unit (ASCII rows only where case folds by Unicode rules) and
 * runs only on the others that may match.
 */
function regexSql(source: string, flags: string, find: string, field: string, derived: Derived): string {
  const d = derived.target.dialect;
  const words = requiredWords(source);
  if (!words || d.name !== 'duckdb') return find;
  const exact = matchedWords(source);
  // Without the sticky flag (a match only at lastIndex), the regex is the keyword test on ASCII rows.
  if (exact && derived.target.keywordScan && /^[imsuv]*$/.test(flags)) {
    // Unicode case folding (i with u or v) is the one rule the scan leaves to the regex beyond ASCII (see ScanTest).
    const beyondAscii = !(flags.includes('i') && /[uv]/.test(flags));
    const decided = derived.scanned(field, { kind: 'regex-words', ...exact, caseSensitive: !flags.includes('i'), beyondAscii });
    const final = derived.scanned(field, { kind: beyondAscii ? 'fast' : 'ascii' });
    return `(CASE WHEN NOT ${decided} THEN FALSE WHEN ${final} THEN TRUE ELSE ${find} END)`;
  }
  const raw = derived.raw(field);
  const anyOf = (text: string, ws: string[]) => `(${ws.map((w) => d.contains(text, w)).join(' OR ')})`;
  if (!flags.includes('i')) return `(CASE WHEN NOT ${anyOf(raw, words)} THEN FALSE ELSE ${find} END)`;
  if (derived.target.keywordScan) return `(CASE WHEN NOT ${derived.scanned(field, { kind: 'ascii-words', words })} THEN FALSE ELSE ${find} END)`;
  const lowered = derived.folded(field, false);
  return `(CASE WHEN strlen(${raw}) = length(${raw}) AND NOT ${anyOf(lowered, words.map((w) => w.toLowerCase()))} THEN FALSE ELSE ${find} END)`;
}

/** A condition as a boolean SQL expression that is never NULL. Throws SiftError for what SQL cannot do. */
function conditionSql(condition: Condition, derived: Derived, lf: LfDef): string {
  const d = derived.target.dialect;
  switch (condition.kind) {
    case 'keyword':
      return keywordSql(condition, derived);
    case 'regex': {
      const flags = (condition.flags ?? '').replace(/[gd]/g, '');
      const pattern = translateRegex(condition.pattern, flags, d.regex);
      return regexSql(condition.pattern, flags, d.regexFind(derived.raw(condition.field ?? TEXT_FIELD), pattern), condition.field ?? TEXT_FIELD, derived);
    }
    case 'number':
      return `coalesce(${comparison(derived.number(condition.field), condition.op, condition.value, condition.max)}, FALSE)`;
    case 'length':
      return comparison(derived.length(condition.field ?? TEXT_FIELD, condition.unit ?? 'chars'), condition.op, condition.value, condition.max);
    case 'metadata': {
      const caseSensitive = condition.caseSensitive ?? true;
      const values = [...new Set(condition.values.map((v) => foldText(v, caseSensitive)))];
      return `(${derived.folded(condition.field, caseSensitive)} IN (${values.map((v) => d.string(v)).join(', ')}))`;
    }
    case 'similarity':
      throw new SiftError('sql-lf-unsupported', `LF "${lf.name || lf.id}": a similarity rule needs item embeddings and example items; SQL has neither.`, { lfId: lf.id });
    case 'and':
      return `(${condition.conditions.map((c) => conditionSql(c, derived, lf)).join(' AND ')})`;
    case 'or':
      return `(${condition.conditions.map((c) => conditionSql(c, derived, lf)).join(' OR ')})`;
    case 'not':
      return `(NOT ${conditionSql(condition.condition, derived, lf)})`;
  }
}

export interface CompiledVotes {
  /** SQL of the derived columns, each `expr AS alias`, by level: level i+1 reads the columns of level i. */
  derived: string[][];
  /** One vote expression per LF (reading the derived columns), named v0 … v(m−1). */
  votes: { name: string; lfId: string; lfName: string; sql: string }[];
  /** Keyword-scan functions the query calls (only with `keywordScan`): register them before running it. */
  scans: ScanFunction[];
}

/**
 * Compiles declarative LFs to one vote column each: the LF's class where its condition holds, −1 elsewhere.
 * An LF the dialect cannot run exactly is refused, naming the LF and the reason.
 */
export function compileVotes(lfs: readonly LfDef[], target: SqlTarget): CompiledVotes {
  if (target.keywordScan && target.dialect.name !== 'duckdb') throw new SiftError('sql-keyword-scan', `Keyword-scan functions run on DuckDB only; ${target.dialect.name} gets plain SQL.`);
  const derived = new Derived(target);
  const votes = lfs.map((lf, j) => {
    let condition: string;
    try {
      condition = conditionSql(lf.condition, derived, lf);
    } catch (error) {
      if (error instanceof SiftError && !error.message.startsWith('LF "')) {
        throw new SiftError(error.code, `LF "${lf.name || lf.id}": ${error.message}`, { ...error.details, lfId: lf.id });
      }
      throw error;
    }
    return { name: `v${j}`, lfId: lf.id, lfName: lf.name, sql: `CASE WHEN ${condition} THEN ${lf.vote} ELSE -1 END` };
  });
  const levels: string[][] = [];
  for (const c of derived.columns.values()) (levels[c.level - 1] ??= []).push(`${c.sql} AS ${target.dialect.ident(c.alias)}`);
  return { derived: levels.filter((level) => level && level.length > 0), votes, scans: derived.scans };
}

/** Input columns the LFs read, and how: 'number' where only number rules read it, else 'string'. */
export function columnsRead(lfs: readonly LfDef[]): Map<string, 'string' | 'number'> {
  const read = new Map<string, 'string' | 'number'>();
  const note = (field: string, how: 'string' | 'number') => {
    if (read.get(field) !== 'string') read.set(field, how);
  };
  const walk = (c: Condition) => {
    switch (c.kind) {
      case 'number':
        note(c.field, 'number');
        return;
      case 'keyword':
      case 'regex':
      case 'length':
        note(c.field ?? TEXT_FIELD, 'string');
        return;
      case 'metadata':
        note(c.field, 'string');
        return;
      case 'and':
      case 'or':
        c.conditions.forEach(walk);
        return;
      case 'not':
        walk(c.condition);
        return;
      case 'similarity':
        return;
    }
  };
  lfs.forEach((lf) => walk(lf.condition));
  return read;
}
