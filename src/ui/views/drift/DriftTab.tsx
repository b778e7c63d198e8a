import { useEffect, useState } from 'preact/hooks';
import { describeSide, type DriftSide } from '../../../core/drift/item-sets';
import { datetimeFieldsOf, driftAsGate, driftReport, labelChoices, overTime, runDrift, runOverTime, showDriftOf } from '../../state/drift';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';
import { DriftTable } from './DriftTable';
import { OverTimeChart } from './OverTimeChart';
import { SideForm, type LabelChoices } from './SideForm';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–');

/**
 * Drift between a reference and a current item set: every field (and the text's length) with Evidently's
 * default tests, the labels, the label model's class and confidence; crossing the dataset-drift share
 * raises an alert. Below it, canary metrics per month or week of a date field.
 */
export function DriftTab({ session }: { session: DatasetSession }) {
  const [reference, setReference] = useState<DriftSide>({ items: { kind: 'split', split: 'dev' }, labels: { kind: 'current' } });
  const [current, setCurrent] = useState<DriftSide>({ items: { kind: 'split', split: 'train' }, labels: { kind: 'current' } });
  const [dateFields, setDateFields] = useState<{ field: string; first: string; last: string }[]>([]);
  const [choices, setChoices] = useState<LabelChoices>({ snapshots: [], runs: [] });
  const [timeField, setTimeField] = useState('');
  const [timeOutput, setTimeOutput] = useState<string | null>(null);
  useEffect(() => {
    showDriftOf(session.id);
    datetimeFieldsOf(session.id)
      .then((fields) => {
        setDateFields(fields);
        setTimeField(fields[0]?.field ?? '');
      })
      .catch((error) => say('error', `Could not read the date fields: ${error instanceof Error ? error.message : error}`));
    labelChoices(session.id).then(setChoices, (error) => say('error', `Could not list snapshots and runs: ${error instanceof Error ? error.message : error}`));
  }, [session.id]);
  const importBatches = (session.dataset.value.importBatches ?? []).map((b) => ({ number: b.number, count: b.count, files: b.files.map((f) => f.name).join(', ') }));
  const report = driftReport.value;
  const time = overTime.value;
  const features = report?.features;
  const drifted = features ? Object.values(features.columns).filter((c) => c.drift).length : 0;
  const tested = features ? Object.keys(features.columns).length : 0;
  return (
    <section class="drift" aria-label="Drift">
      <h2>Drift</h2>
      <p class="hint">
        Compares a reference and a current set column by column with Evidently's defaults: up to 1,000 reference values, Kolmogorov–Smirnov for numbers,
        a z-test for two categories and chi-square for more (drift when p &lt; 0.05); above that, Wasserstein distance over the reference's standard
        deviation and Jensen–Shannon distance (drift when ≥ 0.1). The dataset drifts when at least half of its columns do; that raises an alert.
      </p>
      <div class="drift-sides">
        <SideForm title="Reference" prefix="ref" side={reference} dateFields={dateFields} importBatches={importBatches} choices={choices} onChange={setReference} />
        <SideForm title="Current" prefix="cur" side={current} dateFields={dateFields} importBatches={importBatches} choices={choices} onChange={setCurrent} />
      </div>
      <div class="actions left">
        <button type="button" class="primary" onClick={() => runDrift(session, reference, current)} data-testid="drift-run">Compare</button>
        <button type="button" onClick={() => driftAsGate(session, reference, current)} data-testid="drift-gate">Use as gate criterion</button>
      </div>
      {report && features && (
        <div data-testid="drift-report">
          <p data-testid="drift-summary" class={features.dataset_drift ? 'drift-yes' : ''}>
            {features.dataset_drift ? 'Dataset drift' : 'No dataset drift'}: {drifted.toLocaleString('en-US')} of {tested.toLocaleString('en-US')} columns drifted ({pct(features.share_drifted)}); {describeSide(report.current)} (
            {report.sizes.current.toLocaleString('en-US')} items) against {describeSide(report.reference)} ({report.sizes.reference.toLocaleString('en-US')} items).
          </p>
          {(report.undated.reference > 0 || report.undated.current > 0) && (
            <p class="hint">Items without a date are in neither date range: {Math.max(report.undated.reference, report.undated.current).toLocaleString('en-US')}.</p>
          )}
          {report.excluded.length > 0 && <ul class="notices">{report.excluded.map((e) => <li key={e.column}>{e.message}</li>)}</ul>}
          <DriftTable report={features} caption="Columns" testId="drift-table" />
          <h3>Labels and predictions</h3>
          <p class="hint">Reported beside the columns; they do not count towards dataset drift.</p>
          <DriftTable report={report.labels} caption="Labels, label-model class and confidence" testId="label-drift-table" />
        </div>
      )}
      <h3>Canary metrics over time</h3>
      {dateFields.length === 0 ? (
        <p class="hint" data-testid="no-date-field">This dataset has no date field, so there is no timeline.</p>
      ) : (
        <div>
          <div class="actions left">
            <label>
              Date field{' '}
              <select value={timeField} onChange={(e) => setTimeField(e.currentTarget.value)} data-testid="time-field">
                {dateFields.map((d) => <option key={d.field} value={d.field}>{d.field}</option>)}
              </select>
            </label>
            {time && (
              <label>
                Output{' '}
                <select value={timeOutput ?? time.output.id} onChange={(e) => setTimeOutput(e.currentTarget.value)} data-testid="time-output">
                  {time.outputs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
                </select>
              </label>
            )}
            <button type="button" onClick={() => runOverTime(session, timeOutput, timeField)} data-testid="time-run">Show canary over time</button>
          </div>
          {time && (
            <figure>
              <OverTimeChart rows={time.rows} />
              <table class="metrics" data-testid="time-table">
                <caption>Canary metrics of {time.output.name} per {time.unit} of {time.field}</caption>
                <thead><tr><th scope="col">{time.unit === 'month' ? 'Month' : 'Week'}</th><th scope="col">Items</th><th scope="col">Accuracy</th><th scope="col">95 % interval (Wilson)</th><th scope="col">Macro-F1</th></tr></thead>
                <tbody>
                  {time.rows.map((r) => (
                    <tr key={r.label} data-testid="time-row"><th scope="row">{r.label}</th><td>{r.size}</td><td>{pct(r.accuracy)}</td><td>{pct(r.accuracyCI.low)} – {pct(r.accuracyCI.high)}</td><td>{Number.isFinite(r.macroF1) ? r.macroF1.toFixed(3) : '–'}</td></tr>
                  ))}
                </tbody>
              </table>
              {time.undated > 0 && <figcaption class="hint">{time.undated} labelled canary items have no date.</figcaption>}
            </figure>
          )}
        </div>
      )}
    </section>
  );
}
