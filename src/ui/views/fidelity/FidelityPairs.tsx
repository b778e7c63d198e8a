import { useState } from 'preact/hooks';
import type { FidelityReport } from '../../../core/fidelity/report';
import { Bar } from '../weak/Bars';
import { PairHeatmap } from './PairHeatmap';
import { worstFirst } from './worst-first';

const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const count = (x: number) => x.toLocaleString('en-US');
const WORST_PAIRS = 15;
/** One square per pair stays legible (and a few thousand SVG nodes) up to this many columns. */
const HEATMAP_COLUMNS = 60;
const STEP = 100;

/**
 * The pair trends, worst first: 15, then 100 more per click, and a search by column name. A heatmap
 * when every pair of a narrow table was scored; on a sampled report the rows are the pairs drawn.
 */
export function FidelityPairs({ report, a, b }: { report: FidelityReport; a: string; b: string }) {
  const [limit, setLimit] = useState(WORST_PAIRS);
  const [query, setQuery] = useState('');
  const sampled = report.pairs_sampled ?? null;
  const columns = Object.keys(report.columns);
  const { shown, matching } = worstFirst(report.pairs, (p) => p.score, (p) => `${p.columns[0]} × ${p.columns[1]}`, query, limit);
  return (
    <>
      <h4>
        Column pairs ({sampled ? `${count(report.pairs.length)} scored of the ${count(sampled.sampled)} drawn from ${count(sampled.total)}` : count(report.pairs.length)}; worst {count(shown.length)}
        {query.trim() ? ` of ${count(matching)} matching` : ''} shown)
      </h4>
      {!sampled && columns.length <= HEATMAP_COLUMNS && <PairHeatmap columns={columns} pairs={report.pairs} />}
      {report.pairs.length > WORST_PAIRS && (
        <p>
          <label>
            Find a pair by column <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="fidelity-pairs-search" />
          </label>
        </p>
      )}
      <table class="metrics" data-testid="fidelity-pairs">
        <thead><tr><th>Columns</th><th>Metric</th><th>Score</th><th /><th>r ({a})</th><th>r ({b})</th></tr></thead>
        <tbody>
          {shown.map((p) => (
            <tr key={p.columns.join('|')} data-testid="fidelity-pair">
              <th scope="row">{p.columns[0]} × {p.columns[1]}</th>
              <td>{p.metric === 'CorrelationSimilarity' ? 'correlation' : 'contingency'}</td>
              <td>{num(p.score)}</td>
              <td><Bar value={p.score} /></td>
              <td>{num(p.real_correlation ?? null, 2)}</td>
              <td>{num(p.synthetic_correlation ?? null, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {matching > shown.length && (
        <button type="button" onClick={() => setLimit(limit + STEP)} data-testid="fidelity-more-pairs">{`Show ${count(Math.min(STEP, matching - shown.length))} more of ${count(matching - shown.length)}`}</button>
      )}
      {limit > WORST_PAIRS && (
        <button type="button" onClick={() => setLimit(WORST_PAIRS)} data-testid="fidelity-worst-pairs">Show the worst only</button>
      )}
    </>
  );
}
