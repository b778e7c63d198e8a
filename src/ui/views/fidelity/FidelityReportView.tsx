import type { FidelityReport } from '../../../core/fidelity/report';
import { Bar } from '../weak/Bars';
import { FidelityColumns } from './FidelityColumns';
import { FidelityPairs } from './FidelityPairs';

const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const count = (x: number) => x.toLocaleString('en-US');
/** Problems listed one by one; a wide table's thousands of undefined pairs are counted past this. */
const PROBLEMS_SHOWN = 20;

/**
 * A fidelity report of set B against set A: the summary scores, what was left out and why, then per
 * column (shape, coverage, tails), per pair (trend, as a table and a heatmap) and the detection folds.
 * A wide table's pair trends are an estimate from a sample of pairs; the report says so beside the score.
 */
export function FidelityReportView({ report, a, b }: { report: FidelityReport; a: string; b: string }) {
  // Reports stored before pair sampling existed have no pairs_sampled: every pair was scored.
  const sampled = report.pairs_sampled ?? null;
  const problems = [...report.skipped.map((s) => ({ key: `s-${s.column}`, text: s.message })), ...report.undefined_pairs.map((p) => ({ key: `u-${p.columns.join('|')}`, text: `Pair "${p.columns[0]}" × "${p.columns[1]}": ${p.reason}; left out of the pair-trend score.` }))];
  const d = report.detection;
  return (
    <div class="fidelity-report" data-testid="fidelity-report">
      <table class="metrics" data-testid="fidelity-summary">
        <tbody>
          <tr><th scope="row">Quality (mean of shapes and pair trends)</th><td data-testid="fidelity-quality">{num(report.quality)}</td><td><Bar value={report.quality} /></td></tr>
          <tr><th scope="row">Column shapes</th><td>{num(report.column_shapes)}</td><td><Bar value={report.column_shapes} /></td></tr>
          <tr>
            <th scope="row">Column pair trends{sampled ? ' (estimate from a sample of pairs)' : ''}</th>
            <td data-testid="fidelity-pair-trends">{num(report.column_pair_trends)}{sampled && ` ± ${num(1.959963984540054 * sampled.standard_error)}`}</td>
            <td><Bar value={report.column_pair_trends} /></td>
          </tr>
          <tr><th scope="row">Coverage</th><td>{num(report.coverage.score)}</td><td><Bar value={report.coverage.score} /></td></tr>
          <tr>
            <th scope="row">Detection ROC AUC (logistic regression, {d?.fold_aucs.length ?? 5}-fold; 0.5 = indistinguishable)</th>
            <td data-testid="fidelity-auc">{num(d?.auc ?? null)}</td>
            <td><Bar value={d ? (d.auc - 0.5) * 2 : null} color="#c0392b" label={d ? `AUC ${d.auc.toFixed(3)}` : 'n/a'} /></td>
          </tr>
        </tbody>
      </table>
      {sampled && (
        <p class="offer" data-testid="fidelity-pairs-sampled">
          {`The table has ${count(sampled.total)} column pairs, too many to score each: column pair trends is estimated from a seeded uniform sample of ${count(sampled.sampled)} pairs (${count(sampled.defined)} with a defined score), ${num(report.column_pair_trends)} with a 95 % interval of ${num(sampled.ci95[0])}–${num(sampled.ci95[1])}. The pairs below are the worst of those drawn. Shapes, tails and coverage are exact over every column.`}
        </p>
      )}
      {d && (
        <p class="hint" data-testid="fidelity-folds">
          Folds: {d.fold_aucs.map((x) => x.toFixed(3)).join(', ')} · {d.features} features
          {d.hashed_from !== undefined && ` (the ${count(d.hashed_from)} standardised and one-hot features of every column hashed into ${d.features} signed buckets, so the regression stays small)`} · rows used: {count(d.rows_used.real)} of {a}, {count(d.rows_used.synthetic)} of {b}.
        </p>
      )}
      {problems.length > 0 && (
        <div class="offer" data-testid="fidelity-problems">
          <p>Left out of the scores:</p>
          <ul>{problems.slice(0, PROBLEMS_SHOWN).map((p) => <li key={p.key}>{p.text}</li>)}</ul>
          {problems.length > PROBLEMS_SHOWN && <p class="hint">{`…and ${count(problems.length - PROBLEMS_SHOWN)} more${sampled ? ' (undefined pairs are those of the sample)' : ''}.`}</p>}
        </div>
      )}
      <h4>Columns</h4>
      <FidelityColumns report={report} a={a} b={b} />
      {report.pairs.length > 0 && <FidelityPairs report={report} a={a} b={b} />}
    </div>
  );
}
