import { signal } from '@preact/signals';
import type { LfAnalysis, LfDef, LfItemFilter, JsLfDef } from '../../core/lf/index';
import { matchAll } from '../../core/query';
import { voteState } from '../../core/weak/source-state';
import type { MethodChoice } from '../../core/weak/compare';
import type { TiePolicy } from '../../core/labelmodel/types';
import type { Source } from '../../data/db';
import { withNamedDefinition, type SourceOf } from '../../core/records';
import { deleteSource, listSources, newSourceId, saveSource, setSourceEnabled } from '../../data/sources';
import { saveSelection } from '../../data/selection';
import { DEFAULT_SELECTION, metricOfSettings, type SelectionMetric, type SelectionSettings } from '../../core/metrics/selection';
import { weakWorker } from '../../../workers/clients';
import { specToJson } from '../../core/spec/build';
import { methodTitle } from '../../core/weak/method-titles';
import { exportPipelineSpec, importPipelineSpec } from '../../data/pipeline-spec';
import { download } from '../download';
import type { DatasetSession } from './session';
import { go } from './route';
import { currentScope } from './messages';
import { runTask, say, sayWriteError } from './tasks';
import { refreshPrediction } from './dataset-labels';

/**
 * The page side of weak supervision: source edits go straight to IndexedDB (small records), anything
 * that reads every item (apply, analysis, label model) goes to the weak worker with a progress bar.
 */

/** An LF started elsewhere (e.g. from the Items filter) that the Sources tab opens in its editor. */
export const lfDraft = signal<Omit<LfDef, 'id'> | null>(null);

export async function refreshSources(session: DatasetSession): Promise<void> {
  session.sources.value = await listSources(session.id);
}

/** Loads sources and the latest label-model prediction when a dataset opens. */
export async function loadWeakState(session: DatasetSession): Promise<void> {
  await refreshSources(session);
  const latest = await weakWorker.call('latestPrediction', { datasetId: session.id });
  session.prediction.value = latest?.prediction ?? null;
  session.labelModel.value = latest?.summary ?? null;
}

export function newRuleSource(session: DatasetSession, draft: Omit<LfDef, 'id'>): SourceOf<'lf'> {
  const id = newSourceId();
  const now = Date.now();
  return { id, datasetId: session.id, kind: 'lf', name: draft.name, version: null, definition: { ...draft, id }, createdAt: now, updatedAt: now, enabled: true };
}

export function newJsSource(session: DatasetSession, name: string, source: string): SourceOf<'js-lf'> {
  const id = newSourceId();
  const now = Date.now();
  return { id, datasetId: session.id, kind: 'js-lf', name, version: null, definition: { id, name, source }, createdAt: now, updatedAt: now, enabled: true };
}

/** Saves a source (new or edited); the name lives on the source and in its definition. */
export async function storeSource(session: DatasetSession, source: Source): Promise<void> {
  await saveSource(withNamedDefinition(source));
  await refreshSources(session);
}

export async function removeSource(session: DatasetSession, source: Source): Promise<void> {
  await deleteSource(source);
  await refreshSources(session);
}

export async function toggleSource(session: DatasetSession, source: Source, enabled: boolean): Promise<void> {
  try {
    await setSourceEnabled(source.id, enabled, source.name);
  } catch (error) {
    // A new array re-renders the list, which puts the checkbox the user clicked back to the stored
    // state; not a reread, which would queue behind the same busy store.
    session.sources.value = [...session.sources.value];
    throw error;
  }
  await refreshSources(session);
}

export const DEFAULT_JS_TIME_LIMIT_MS = 250;
export const jsTimeLimitMs = signal(DEFAULT_JS_TIME_LIMIT_MS);

/** Applies LFs to every item in the weak worker; true when it finished. */
export async function applySources(session: DatasetSession, sources: Source[]): Promise<boolean> {
  if (sources.length === 0) return false;
  const title = sources.length === 1 ? `Applying LF "${sources[0].name}"` : `Applying ${sources.length} LFs`;
  const result = await runTask(title, (signal, onProgress) =>
    weakWorker.call('apply', { datasetId: session.id, sourceIds: sources.map((s) => s.id), timeLimitMs: jsTimeLimitMs.value }, { signal, onProgress }),
  );
  await refreshSources(session);
  if (!result) return false;
  const n = session.dataset.value.itemCount;
  const parts = sources.map((s, j) => `${s.name}: ${result.votes[j].toLocaleString('en-US')} votes (${((100 * result.votes[j]) / Math.max(1, n)).toFixed(1)} %)`);
  say('info', `Applied to ${result.items.toLocaleString('en-US')} items in ${(result.ms / 1000).toFixed(1)} s. ${parts.join('; ')}.`);
  return true;
}

/** Sources whose votes can be used now (enabled, votes made by the current definition). */
export function usableSources(sources: readonly Source[]): Source[] {
  return sources.filter((s) => s.enabled && voteState(s) === 'fresh');
}

export async function analyzeSources(session: DatasetSession, sources: Source[]): Promise<LfAnalysis | undefined> {
  return runTask('Analysing LFs', (signal) =>
    weakWorker.call('analyze', { datasetId: session.id, sourceIds: sources.map((s) => s.id), labels: session.labels.label.slice(), splits: session.splits.slice() }, { signal }),
  );
}

const filterNames: Record<LfItemFilter, string> = { votes: 'votes of', conflicts: 'conflicts of', 'dev-disagreements': 'dev items it gets wrong:' };

/** Shows one source's items (all it votes on, its conflicts, or its dev mistakes) in the Items tab. */
export async function browseSourceItems(session: DatasetSession, sources: Source[], index: number, filter: LfItemFilter): Promise<void> {
  const items = await runTask('Finding items', (signal) =>
    weakWorker.call('items', { datasetId: session.id, sourceIds: sources.map((s) => s.id), labels: session.labels.label.slice(), splits: session.splits.slice(), source: index, filter }, { signal }),
  );
  if (!items) return;
  go({ name: 'dataset', id: session.id });
  await session.runQuery({ ...matchAll, subset: { name: `${filterNames[filter]} ${sources[index].name}`, items } });
}

export interface LabelModelChoice {
  method: MethodChoice;
  ties: TiePolicy;
  seed: number;
  /** A review refit: human labels on pool items count too (see compareLabelModels). */
  poolLabels?: boolean;
}

/** The dataset's stored selection settings, or the defaults (macro-F1, prior from dev). */
export function selectionOf(session: DatasetSession): SelectionSettings {
  return session.dataset.value.selection ?? { ...DEFAULT_SELECTION };
}

/**
 * Stores the metric / prior settings with the dataset, so they survive a reload and drive every choice;
 * false when the store refused (the error is shown). Either way the session then holds what is stored.
 */
export async function setSelection(session: DatasetSession, settings: SelectionSettings): Promise<boolean> {
  const scope = currentScope();
  try {
    const stored = await saveSelection(session.id, settings);
    session.dataset.value = { ...session.dataset.value, selection: stored };
    return true;
  } catch (error) {
    // A new object re-renders the controls, which puts the one the user changed back to the stored
    // setting; not a reread, which would queue behind the same busy store.
    session.dataset.value = { ...session.dataset.value };
    await sayWriteError('Saving the metric settings', error, 'The setting was not changed.', scope);
    return false;
  }
}

export async function fitLabelModel(session: DatasetSession, sources: Source[], choice: LabelModelChoice): Promise<boolean> {
  const selection = selectionOf(session);
  let metric: SelectionMetric;
  try {
    metric = metricOfSettings(selection, session.dataset.value.classes.map((c) => c.name));
  } catch (error) {
    await runTask('Running label models', () => Promise.reject(error));
    return false;
  }
  const result = await runTask('Running label models', (signal, onProgress) =>
    weakWorker.call(
      'labelModel',
      { datasetId: session.id, sourceIds: sources.map((s) => s.id), labels: session.labels.label.slice(), splits: session.splits.slice(), ...choice, priorFromDev: selection.priorFromDev, metric },
      { signal, onProgress },
    ),
  );
  if (!result) return false;
  session.prediction.value = result.prediction;
  session.labelModel.value = result.summary;
  // A student may still beat the new label model on dev (or a run is pinned): the dataset's labels say which.
  await refreshPrediction(session);
  return true;
}

/** Downloads the dataset's pipeline as a spec file (see src/core/spec/README.md). */
export async function downloadPipelineSpec(session: DatasetSession): Promise<void> {
  try {
    const spec = await exportPipelineSpec(session.id);
    const name = session.dataset.value.name.replace(/[^\p{L}\p{N}._-]+/gu, '_') || 'dataset';
    download(new Blob([specToJson(spec)], { type: 'application/json' }), `${name}.sift-pipeline.json`);
    const left = spec.notPortable.length > 0 ? ` Not portable (listed in the file with the reason): ${spec.notPortable.map((s) => s.name).join(', ')}.` : '';
    say('info', `Pipeline spec with ${spec.lfs.length} LF${spec.lfs.length === 1 ? '' : 's'}${spec.labelModel ? `, label model ${methodTitle(spec.labelModel.method)}` : ''}.${left}`);
  } catch (error) {
    say('error', error instanceof Error ? error.message : String(error));
  }
}

/** Adds the LFs of a spec file to the dataset (not applied yet). */
export async function importPipelineSpecFile(session: DatasetSession, file: File): Promise<void> {
  try {
    const result = await importPipelineSpec(session.id, await file.text());
    await refreshSources(session);
    const parts = [`Imported ${result.added.length} LF${result.added.length === 1 ? '' : 's'} from ${file.name}${result.added.length ? `: ${result.added.join(', ')}` : ''}.`];
    if (result.unchanged.length) parts.push(`Already here: ${result.unchanged.join(', ')}.`);
    if (result.notPortable.length) parts.push(`Not in the spec (not portable): ${result.notPortable.join(', ')}.`);
    say('info', parts.join(' '));
  } catch (error) {
    say('error', `${file.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
