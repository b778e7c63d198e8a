import type { VectorFidelity } from '../../../core/fidelity/vectors';

const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));

/**
 * The fidelity of a text or image batch, or of two image sets, on vectors: shapes per dimension,
 * detection, k-NN manifolds. `a` names the reference side ("real"), `b` the compared one.
 */
export function VectorReportView({ report, a = 'real', b = 'synthetic' }: { report: VectorFidelity; a?: string; b?: string }) {
  const d = report.detection;
  const m = report.manifold;
  return (
    <div class="fidelity-report" data-testid="vector-report">
      <p class="hint">
        On {report.vectors}: {report.rows.real.toLocaleString('en-US')} {a} and {report.rows.synthetic.toLocaleString('en-US')} {b} vectors.
      </p>
      <table class="metrics" data-testid="vector-summary">
        <tbody>
          <tr><th scope="row">Column shapes (mean KSComplement over {report.dim} dimensions)</th><td data-testid="vector-shapes">{num(report.column_shapes)}</td></tr>
          <tr><th scope="row">Detection ROC AUC (logistic regression, {d?.fold_aucs.length ?? 5}-fold; 0.5 = indistinguishable)</th><td data-testid="vector-auc">{num(d?.auc)}</td></tr>
          <tr><th scope="row">k-NN precision ({b} inside the {a} manifold, k = {m?.k ?? 3})</th><td data-testid="vector-precision">{num(m?.precision)}</td></tr>
          <tr><th scope="row">k-NN recall ({a} inside the {b} manifold)</th><td data-testid="vector-recall">{num(m?.recall)}</td></tr>
        </tbody>
      </table>
      {report.weakest.length > 0 && <p class="hint">Weakest dimensions: {report.weakest.map((w) => `${w.dimension} (${w.score.toFixed(3)})`).join(', ')}.</p>}
      {report.notes.length > 0 && <ul class="notices">{report.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
    </div>
  );
}
