import type { ChartedReport } from '../../../core/drift/item-drift';
import { useState } from 'preact/hooks';
import { MiniChart } from './MiniChart';

/** Columns drawn at once: a 20,000-column report lists the drifted ones first, and a search finds any other. */
export const DRIFT_ROWS_SHOWN = 100;

const TESTS: Record<string, string> = {
  ks: 'Kolmogorov–Smirnov',
  z: 'two-proportion z-test',
  chisquare: 'chi-square',
  wasserstein: 'Wasserstein / std',
  jensenshannon: 'Jensen–Shannon distance',
};

const number = (v: number | null | undefined) => (v === null || v === undefined ? '–' : Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toFixed(4)) : '∞');

/** One drift report as a table: per column the test, its statistic, p-value, threshold, verdict and chart; then what was left out and why. */
export function DriftTable({ report, caption, testId }: { report: ChartedReport; caption: string; testId: string }) {
  const [query, setQuery] = useState('');
  const all = Object.entries(report.columns);
  const wide = all.length > DRIFT_ROWS_SHOWN;
  const needle = query.trim().toLowerCase();
  const matching = wide ? [...all.filter(([, c]) => c.drift), ...all.filter(([, c]) => !c.drift)].filter(([name]) => !needle || name.toLowerCase().includes(needle)) : all;
  const rows = matching.slice(0, DRIFT_ROWS_SHOWN);
  return (
    <div>
      {wide && (
        <p>
          <label>
            Find a column <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid={`${testId}-search`} />
          </label>{' '}
          <span class="hint">{`${rows.length.toLocaleString('en-US')} of ${matching.length.toLocaleString('en-US')} ${needle ? 'matching ' : ''}columns shown, drifted ones first`}</span>
        </p>
      )}
      {rows.length > 0 && (
        <table class="metrics drift-table" data-testid={testId}>
          <caption>{caption}</caption>
          <thead>
            <tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Test</th><th scope="col">Statistic</th><th scope="col">p-value</th><th scope="col">Drift when</th><th scope="col">Drift</th><th scope="col">Reference n</th><th scope="col">Current n</th><th scope="col">Reference (blue) vs current (orange)</th></tr>
          </thead>
          <tbody>
            {rows.map(([name, c]) => (
              <tr key={name} data-testid="drift-row" data-column={name} class={c.drift ? 'drifted' : ''}>
                <th scope="row">{name}</th>
                <td>{c.type}</td>
                <td>{TESTS[c.test] ?? c.test}</td>
                <td>{number(c.statistic)}</td>
                <td>{c.p_value === undefined ? '–' : number(c.p_value)}</td>
                <td>{c.p_value === undefined ? `≥ ${c.threshold}` : `p < ${c.threshold}`}</td>
                <td data-testid="drift-verdict">{c.drift ? 'yes' : 'no'}</td>
                <td>{c.reference_count.toLocaleString('en-US')}</td>
                <td>{c.current_count.toLocaleString('en-US')}</td>
                <td>
                  {report.charts[name] && <MiniChart chart={report.charts[name]} column={name} />}
                  {c.note && <div class="hint">{c.note}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.skipped.length > 0 && (
        <ul class="notices" data-testid={`${testId}-skipped`}>
          {report.skipped.map((s) => <li key={s.column}>{s.message}</li>)}
        </ul>
      )}
    </div>
  );
}
