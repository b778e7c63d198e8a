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
