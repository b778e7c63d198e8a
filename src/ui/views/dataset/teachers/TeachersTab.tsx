import { useEffect, useState } from 'preact/hooks';
import type { ModelRun, SourceOf } from '../../../../core/records';
import { teacherWorker } from '../../../../../workers/clients';
import type { DatasetSession } from '../../../state/session';
import { discardRun } from '../../../state/runs';
import { loadTeachers, removeTeacherSource, voteBasisOf, type TeachersState } from '../../../state/teachers';
import { refreshRegistry } from '../../../state/models';
import { runTask, say, tasks } from '../../../state/tasks';
import { RunForm } from './RunForm';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

const rate = (x: unknown) => (typeof x === 'number' ? `${Math.round(x).toLocaleString('en-US')} items/s` : '');

function RunRow({ run, live, onChange }: { run: ModelRun; live: boolean; onChange: () => void }) {
  const { params, checkpoint, results: r } = run;
  const interrupted = run.status === 'interrupted' || (run.status === 'running' && !live) || (run.status === 'cancelled' && !r.supersededBy && !r.discarded);
  const resume = async () => {
    await runTask(`Resuming ${params.modelName}`, (signal, onProgress) => teacherWorker.call('resume', { runId: run.id, requestedAt: performance.timeOrigin + performance.now() }, { signal, onProgress }));
    onChange();
  };
  const discard = async () => {
    try {
      await discardRun(run);
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
    }
    onChange();
  };
  const status = interrupted ? `interrupted after ${checkpoint?.itemsDone.toLocaleString('en-US') ?? 0} items` : run.status === 'running' ? 'running' : run.status;
  return (
    <li class="run-row" data-testid="run-row" data-status={interrupted ? 'interrupted' : run.status} data-run={run.id}>
      <div>
        <strong>{params.modelName}</strong> <span class="hint">({params.task === 'classify' ? 'teacher' : 'embedder'}, {params.runtime === 'builtin' ? 'built-in' : params.runtime.toUpperCase()})</span> · <span data-testid="run-status">{status}</span> ·{' '}
        <span class="hint">{new Date(run.createdAt).toLocaleString()}</span>
      </div>
      {(r.reason || checkpoint?.reason) && (
        <div data-testid="run-device">
          Device: {r.reason ?? checkpoint?.reason} {r.itemsPerS ? `· ${rate(r.itemsPerS)}` : ''}
          {r.resumedFromChunk ? ` · resumed at chunk ${r.resumedFromChunk + 1}` : ''}
        </div>
      )}
      {r.firstPrediction && (
        <div class="hint" data-testid="run-first-prediction" data-ms={Math.round(r.firstPrediction.ms)} data-runtime-ready={String(r.firstPrediction.runtimeWasReady)}>
          First prediction {seconds(r.firstPrediction.ms)} after {r.resumedFromChunk ? 'Resume' : 'Run'}
          {r.firstPrediction.runtimeWasReady === true ? ' (model runtime already running)' : r.firstPrediction.runtimeWasReady === false ? ` (of which ${seconds(r.firstPrediction.runtimeMs)} starting the model runtime)` : ''}
        </div>
      )}
      {r.agreement && r.agreement.accuracy !== null && (
        <div data-testid="run-agreement">
          Agrees with human labels on {(r.agreement.accuracy * 100).toFixed(1)}% of the {r.agreement.voted.toLocaleString('en-US')} labeled items it voted on (of {r.agreement.labeled.toLocaleString('en-US')} labeled).
        </div>
      )}
      {r.dim ? <div class="hint">{r.dim}-dimensional vectors (L2-normalised) in vec:{params.modelKey}</div> : null}
      {r.fallbacks && r.fallbacks.length > 0 && <div class="warning">Fell back to WASM: {r.fallbacks.join('; ')}</div>}
      {r.error && <div class="error-text" data-testid="run-error">{r.error}</div>}
      {interrupted && (
        <div>
          <button type="button" data-testid="resume-run" disabled={tasks.value.length > 0} onClick={resume}>
            Resume from item {(checkpoint?.itemsDone ?? 0).toLocaleString('en-US')}
          </button>
          <button type="button" class="link danger" onClick={discard}>
            Discard
          </button>
        </div>
      )}
    </li>
  );
}

function SourceRow({ source, onChange }: { source: SourceOf<'teacher'>; onChange: () => void }) {
  const definition = source.definition;
  const [threshold, setThreshold] = useState(definition.threshold == null ? '' : String(definition.threshold));
  const retune = async () => {
    const value = threshold.trim() === '' ? null : Number(threshold);
    const result = await runTask(`New threshold for ${source.name}`, () => teacherWorker.call('retune', { sourceId: source.id, threshold: value }));
    if (result) say('info', `${source.name} now votes on ${result.voted.toLocaleString('en-US')} of ${result.items.toLocaleString('en-US')} items (threshold on ${result.votesFrom} probabilities).`);
    onChange();
  };
  const remove = async () => {
    if (!confirm(`Remove the teacher source '${source.name}' and its votes and probabilities?`)) return;
    try {
      await removeTeacherSource(source);
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
      return;
    }
    onChange();
  };
  return (
    <li data-testid="teacher-source" data-source={source.id}>
      <strong>{source.name}</strong>{' '}
      <span class="hint">
        {source.version ? `model ${source.version.slice(0, 12)}` : 'no complete votes yet'} · votes:{source.id} · threshold {definition.threshold ?? 'none'} ·{' '}
        <span data-testid="votes-basis">votes from {voteBasisOf(source).from} probabilities</span>
      </span>{' '}
      <input aria-label="New threshold" size={5} value={threshold} onInput={(e) => setThreshold(e.currentTarget.value)} placeholder="none" />
      <button type="button" class="link" disabled={!source.version} onClick={retune}>
        Apply threshold
      </button>
      <button type="button" class="link danger" onClick={remove}>
        Remove
      </button>
    </li>
  );
}

/** Teachers and embedders of a dataset: run one, resume an interrupted run, see what ran where and why. */
export function TeachersTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const [state, setState] = useState<TeachersState | null>(null);
  const refresh = () => loadTeachers(dataset.id).then(setState, (error) => say('error', `Could not read the runs: ${error instanceof Error ? error.message : error}`));
  useEffect(() => {
    refreshRegistry();
    refresh();
  }, [dataset.id]);
  // A run going on elsewhere (another tab, or a worker still stopping after a reload) changes by itself.
  const anyRunning = !!state?.runs.some((r) => r.status === 'running');
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(refresh, 1500);
    return () => clearInterval(timer);
  }, [anyRunning, dataset.id]);
  return (
    <div class="teachers-tab">
      <RunForm dataset={dataset} onFinished={refresh} />
      {state && state.sources.length > 0 && (
        <section>
          <h2>Teacher sources</h2>
          <ul class="plain">
            {state.sources.map((s) => (
              <SourceRow key={s.id} source={s} onChange={refresh} />
            ))}
          </ul>
        </section>
      )}
      {state && state.embeddings.length > 0 && (
        <section>
          <h2>Stored vectors</h2>
          <p data-testid="embeddings">{state.embeddings.map((e) => `vec:${e}`).join(', ')}</p>
        </section>
      )}
      <section>
        <h2>Runs</h2>
        {state && state.runs.length === 0 && <p class="hint">No model has run on this dataset yet.</p>}
        <ul class="plain">
          {state?.runs.map((run) => (
            <RunRow key={run.id} run={run} live={state.live.has(run.id)} onChange={refresh} />
          ))}
        </ul>
      </section>
    </div>
  );
}
