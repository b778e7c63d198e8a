import type { CompiledVotes } from './compile';
import type { Dialect } from './dialect';

/**
 * The three statements of a run, over any relation: votes per row, vote-pattern counts (the sufficient
 * statistics the label model fits on), and labels joined back by pattern.
 */
export function votesQuery(compiled: CompiledVotes, dialect: Dialect, from: string, keep: readonly string[]): string {
  let relation = from;
  const ctes = compiled.derived.map((level, l) => {
    const cte = `${l === 0 ? 'WITH ' : ''}__sift_prep${l} AS (\n  SELECT *,\n    ${level.join(',\n    ')}\n  FROM ${relation}\n)`;
    relation = `__sift_prep${l}`;
    return cte;
  });
  const columns = [...keep.map((c) => dialect.ident(c)), ...compiled.votes.map((v) => `CAST(${v.sql} AS TINYINT) AS ${dialect.ident(v.name)} -- ${v.lfName.replace(/[\r\n]/g, ' ')} (${v.lfId})`)];
  const body = columns.map((c, i) => (i < columns.length - 1 ? c.replace(/^(.*?)( -- .*)?$/s, '$1,$2') : c)).join('\n  ');
  return `${ctes.length > 0 ? ctes.join(',\n') + '\n' : ''}SELECT\n  ${body}\nFROM ${relation}`;
}

export function countsQuery(m: number, dialect: Dialect, votes: string): string {
  const columns = Array.from({ length: m }, (_, j) => dialect.ident(`v${j}`)).join(', ');
  return `SELECT ${columns}, count(*) AS n\nFROM ${votes}\nGROUP BY ${columns}`;
}

/** `tieBreak(key, mask)`: an SQL call that picks the label of a tied row (DuckDB: a Node function); without it ties stay −1. */
export function labelsQuery(m: number, k: number, dialect: Dialect, votes: string, patterns: string, keep: readonly string[], tieBreak?: (mask: string) => string): string {
  const id = dialect.ident;
  const on = Array.from({ length: m }, (_, j) => `t.${id(`v${j}`)} = p.${id(`v${j}`)}`).join(' AND ');
  const columns = [
    ...keep.map((c) => `t.${id(c)}`),
    ...Array.from({ length: m }, (_, j) => `t.${id(`v${j}`)}`),
    ...Array.from({ length: k }, (_, c) => `p.${id(`p${c}`)}`),
    tieBreak ? `CASE WHEN p.${id('tied_mask')} > 0 THEN ${tieBreak(`p.${id('tied_mask')}`)} ELSE p.${id('label')} END AS ${id('label')}` : `p.${id('label')}`,
    `p.${id('confidence')}`,
    `p.${id('covered')}`,
  ];
  return `SELECT ${columns.join(', ')}\nFROM ${votes} t JOIN ${patterns} p ON ${on}`;
}

/**
 * Whether a row's votes fit one BIGINT pattern key, Σ_j (v_j + 1)·(k+1)^j (63 bits, positive): then
 * rows carry the key alone between the passes, counts group by one column and labels join on one.
 */
export function fitsPatternKey(m: number, k: number): boolean {
  return m * Math.log2(k + 1) <= 62;
}

export function patternKeySql(m: number, k: number, dialect: Dialect, row: string): string {
  let scale = 1n;
  const terms: string[] = [];
  for (let j = 0; j < m; j++) {
    terms.push(`CAST(${row}${dialect.ident(`v${j}`)} + 1 AS BIGINT) * ${scale}`);
    scale *= BigInt(k + 1);
  }
  return terms.join(' + ');
}

/** Votes as one pattern key per row (see fitsPatternKey), next to the kept columns. */
export function keyedVotesQuery(compiled: CompiledVotes, dialect: Dialect, from: string, keep: readonly string[], k: number): string {
  const columns = [...keep.map((c) => dialect.ident(c)), `${patternKeySql(compiled.votes.length, k, dialect, '')} AS ${dialect.ident(KEY)}`];
  return `SELECT ${columns.join(', ')}\nFROM (\n${votesQuery(compiled, dialect, from, keep)}\n)`;
}

export const KEY = '__sift_key';

export function keyedCountsQuery(dialect: Dialect, votes: string): string {
  return `SELECT ${dialect.ident(KEY)}, count(*) AS n\nFROM ${votes}\nGROUP BY ${dialect.ident(KEY)}`;
}

/** The votes of a pattern key, vote j at j (−1 = abstain). */
export function decodePatternKey(key: bigint, m: number, k: number, into: Int8Array, at: number): void {
  const base = BigInt(k + 1);
  let rest = key;
  for (let j = 0; j < m; j++) {
    into[at + j] = Number(rest % base) - 1;
    rest /= base;
  }
}

/**
 * Labels joined back on the key; the votes come from the pattern table (`patterns` has the key,
 * v0…, p0…, label, confidence, covered, tied_mask), so rows never carried them. Same columns as
 * labelsQuery.
 */
export function keyedLabelsQuery(m: number, k: number, dialect: Dialect, votes: string, patterns: string, keep: readonly string[], tieBreak?: (mask: string) => string): string {
  const id = dialect.ident;
  const columns = [
    ...keep.map((c) => `t.${id(c)}`),
    ...Array.from({ length: m }, (_, j) => `p.${id(`v${j}`)}`),
    ...Array.from({ length: k }, (_, c) => `p.${id(`p${c}`)}`),
    tieBreak ? `CASE WHEN p.${id('tied_mask')} > 0 THEN ${tieBreak(`p.${id('tied_mask')}`)} ELSE p.${id('label')} END AS ${id('label')}` : `p.${id('label')}`,
    `p.${id('confidence')}`,
    `p.${id('covered')}`,
  ];
  return `SELECT ${columns.join(', ')}\nFROM ${votes} t JOIN ${patterns} p ON t.${id(KEY)} = p.${id(KEY)}`;
}
