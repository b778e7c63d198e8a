import { useEffect, useState } from 'preact/hooks';
import type { StudentRun as StudentRunRecord } from '../../../core/records';
import type { DatasetSession } from '../../state/session';
import { activeTraining, curve, exportStudent, exported, outputs, refreshOutputs, refreshStudentRuns, showDataset, studentRuns, trainStudent, trainingStatus } from '../../state/students';
import { LossChart } from './LossChart';
import { decisionText } from '../decision-text';
import { SearchTable, Verdict, type SearchRecord, type VersusRecord } from './SearchTable';
import { StudentForm } from './StudentForm';
import { DatasetLabelsPanel } from './DatasetLabelsPanel';
import { splitProgress } from '../../../core/split-pool';
import { loadSelectionNames, selectionNames } from '../../state/curate';
import { storedEmbeddings } from '../../state/selections';

const pct = (v: number | null | undefined) => (v !== null && v !== undefined && Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–');

function thresholdText(thresholds: unknown): string {
  if (!Array.isArray(thresholds)) return '–';
  return thresholds.map((t) => (typeof t === 'number' ? t : (t as { threshold: number }).threshold)).map((t) => (t > 1 ? 'none' : t.toFixed(2))).join(' / ');
}

function StudentRun({ run, session }: { run: StudentRunRecord; session: DatasetSession }) {
  const r = run.results;
  const rounds = r.rounds ?? [];
  const modelId = exported.value[run.id];
  return (
    <article class="student-run" data-testid="student-run">
      <h3>{r.name}</h3>
      <p>
        {String(run.params.arch)} on {r.features}; trained on {r.trainedOn}. Backend <strong data-testid="student-backend-used">{r.backend?.backend}</strong>{' '}
        <span class="hint">({r.backend?.reason})</span>.
      </p>
      <p>
        Dev accuracy <strong data-testid="student-dev-accuracy">{pct(r.dev?.accuracy)}</strong> on {r.devItems} held-out dev items; best epoch {r.bestEpoch} of {r.history?.length ?? 0}.
      </p>
      {r.decision && <p data-testid="student-decision">Its labels: {decisionText(r.decision, r.classNames ?? [])}.</p>}
      {r.search && <SearchTable search={r.search as SearchRecord} classes={r.classNames ?? []} />}
      {r.versus && <Verdict versus={r.versus as VersusRecord} />}
      {rounds.length > 0 && (
        <table class="metrics" data-testid="pseudo-rounds">
          <thead>
            <tr><th>Round</th><th>Pseudo-labels</th><th>Per class</th><th>Thresholds</th><th>Dev {r.earlyStoppingMetric ?? 'accuracy'}</th><th>Outcome</th></tr>
          </thead>
          <tbody>
            {rounds.map((round) => (
              <tr key={round.round} data-testid="pseudo-round">
                <td>{round.round}</td>
                <td>{round.accepted.toLocaleString('en-US')}</td>
                <td>{round.acceptedPerClass.join(' / ')}</td>
                <td>
                  {thresholdText(round.thresholds)}
                  {round.candidates && (
                    <span class="hint" data-testid="threshold-candidates">
                      {' '}(precision target {round.keptTarget} kept; tried {round.candidates.map((c) => `${c.target}: ${c.accepted.toLocaleString('en-US')} accepted, dev ${c.devMetric.toFixed(3)}`).join('; ')})
                    </span>
                  )}
                </td>
                <td>{round.dev?.metric !== undefined ? round.dev.metric.toFixed(3) : pct(round.dev?.accuracy)}</td>
                <td>{round.improved ? 'kept' : 'no better: stopped'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="actions">
        {modelId ? (
          <span data-testid="exported-model">In the model registry as <code>{modelId}</code> (ONNX + TF.js + card)</span>
        ) : (
          <button type="button" onClick={() => exportStudent(session, run.id)} disabled={!r.input} title={r.input ? 'ONNX and TF.js files with a model card, usable as a teacher' : 'Students on embedding columns cannot be exported'} data-testid="export-student">
            Export to model registry
          </button>
        )}
      </div>
    </article>
  );
}

/** Train students (human labels, distillation, pseudo-labels) and export them as teachers. */
export function StudentTab({ session }: { session: DatasetSession }) {
  // From the state, not this view: a run started here goes on when the user opens another tab.
  const busy = activeTraining.value !== null;
  const [embeddings, setEmbeddings] = useState<string[]>([]);
  useEffect(() => {
    showDataset(session.id);
    refreshOutputs(session.id);
    refreshStudentRuns(session.id);
    storedEmbeddings(session.id).then(setEmbeddings);
    void loadSelectionNames(session);
  }, [session.id]);
  const selections = selectionNames.value?.datasetId === session.id ? selectionNames.value.names : [];
  const dataset = session.dataset.value;
  const train = (settings: Parameters<typeof trainStudent>[1]) => void trainStudent(session, settings);
  const devLabelled = splitProgress(session.splits, session.labels.label).dev.labelled;
  return (
    <section class="students" aria-label="Students">
      <h2>Train a student</h2>
      <p class="hint">
        A student learns from human labels (dev labels, minus a held-out quarter that stops training early) and, if you choose, from a
        teacher's probabilities or its own confident predictions. It trains in a worker with TF.js on the backend that measures fastest.
        Canary items are never read while training.
      </p>
      <StudentForm kind={dataset.kind} classes={dataset.classes.map((c) => c.name)} outputs={outputs.value} embeddings={embeddings} selections={selections} devLabelled={devLabelled} busy={busy} onTrain={train} />
      {(busy || curve.value.length > 0) && (
        <div class="training" data-testid="training">
          {trainingStatus.value && <p data-testid="training-status">{trainingStatus.value}</p>}
          <LossChart points={curve.value} />
        </div>
      )}
      <DatasetLabelsPanel session={session} />
      <h2>Students</h2>
      {studentRuns.value.length === 0 ? <p class="hint">No student yet.</p> : studentRuns.value.map((run) => <StudentRun key={run.id} run={run} session={session} />)}
    </section>
  );
}
