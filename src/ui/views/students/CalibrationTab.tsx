import { useEffect, useState } from 'preact/hooks';
import type { CalibrationReport } from '../../../core/calibration/metrics';
import type { DatasetSession } from '../../state/session';
import { calibrate, calibration, outputs, refreshOutputs, showDataset } from '../../state/students';
import { ReliabilityDiagram } from './charts';
import { calibratedVoteText } from './calibrated-vote-text';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(2)} %` : '–');
const num = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '–');

function ReportRow({ name, report, testId }: { name: string; report: CalibrationReport; testId: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{name}</th>
      <td>{pct(report.ece)}</td>
      <td>{pct(report.mce)}</td>
      <td>{num(report.brier)}</td>
      <td>{num(report.nll)}</td>
      <td>{pct(report.accuracy)}</td>
    </tr>
  );
}

/**
 * Calibrate any output with probabilities (label-model run, teacher, student) on the dev labels:
 * temperature scaling or histogram binning, metrics before/after and the reliability diagram. The
 * calibrated probabilities are stored and used by distillation, pseudo-label thresholds and the
 * canary report.
 */
export function CalibrationTab({ session }: { session: DatasetSession }) {
  const [key, setKey] = useState('');
  const [method, setMethod] = useState<'temperature' | 'histogram'>('temperature');
  useEffect(() => {
    showDataset(session.id);
    refreshOutputs(session.id);
  }, [session.id]);
  const list = outputs.value;
  const chosen = key || list[0]?.key || '';
  const result = calibration.value;

  return (
    <section class="students" aria-label="Calibration">
      <h2>Calibrate probabilities</h2>
      <p class="hint">
        Fitted on the dev labels only (never canary). ECE uses 15 equal-width bins over the top class's confidence. The calibrated
        probabilities replace the raw ones wherever Sift uses probabilities: thresholds, distillation, the canary report.
      </p>
      {list.length === 0 ? (
        <p class="hint" data-testid="no-outputs">Nothing here has probabilities yet: run a label model, a teacher, or train a student.</p>
      ) : (
        <div class="form-row">
          <label>
            Output{' '}
            <select value={chosen} onChange={(e) => setKey(e.currentTarget.value)} data-testid="calibrate-output">
              {list.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.name}
                  {o.calibration ? ` (calibrated: ${o.calibration.method})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label>
            Method{' '}
            <select value={method} onChange={(e) => setMethod(e.currentTarget.value as 'temperature' | 'histogram')} data-testid="calibrate-method">
              <option value="temperature">Temperature scaling</option>
              <option value="histogram">Histogram binning</option>
            </select>
          </label>
          <button type="button" class="primary" onClick={() => calibrate(session, chosen, method)} data-testid="calibrate">
            Calibrate
          </button>
        </div>
      )}
      {result && (
        <div class="calibration-result" data-testid="calibration-result">
          <h3>
            {list.find((o) => o.key === result.key)?.name ?? result.key}:{' '}
            {result.calibrator.method === 'temperature' ? (
              <span data-testid="temperature">T = {result.calibrator.temperature.toFixed(3)}</span>
            ) : (
              `histogram binning, ${result.calibrator.method === 'histogram' ? result.calibrator.histogram.values.length : 0} bins`
            )}
          </h3>
          <table class="metrics">
            <thead>
              <tr>
                <th>On {result.before.count} dev items</th>
                <th>ECE</th>
                <th>MCE</th>
                <th>Brier</th>
                <th>NLL</th>
                <th>Accuracy</th>
              </tr>
            </thead>
            <tbody>
              <ReportRow name="Before" report={result.before} testId="calibration-before" />
              <ReportRow name="After" report={result.after} testId="calibration-after" />
            </tbody>
          </table>
          <ReliabilityDiagram
            testId="reliability-diagram"
            series={[
              { name: 'before', color: '#c62828', bins: result.before.bins },
              { name: 'after', color: '#1565c0', bins: result.after.bins },
            ]}
          />
          {result.votesFrom && (
            <p class="hint" data-testid="votes-from">
              {result.votesFrom.from === 'calibrated'
                ? `Its votes for the label model now come from the calibrated probabilities (its vote threshold on calibrated confidence; ${calibratedVoteText(result.voteDecision, session.dataset.value.classes.map((c) => c.name))}).`
                : `Its votes stay on the raw probabilities: ${result.votesFrom.note ?? 'no calibration applies'}.`}
            </p>
          )}
          <p class="hint">Measured on the same dev items it was fitted on; the canary report shows calibration on held-out items.</p>
        </div>
      )}
    </section>
  );
}
