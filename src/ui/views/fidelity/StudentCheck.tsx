import type { StudentScore } from '../../../core/synthetic/student-check';
import type { SyntheticBatch } from '../../../core/synthetic/batch';
import type { DatasetSession } from '../../state/session';
import { checkBatchesHelp, checkOnCanary, helpReport, tstrReport } from '../../state/synthetic';
import { tasks } from '../../state/tasks';

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

function ScoreRow({ name, score, classIndex, testId }: { name: string; score: StudentScore; classIndex: number | null; testId: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{name}</th>
      <td>{score.trainRows.toLocaleString('en-US')}</td>
      <td data-testid="score-accuracy">{f3(score.accuracy)}</td>
      <td data-testid="score-macro-f1">{f3(score.macroF1)}</td>
      {classIndex !== null && <td data-testid="score-class-f1">{f3(score.classF1[classIndex])}</td>}
    </tr>
  );
}

/** What the students are, before a report says exactly which vectors they saw. */
function note(session: DatasetSession): string {
  const student = session.dataset.value.kind === 'image'
    ? "A one-vs-rest logistic regression on the vectors of the batch's fidelity report (a lighter model than the Students tab's CNN, so the check takes seconds)"
    : 'A one-vs-rest logistic regression on standardised numbers and one-hot categories';
  return `${student}, scored on the labeled real canary items. A report only: it decides nothing.`;
}

const upper = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Train on the batch's exemplars (in place of its class's real rows) vs on the real rows; both tested on the canary. */
export function TrainOnSynthetic({ session, batch }: { session: DatasetSession; batch: SyntheticBatch }) {
  const report = tstrReport.value?.batch === batch.number ? tstrReport.value : null;
  const className = session.dataset.value.classes[batch.classIndex]?.name ?? '';
  const busy = tasks.value.some((t) => t.title.startsWith('Train on batch'));
  return (
    <section aria-label="Train on synthetic, test on real" data-testid="tstr">
      <h4>Train on synthetic, test on real</h4>
      <p class="hint">{note(session)}</p>
      <button type="button" disabled={busy} onClick={() => checkOnCanary(session, batch.number)} data-testid="tstr-run">Train and test on the canary</button>
      {report && <p class="hint" data-testid="tstr-student">{upper(report.student)}.</p>}
      {report && (
        <table class="metrics" data-testid="tstr-table">
          <caption>{report.canaryRows.toLocaleString('en-US')} labeled canary items</caption>
          <thead><tr><th>Trained on</th><th>Rows</th><th>Accuracy</th><th>Macro-F1</th><th>F1 of {className}</th></tr></thead>
          <tbody>
            <ScoreRow name="real train rows" score={report.real} classIndex={batch.classIndex} testId="tstr-real" />
            <ScoreRow name={`"${className}" taught by batch ${batch.number}, other classes real`} score={report.synthetic} classIndex={batch.classIndex} testId="tstr-synthetic" />
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The canary metric with the accepted batches in training against without them. */
export function BatchesHelp({ session }: { session: DatasetSession }) {
  const report = helpReport.value;
  const busy = tasks.value.some((t) => t.title.startsWith('Canary with and without'));
  return (
    <section aria-label="Did the accepted batches help" data-testid="batches-help">
      <h3>Did the accepted batches help?</h3>
      <p class="hint">{note(session)} With the batches, each item carries its training weight.</p>
      <button type="button" disabled={busy} onClick={() => checkBatchesHelp(session)} data-testid="help-run">Compare on the canary</button>
      {report && <p class="hint" data-testid="help-student">{upper(report.student)}.</p>}
      {report && (report.with === null ? (
        <p data-testid="help-none">No batch is in training yet: accept one first. Without exemplars: accuracy {f3(report.without.accuracy)}, macro-F1 {f3(report.without.macroF1)}.</p>
      ) : (
        <table class="metrics" data-testid="help-table">
          <caption>{report.canaryRows.toLocaleString('en-US')} labeled canary items; batches in training: {report.batches.join(', ')}</caption>
          <thead><tr><th>Trained on</th><th>Rows</th><th>Accuracy</th><th>Macro-F1</th></tr></thead>
          <tbody>
            <ScoreRow name="real train rows only" score={report.without} classIndex={null} testId="help-without" />
            <ScoreRow name="with the accepted batches" score={report.with} classIndex={null} testId="help-with" />
            <tr data-testid="help-change"><th scope="row">change</th><td /><td>{signed(report.with.accuracy - report.without.accuracy)}</td><td>{signed(report.with.macroF1 - report.without.macroF1)}</td></tr>
          </tbody>
        </table>
      ))}
    </section>
  );
}
