import { useState } from 'preact/hooks';
import type { FidelityReport } from '../../../core/fidelity/report';
import type { CategoricalTail, NumericTail } from '../../../core/fidelity/tails';
import { Bar } from '../weak/Bars';
import { ROWS_SHOWN, worstFirst } from './worst-first';

const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const short = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toPrecision(3) : String(Number(v.toFixed(3))));
const count = (x: number) => x.toLocaleString('en-US');

/**
 * Per column: shape, coverage, tails. Up to 50 columns in table order; a wider report draws its 50
 * worst shapes first and a search finds any other column, so 20,000 columns never become 20,000 rows.
 */
export function FidelityColumns({ report, a, b }: { report: FidelityReport; a: string; b: string }) {
  const [query, setQuery] = useState('');
  const all = Object.entries(report.columns);
  const wide = all.length > ROWS_SHOWN;
  const { shown, matching } = wide ? worstFirst(all, ([, s]) => s.score, ([name]) => name, query, ROWS_SHOWN) : { shown: all, matching: all.length };
  return (
    <>
      {wide && (
        <p>
          <label>
            Find a column <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="fidelity-columns-search" />
          </label>{' '}
          <span class="hint" data-testid="fidelity-columns-count">{`${count(shown.length)} of ${count(matching)} ${query.trim() ? 'matching ' : ''}columns shown, weakest shape first`}</span>
        </p>
      )}
      <table class="metrics" data-testid="fidelity-columns">
        <thead><tr><th>Column</th><th>Shape</th><th /><th>Coverage</th><th>Tails: {a} → {b}</th></tr></thead>
        <tbody>
          {shown.map(([name, shape]) => (
            <tr key={name} data-testid="fidelity-column" data-column={name}>
              <th scope="row">{name}</th>
              <td title={shape.metric}>{num(shape.score)}</td>
              <td><Bar value={shape.score} /></td>
              <td title={report.coverage.columns[name]?.metric}>{num(report.coverage.columns[name]?.score ?? null)}</td>
              <td class="wrap">{describeTail(report.tails[name])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function describeTail(tail: NumericTail | CategoricalTail | undefined): string {
  if (!tail) return '';
  if ('quantiles' in tail) return tail.quantiles.map((q, i) => `q${Math.round(q * 100)} ${short(tail.real[i])}→${short(tail.synthetic[i])}`).join(' · ');
  if (tail.rare_in_real === 0) return 'no rare categories (< 1 %)';
  return `${tail.rare_in_both} of ${tail.rare_in_real} rare categories present in both${tail.missing_in_synthetic.length ? `; missing: ${tail.missing_in_synthetic.join(', ')}` : ''}`;
}
