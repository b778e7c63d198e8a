import { useState } from 'preact/hooks';
import type { FidelityReport } from '../../../core/fidelity/report';
import type { CategoricalTail, NumericTail } from '../../../core/fidelity/tails';
import { Bar } from '../weak/Bars';
import { PairHeatmap } from './PairHeatmap';

const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const short = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toPrecision(3) : String(Number(v.toFixed(3))));
const WORST_PAIRS = 15;

/**
 * A fidelity report of set B against set A: the summary scores, what was left out and why, then per
 * column (shape, coverage, tails), per pair (trend, as a table and a heatmap) and the detection folds.
 */
export function FidelityReportView({ report, a, b }: { report: FidelityReport; a: string; b: string }) {
  const [allPairs, setAllPairs] = useState(false);
  const pairs = [...report.pairs].sort((x, y) => x.score - y.score);
  const shownPairs = allPairs ? pairs : pairs.slice(0, WORST_PAIRS);
  const problems = [...report.skipped.map((s) => ({ key: `s-${s.column}`, text: s.message })), ...report.undefined_pairs.map((p) => ({ key: `u-${p.columns.join('|')}`, text: `Pair "${p.columns[0]}" × "${p.columns[1]}": ${p.reason}; left out of the pair-trend score.` }))];
  const d = report.detection;
  return (
    <div class="fidelity-report" data-testid="fidelity-report">
      <table class="metrics" data-testid="fidelity-summary">
        <tbody>
          <tr><th scope="row">Quality (mean of shapes and pair trends)</th><td data-testid="fidelity-quality">{num(report.quality)}</td><td><Bar value={report.quality} /></td></tr>
          <tr><th scope="row">Column shapes</th><td>{num(report.column_shapes)}</td><td><Bar value={report.column_shapes} /></td></tr>
          <tr><th scope="row">Column pair trends</th><td>{num(report.column_pair_trends)}</td><td><Bar value={report.column_pair_trends} /></td></tr>
          <tr><th scope="row">Coverage</th><td>{num(report.coverage.score)}</td><td><Bar value={report.coverage.score} /></td></tr>
          <tr>
            <th scope="row">Detection ROC AUC (logistic regression, {d?.fold_aucs.length ?? 5}-fold; 0.5 = indistinguishable)</th>
            <td data-testid="fidelity-auc">{num(d?.auc ?? null)}</td>
            <td><Bar value={d ? (d.auc - 0.5) * 2 : null} color="#c0392b" label={d ? `AUC ${d.auc.toFixed(3)}` : 'n/a'} /></td>
          </tr>
        </tbody>
      </table>
      {d && (
        <p class="hint" data-testid="fidelity-folds">
          Folds: {d.fold_aucs.map((x) => x.toFixed(3)).join(', ')} · {d.features} features · rows used: {d.rows_used.real.toLocaleString('en-US')} of {a}, {d.rows_used.synthetic.toLocaleString('en-US')} of {b}.
        </p>
      )}
      {problems.length > 0 && (
        <div class="offer" data-testid="fidelity-problems">
          <p>Left out of the scores:</p>
          <ul>{problems.map((p) => <li key={p.key}>{p.text}</li>)}</ul>
        </div>
      )}
      <h4>Columns</h4>
      <table class="metrics" data-testid="fidelity-columns">
        <thead><tr><th>Column</th><th>Shape</th><th /><th>Coverage</th><th>Tails: {a} → {b}</th></tr></thead>
        <tbody>
          {Object.entries(report.columns).map(([name, shape]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td title={shape.metric}>{num(shape.score)}</td>
              <td><Bar value={shape.score} /></td>
              <td title={report.coverage.columns[name]?.metric}>{num(report.coverage.columns[name]?.score ?? null)}</td>
              <td class="wrap">{describeTail(report.tails[name])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.pairs.length > 0 && (
        <>
          <h4>Column pairs ({report.pairs.length.toLocaleString('en-US')}; {allPairs ? 'all' : `worst ${Math.min(WORST_PAIRS, pairs.length)}`})</h4>
          <PairHeatmap columns={Object.keys(report.columns)} pairs={report.pairs} />
          <table class="metrics" data-testid="fidelity-pairs">
            <thead><tr><th>Columns</th><th>Metric</th><th>Score</th><th /><th>r ({a})</th><th>r ({b})</th></tr></thead>
            <tbody>
              {shownPairs.map((p) => (
                <tr key={p.columns.join('|')}>
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
          {pairs.length > WORST_PAIRS && (
            <button type="button" onClick={() => setAllPairs(!allPairs)} data-testid="fidelity-all-pairs">{allPairs ? 'Show the worst only' : `Show all ${pairs.length.toLocaleString('en-US')} pairs`}</button>
          )}
        </>
      )}
    </div>
  );
}

function describeTail(tail: NumericTail | CategoricalTail | undefined): string {
  if (!tail) return '';
  if ('quantiles' in tail) return tail.quantiles.map((q, i) => `q${Math.round(q * 100)} ${short(tail.real[i])}→${short(tail.synthetic[i])}`).join(' · ');
  if (tail.rare_in_real === 0) return 'no rare categories (< 1 %)';
  return `${tail.rare_in_both} of ${tail.rare_in_real} rare categories present in both${tail.missing_in_synthetic.length ? `; missing: ${tail.missing_in_synthetic.join(', ')}` : ''}`;
}
