import { useEffect, useState } from 'preact/hooks';
import type { CanaryRow } from '../../../core/evaluation/canary-report';
import type { Interval } from '../../../core/slices/intervals';
import { splitCounts } from '../../../core/split';
import { progressText } from '../../../core/split-pool';
import type { DatasetSession } from '../../state/session';
import { canary, computeCanary, showDataset } from '../../state/students';
import { useLive } from '../../hooks/live';
import type { HeldOutCopiesOf } from '../../../data/held-out-copies';
import { storedHeldOutCopies } from '../../state/dedupe';
import { ConfusionHeatmap, MetricBars } from './charts';

const pct = (v: number | null) => (v !== null && Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–');
const num = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');
const pctBounds = (ci: Interval | null) => (ci && Number.isFinite(ci.low) ? `${(ci.low * 100).toFixed(1)}–${(ci.high * 100).toFixed(1)}` : null);
const numBounds = (ci: Interval | null) => (ci && Number.isFinite(ci.low) ? `${num(ci.low)}–${num(ci.high)}` : null);

/** A value and, beside it, its 95 % interval (apart, so the value stays readable on its own). */
function Cell({ value, bounds, testId }: { value: string; bounds: string | null; testId?: string }) {
  return (
    <td>
      <span data-testid={testId}>{value}</span>
      {bounds && value !== '–' && <small class="ci" data-testid={testId ? `${testId}-ci` : undefined}> ({bounds})</small>}
    </td>
  );
}

function RowCells({ row: r }: { row: CanaryRow }) {
  const ci = r.intervals;
  return (
    <>
      <td>{r.kind}</td>
      <Cell value={pct(r.accuracy)} bounds={pctBounds(ci.accuracy)} testId="canary-accuracy" />
      <Cell value={pct(r.votedAccuracy)} bounds={pctBounds(ci.votedAccuracy)} />
      <Cell value={num(r.macroF1)} bounds={numBounds(ci.macroF1)} testId="canary-macro-f1" />
      <Cell value={r.ece === null ? '–' : pct(r.ece)} bounds={pctBounds(ci.ece)} testId="canary-ece" />
      <Cell value={pct(r.coverage)} bounds={pctBounds(ci.coverage)} />
      <Cell value={num(r.costError)} bounds={numBounds(ci.costError)} testId="canary-cost" />
      {r.f1.map((f, c) => <Cell key={c} value={num(f)} bounds={numBounds(ci.f1[c])} />)}
    </>
  );
}

/**
 * Every source, label model and student on the canary set, side by side. Read-only: nothing in Sift
 * chooses anything from these numbers. FP/FN costs per class turn errors into a cost per item.
 */
export function CanaryTab({ session }: { session: DatasetSession }) {
  const classes = session.dataset.value.classes.map((c) => c.name);
  const [fp, setFp] = useState(() => classes.map(() => 1));
  const [fn, setFn] = useState(() => classes.map(() => 1));
  const [selected, setSelected] = useState(0);
  const counts = splitCounts(session.splits);
  const compute = () => computeCanary(session, { fp, fn });
  useEffect(() => {
    showDataset(session.id);
    if (counts.canary > 0) compute();
  }, [session.id]);
  const report = canary.value;
  const copies = useLive(() => storedHeldOutCopies(session), [session.id, session.splitsVersion.value], null as HeldOutCopiesOf | null);
  const setCost = (side: 'fp' | 'fn', c: number, value: number) => (side === 'fp' ? setFp : setFn)((old) => old.map((v, i) => (i === c ? value : v)));

  if (counts.canary === 0) return <p class="hint" data-testid="no-canary">This dataset has no canary set yet: draw one with Splits… first.</p>;
  const row = report?.rows[Math.min(selected, (report?.rows.length ?? 1) - 1)];
  return (
    <section class="students" aria-label="Canary report">
      <h2>Canary report</h2>
      {report && (
        <p class={report.labelled < report.canaryItems ? 'warning' : 'hint'} data-testid="canary-progress">
          {progressText('canary', { labelled: report.labelled, total: report.canaryItems })}
          {report.labelled < report.canaryItems
            ? `: these metrics are partial, measured on the ${report.labelled.toLocaleString('en-US')} labelled items only. Filter by split (canary) and label the rest.`
            : '.'}
        </p>
      )}
      {copies && copies.canary > 0 && (
        <p class="hint" data-testid="canary-copies">
          {copies.canary.toLocaleString('en-US')} pool item{copies.canary === 1 ? ' near-duplicates' : 's near-duplicate'} canary items (dedupe run {copies.runId}); they are left out of selections used for training (Curate tab), unless a selection was saved keeping them.
        </p>
      )}
      <p class="hint">
        Canary items are never used to fit, tune or choose anything; this is the only place their labels are read. Abstentions count as
        errors in accuracy; coverage is the share of canary items an output labels. Brackets hold 95 % intervals: Wilson for
        proportions, a 1,000-resample bootstrap for F1, ECE and cost.
      </p>
      <details>
        <summary>Costs per class</summary>
        <table class="metrics">
          <thead><tr><th>Class</th><th>False positive cost</th><th>False negative cost</th></tr></thead>
          <tbody>
            {classes.map((name, c) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td><input type="number" min={0} step="0.5" value={fp[c]} onInput={(e) => setCost('fp', c, Number(e.currentTarget.value))} data-testid={`fp-cost-${c}`} /></td>
                <td><input type="number" min={0} step="0.5" value={fn[c]} onInput={(e) => setCost('fn', c, Number(e.currentTarget.value))} data-testid={`fn-cost-${c}`} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <div class="actions"><button type="button" class="primary" onClick={compute} data-testid="canary-refresh">Compute</button></div>
      {report && report.rows.length === 0 && <p class="hint">No source, label model or student yet.</p>}
      {report && report.rows.length > 0 && (
        <>
          <table class="metrics canary-table" data-testid="canary-table">
            <thead>
              <tr><th>Output</th><th>Kind</th><th>Accuracy</th><th title="Accuracy on the canary items it labels">When labelling</th><th>Macro-F1</th><th>ECE</th><th>Coverage</th><th>Cost / item</th>{classes.map((c) => <th key={c}>F1 {c}</th>)}</tr>
            </thead>
            <tbody>
              {report.rows.map((r, i) => (
                <tr key={r.id} class={i === selected ? 'current' : ''} onClick={() => setSelected(i)} data-testid="canary-row">
                  <th scope="row"><button type="button" class="link" onClick={() => setSelected(i)}>{r.name}</button></th>
                  <RowCells row={r} />
                </tr>
              ))}
              {report.baseline && (
                <tr class="baseline" data-testid="canary-baseline" title="Every item gets the most frequent class of dev's labels: the floor any output must beat.">
                  <th scope="row">{report.baseline.name}</th>
                  <RowCells row={report.baseline} />
                </tr>
              )}
            </tbody>
          </table>
          <div class="charts">
            <MetricBars testId="canary-chart" rows={report.rows.map((r) => ({ name: r.name, values: [r.accuracy, r.macroF1, r.coverage] }))} metrics={[{ name: 'accuracy', color: '#1565c0' }, { name: 'macro-F1', color: '#2e7d32' }, { name: 'coverage', color: '#9e9d24' }]} />
            {row && (
              <div>
                <h3>{row.name}</h3>
                <ConfusionHeatmap testId="canary-confusion" classes={classes} confusion={row.confusion} />
                <table class="metrics">
                  <thead><tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr></thead>
                  <tbody>
                    {classes.map((name, c) => (
                      <tr key={name}><th scope="row">{name}</th><td>{num(row.precision[c])}</td><td>{num(row.recall[c])}</td><td>{num(row.f1[c])}</td><td>{row.support[c]}</td></tr>
                    ))}
                  </tbody>
                </table>
                {row.abstained > 0 && <p class="hint">Abstained on {row.abstained} labelled canary items.</p>}
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}
