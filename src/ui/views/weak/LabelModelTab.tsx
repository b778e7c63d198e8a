import { useEffect, useState } from 'preact/hooks';
import type { MethodName } from '../../../core/labelmodel/types';
import type { SplitScores } from '../../../core/labelmodel/evaluate';
import type { MethodChoice } from '../../../core/weak/compare';
import { voteState } from '../../../core/weak/source-state';
import type { Run } from '../../../data/db';
import { listLabelModelRuns, runInputsOutdated } from '../../state/runs';
import { useLive } from '../../hooks/live';
import { go } from '../../state/route';
import type { DatasetSession } from '../../state/session';
import { decisionText } from '../decision-text';
import type { SelectionSettings } from '../../../core/metrics/selection';
import { downloadPipelineSpec, fitLabelModel, refreshSources, selectionOf, setSelection, usableSources, type LabelModelChoice } from '../../state/weak';
import { GroupedBars } from './Bars';
import { methodTitle, methodTitles } from '../../../core/weak/method-titles';

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)} %`);

const metricTitles: Record<SelectionSettings['metric'], string> = { macro_f1: 'macro-F1', accuracy: 'accuracy', f1: 'F1 of one class' };

function ScoreCells({ scores, split, binary }: { scores: SplitScores | null; split: string; binary: boolean }) {
  if (!scores) return <td colSpan={binary ? 5 : 4} class="hint">no labelled {split} items</td>;
  return (
    <>
      <td class="num metric" data-testid={`${split}-metric`}>{pct(scores.metric)}</td>
      <td class="num" data-testid={`${split}-accuracy`}>{pct(scores.accuracy)}</td>
      <td class="num">{pct(scores.macro_f1)}</td>
      {binary && <td class="num">{pct(scores.f1)}</td>}
      <td class="num">{pct(scores.coverage)}</td>
    </>
  );
}

/**
 * Label models: fits every method on the train split's votes, scores each on dev and canary, keeps the
 * chosen one's probabilities (your pick, or "auto": the best on dev, never on canary).
 */
export function LabelModelTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const sources = session.sources.value;
  const usable = usableSources(sources);
  const skipped = sources.filter((s) => s.enabled && voteState(s) !== 'fresh');
  const [choice, setChoice] = useState<LabelModelChoice>({ method: 'auto', ties: 'random', seed: 0 });
  const selection = selectionOf(session);
  const classNames = dataset.classes.map((c) => c.name);
  // A change being stored is shown as such (controls and Run wait: a run uses the stored setting, and a
  // second change would build on one that may yet be refused); then the controls show what is stored.
  const [pending, setPending] = useState<SelectionSettings | null>(null);
  const saving = pending !== null;
  const shown = pending ?? selection;
  const changeSelection = async (changes: Partial<SelectionSettings>) => {
    const next = { ...selection, ...changes };
    if (next.metric === 'f1' && next.positive === undefined) next.positive = classNames.length === 2 ? 1 : 0;
    setPending(next);
    try {
      await setSelection(session, next);
    } finally {
      setPending(null);
    }
  };
  const [runs, setRuns] = useState<Run[]>([]);
  const [busy, setBusy] = useState(false);
  const summary = session.labelModel.value;
  const binary = dataset.classes.length === 2;
  const storedRun = runs.find((r) => r.id === summary?.runId);
  const current = usable.map((s) => `${s.id}@${s.version}`).sort().join(',');
  // Live: a vote column rewritten in a worker or another tab marks the result outdated at once.
  const outdated = useLive(() => (storedRun ? runInputsOutdated(storedRun, usable) : Promise.resolve(false)), [storedRun?.id, current, dataset.id], false);

  // Teachers and students add or re-vote sources from other tabs: show what is stored now.
  useEffect(() => {
    refreshSources(session);
  }, [session.id]);

  useEffect(() => {
    listLabelModelRuns(session.id).then(setRuns);
  }, [summary?.runId]);

  const run = async () => {
    setBusy(true);
    try {
      await fitLabelModel(session, usable, choice);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="label-model" aria-label="Label model">
      <div class="form-row">
        <label>
          Method
          <select value={choice.method} onChange={(e) => setChoice({ ...choice, method: e.currentTarget.value as MethodChoice })} data-testid="lm-method">
            {(Object.keys(methodTitles) as MethodChoice[]).map((m) => <option key={m} value={m}>{methodTitles[m]}</option>)}
          </select>
        </label>
        <label title="What majority vote does when the top classes tie">
          Majority-vote ties
          <select value={choice.ties} onChange={(e) => setChoice({ ...choice, ties: e.currentTarget.value as 'random' | 'abstain' })} data-testid="lm-ties">
            <option value="random">break at random (seeded)</option>
            <option value="abstain">abstain (use the prior)</option>
          </select>
        </label>
        <label title="What every choice on dev maximises: the auto pick, the decision threshold, student settings. Stored with the dataset.">
          Metric
          <select value={shown.metric} disabled={saving} onChange={(e) => changeSelection({ metric: e.currentTarget.value as SelectionSettings['metric'] })} data-testid="lm-metric">
            {(Object.keys(metricTitles) as SelectionSettings['metric'][]).map((m) => <option key={m} value={m}>{metricTitles[m]}</option>)}
          </select>
        </label>
        {shown.metric === 'f1' && (
          <label>
            Positive class
            <select value={String(shown.positive ?? 1)} disabled={saving} onChange={(e) => changeSelection({ positive: Number(e.currentTarget.value) })} data-testid="lm-positive">
              {classNames.map((name, c) => <option key={c} value={String(c)}>{name}</option>)}
            </select>
          </label>
        )}
        <label title="Fixes every method's class balance to the dev labels' and gives items no source votes on the most likely class under it (otherwise each method uses its own prior). Stored with the dataset.">
          <input type="checkbox" checked={shown.priorFromDev} disabled={saving} onChange={(e) => changeSelection({ priorFromDev: e.currentTarget.checked })} data-testid="lm-prior" /> class balance/prior from dev
        </label>
        {saving && <span class="hint" data-testid="lm-saving">saving the setting…</span>}
        <label>
          Seed <input type="number" class="narrow" value={choice.seed} onInput={(e) => setChoice({ ...choice, seed: Math.trunc(Number(e.currentTarget.value) || 0) })} />
        </label>
        <button type="button" class="primary" disabled={busy || saving || usable.length === 0} onClick={run} data-testid="lm-run">Run label models</button>
        <button type="button" onClick={() => downloadPipelineSpec(session)} title="Rule LFs, the stored label model's fit, calibration and classes as one JSON file for `sift run` (DuckDB, Spark SQL)" data-testid="spec-download">
          Download pipeline spec
        </button>
      </div>
      <p class="hint">
        Uses {usable.length} source{usable.length === 1 ? '' : 's'}{usable.length > 0 ? ` (${usable.map((s) => s.name).join(', ')})` : ''}. Fits on the train split (no labels), picks by dev, and only
        reports canary.{skipped.length > 0 && ` Left out until applied: ${skipped.map((s) => s.name).join(', ')}.`}
      </p>

      {summary && (
        <>
          <h3 data-testid="lm-chosen">
            Stored: {methodTitles[summary.chosen as MethodName]} <span class="hint">({summary.selectedBy}; prior {summary.prior === 'dev' ? 'from dev labels' : "the model's own"})</span>
          </h3>
          <p class="hint" data-testid="lm-metric-used">
            Choices made by dev {summary.metric ?? 'accuracy'}: {decisionText(summary.decision, classNames)}.
          </p>
          {summary.warnings && summary.warnings.length > 0 && (
            <ul class="warning" data-testid="lm-warnings">
              {summary.warnings.map((w) => <li key={w}>{w}</li>)}
            </ul>
          )}
          {outdated && (
            <p class="warning" data-testid="lm-outdated">The sources (or their votes) changed since these probabilities were made: run the label models again to use them.</p>
          )}
          <p class="hint" data-testid="lm-counts">
            Fitted on {summary.counts.train.toLocaleString('en-US')} train items · dev {summary.counts.devLabelled.toLocaleString('en-US')} labelled of {summary.counts.dev.toLocaleString('en-US')} · canary{' '}
            {summary.counts.canaryLabelled.toLocaleString('en-US')} labelled of {summary.counts.canary.toLocaleString('en-US')} · {pct(summary.coverage)} of all items have a vote.
          </p>
          {(summary.counts.devLabelled < summary.counts.dev || summary.counts.canaryLabelled < summary.counts.canary) && (
            <p class="warning" data-testid="lm-partial">
              Partial: dev or canary is not fully labelled, so their scores cover only the labelled items. Label the rest (filter by split) and run
              again.
            </p>
          )}
          <table class="lm-table" data-testid="lm-table">
            <thead>
              <tr>
                <th rowSpan={2}>Method</th>
                <th colSpan={binary ? 5 : 4}>Dev (selection)</th>
                <th colSpan={binary ? 5 : 4}>Canary (evaluation only)</th>
                <th rowSpan={2}>Fit</th>
              </tr>
              <tr>
                {['dev', 'canary'].flatMap((split) => [
                  <th key={`${split}-s`} class="metric">{summary.metric ?? 'accuracy'} ★</th>,
                  <th key={`${split}-a`}>accuracy</th>,
                  <th key={`${split}-m`}>macro-F1</th>,
                  ...(binary ? [<th key={`${split}-f`}>F1 ({dataset.classes[1].name})</th>] : []),
                  <th key={`${split}-c`}>coverage</th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {summary.rows.map((row) => (
                <tr key={row.method} class={row.method === summary.chosen ? 'chosen' : ''} data-testid="lm-row" data-method={row.method} title={row.error ?? row.note}>
                  <td>{methodTitles[row.method]}{row.method === summary.chosen ? ' ✓' : ''}</td>
                  {row.error ? (
                    <td colSpan={binary ? 10 : 8} class="error-text">{row.error}</td>
                  ) : (
                    <>
                      <ScoreCells scores={row.dev} split="dev" binary={binary} />
                      <ScoreCells scores={row.canary} split="canary" binary={binary} />
                    </>
                  )}
                  <td class="num">{row.fitMs.toFixed(0)} ms</td>
                </tr>
              ))}
              {summary.baseline && (
                <tr class="baseline" data-testid="lm-baseline" title="Every item gets dev's most frequent class: the floor any method must beat.">
                  <td>Majority class ({classNames[summary.baseline.label]})</td>
                  <ScoreCells scores={summary.baseline.dev} split="dev" binary={binary} />
                  <ScoreCells scores={summary.baseline.canary} split="canary" binary={binary} />
                  <td class="num">—</td>
                </tr>
              )}
            </tbody>
          </table>
          <GroupedBars
            title="Accuracy per method"
            min={0.5}
            series={[
              { name: 'dev', color: '#6a8caf' },
              { name: 'canary', color: '#2f6f5e' },
            ]}
            groups={summary.rows.map((row) => ({ name: methodTitle(row.method), values: [row.dev?.accuracy ?? null, row.canary?.accuracy ?? null], highlight: row.method === summary.chosen }))}
          />
          <p>
            <button type="button" class="link" onClick={() => go({ name: 'dataset', id: session.id })}>Browse items by predicted class and confidence →</button>
          </p>
        </>
      )}

      {runs.length > 0 && (
        <details class="runs">
          <summary>Run history ({runs.length})</summary>
          <ul data-testid="lm-runs">
            {runs.map((r) => (
              <li key={r.id}>
                {new Date(r.createdAt).toLocaleString()} · {r.status} · {methodTitle(r.results.chosen ?? r.params.method)} · {r.inputs.length} sources (
                {r.inputs.map((i) => `${sources.find((s) => s.id === i.sourceId)?.name ?? 'deleted source'} @ ${i.version ?? '?'}`).join(', ')})
                {r.status === 'failed' && <span class="error-text"> {String(r.results.error)}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
