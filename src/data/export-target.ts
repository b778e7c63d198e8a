import { SiftError } from '../core/errors';
import { applyDecision } from '../core/labelmodel/decision';
import { replay, type LabelState } from '../core/labels';
import { argmaxLabels, canaryMetrics } from '../core/snapshot/metrics';
import type { CanaryMetrics } from '../core/snapshot/types';
import { NO_LABEL } from '../core/types';
import { readColumn } from './columns';
import { db, type ColumnChunk, type Dataset, type Run, type Snapshot, type Source } from './db';
import { checkCurrentGate, judgeGate, type GateCheck } from './gate';
import { loadLabelEvents } from './labels';
import { listRuns } from './runs';
import { readBlobs, readManifestColumn } from './snapshot-store';
import { calibratedColumn, listSources, predColumn, probsColumn } from './sources';
import { latestCalibrationOf, type ProbabilityOutput } from './students';
import { readSplits } from './splits';
import { resolveDatasetLabels, studentLabelRule, type StudentLabelRule } from './dataset-labels';

/**
 * Which result an export writes beside the human labels: the dataset's labels (the default; see
 * dataset-labels.ts), a label-model run (the newest when no id is
 * given), a student's predictions, or a snapshot as it was frozen (its labels, splits, sources and run).
 */
export type ExportTarget = { kind: 'labels' } | { kind: 'label-model'; runId?: string } | { kind: 'student'; sourceId: string } | { kind: 'snapshot'; snapshotId: string };

type Typed = ColumnChunk['data'];

/** The probabilities an export writes as model_* / p_* columns, and where they came from. */
export interface ExportedOutput {
  /** The run named in each row's model_run cell: the label-model run or the student's training run. */
  run: Run;
  kind: 'label-model' | 'student';
  name: string;
  probsName: string;
  /** A label model's own hard labels (its dev-tuned decision, seeded tie-breaks), calibrated or not; null: none stored. */
  predName: string | null;
  /** A student's rule for its labels (its tuned decision on its raw outputs); absent: `predName` or argmax. */
  labelRule?: StudentLabelRule;
  calibration: ProbabilityOutput['calibration'];
}

/** Everything the export loop reads, live or as a snapshot froze it. */
export interface ExportSubject {
  target: ExportTarget;
  /** Appended to the file name ('' for the default export, so its name stays the dataset's). */
  fileSuffix: string;
  labels: LabelState;
  labelEventCount: number;
  splits: Uint8Array;
  sources: Source[];
  output: ExportedOutput | null;
  /** One chunk of a column (votes, probabilities, predictions) as this subject holds it. */
  readChunk(name: string, chunk: number): Promise<Typed | undefined>;
  gate: GateCheck;
  /** What the lineage says about the exported result beyond the run itself. */
  result: Record<string, unknown>;
}

const slug = (s: string) => s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '');

/** A label-model run whose probabilities are still stored: the newest, or the one asked for. */
async function labelModelRun(datasetId: string, runId: string | undefined): Promise<{ run: Run | undefined; newest: Run | undefined }> {
  const runs = (await listRuns(datasetId, 'label-model')).filter((r) => r.status === 'done' && !r.results.columnsDropped);
  if (runId === undefined) return { run: runs[0], newest: runs[0] };
  const run = runs.find((r) => r.id === runId);
  if (!run) throw new SiftError('export/no-run', `Label-model run ${runId} has no stored probabilities in this dataset (it failed, or a rollback dropped its outputs): it cannot be exported.`);
  return { run, newest: runs[0] };
}

/** Canary metrics of an output from its stored columns, the way a snapshot measures its label model. */
async function outputMetrics(dataset: Dataset, output: ExportedOutput, labels: LabelState, splits: Uint8Array): Promise<CanaryMetrics | null> {
  const k = dataset.classes.length;
  const probs = await readColumn(dataset, output.probsName, Float32Array, k);
  const predicted = output.predName ? Int16Array.from(await readColumn(dataset, output.predName, Int8Array, 1, NO_LABEL)) : output.labelRule ? applyDecision(await readColumn(dataset, output.labelRule.probsName, Float32Array, k), k, output.labelRule.decision) : argmaxLabels(probs, k);
  return canaryMetrics(labels.label, splits, predicted, probs, k, output.calibration ? 'calibrated' : 'raw');
}

function labelModelOutput(run: Run, calibration: ProbabilityOutput['calibration']): ExportedOutput {
  return { run, kind: 'label-model', name: String(run.results.chosen ?? run.params.method ?? 'label model'), probsName: calibration ? calibratedColumn(run.id) : probsColumn(run.id), predName: predColumn(run.id), calibration };
}

async function studentOutput(dataset: Dataset, sources: Source[], sourceId: string): Promise<ExportedOutput> {
  const source = sources.find((s) => s.id === sourceId);
  if (!source || source.kind !== 'student') throw new SiftError('export/no-student', `There is no student ${sourceId} in this dataset.`);
  const runId = source.definition.runId;
  const run = runId ? await db().runs.get(runId) : undefined;
  if (!run) throw new SiftError('export/no-student', `The training run of student "${source.name}" is missing: its predictions cannot be traced, so they are not exported.`);
  if ((await db().columns.where('[datasetId+name]').equals([dataset.id, probsColumn(source.id)]).count()) === 0)
    throw new SiftError('export/no-student', `Student "${source.name}" has no stored predictions.`);
  const calibration = await latestCalibrationOf(dataset.id, source.id);
  return { run, kind: 'student', name: source.name, probsName: calibration ? calibratedColumn(source.id) : probsColumn(source.id), predName: null, labelRule: studentLabelRule(run, source.id), calibration };
}

async function liveSubject(dataset: Dataset, target: Exclude<ExportTarget, { kind: 'snapshot' }>): Promise<ExportSubject> {
  const events = await loadLabelEvents(dataset.id);
  const labels = replay(dataset.itemCount, events);
  const splits = await readSplits(dataset);
  const sources = await listSources(dataset.id);
  let output: ExportedOutput | null = null;
  let fileSuffix = '';
  let result: Record<string, unknown>;
  let isCurrentModel = false;
  if (target.kind === 'labels') {
    // The dataset's labels: whichever run the resolver names (pinned, a student that beats the label model on dev, or the newest label model).
    const chosen = await resolveDatasetLabels(dataset.id);
    if (chosen?.kind === 'label-model') output = labelModelOutput(chosen.run, chosen.calibration);
    else if (chosen) output = await studentOutput(dataset, sources, chosen.key);
    const newest = (await labelModelRun(dataset.id, undefined)).newest;
    isCurrentModel = !chosen || (chosen.kind === 'label-model' && chosen.run.id === newest?.id);
    result = chosen
      ? { kind: 'labels', from: chosen.kind, run_id: chosen.run.id, ...(chosen.kind === 'student' ? { source_id: chosen.key } : {}), name: chosen.name, pinned: chosen.pinned, reason: chosen.reason, dev: chosen.dev }
      : { kind: 'labels', from: null, run_id: null, reason: 'No label model or student yet: only human labels and source votes.' };
  } else if (target.kind === 'label-model') {
    const { run, newest } = await labelModelRun(dataset.id, target.runId);
    if (run) output = labelModelOutput(run, await latestCalibrationOf(dataset.id, run.id));
    const older = run !== undefined && run !== newest;
    if (older) fileSuffix = `-run-${slug(run.id)}`;
    result = { kind: 'label-model', run_id: run?.id ?? null, newest: !older };
    isCurrentModel = !older;
  } else {
    output = await studentOutput(dataset, sources, target.sourceId);
    fileSuffix = `-student-${slug(output.name) || slug(target.sourceId)}`;
    result = { kind: 'student', source_id: target.sourceId, name: output.name, run_id: output.run.id };
  }
  // The newest label model is gated as it always was: on the label model the snapshot holds. Any other
  // result is gated on its own canary metrics, so the verdict is about what the file contains.
  const gate = isCurrentModel
    ? await checkCurrentGate(dataset.id, 'export')
    : await judgeGate(dataset.id, 'export', output ? await outputMetrics(dataset, output, labels, splits) : null);
  return {
    target,
    fileSuffix,
    labels,
    labelEventCount: events.length,
    splits,
    sources,
    output,
    readChunk: async (name, chunk) => (await db().columns.get([dataset.id, name, chunk]))?.data,
    gate,
    result,
  };
}

async function snapshotSubject(dataset: Dataset, snapshotId: string): Promise<ExportSubject> {
  const snapshot: Snapshot | undefined = await db().snapshots.get(snapshotId);
  if (!snapshot || snapshot.datasetId !== dataset.id) throw new SiftError('export/no-snapshot', `Snapshot ${snapshotId} does not exist in this dataset.`);
  const events = (await loadLabelEvents(dataset.id)).filter((e) => (e.seq ?? 0) <= snapshot.labelSeq);
  const manifests = new Map(snapshot.columns.map((c) => [c.name, c]));
  const splitManifest = manifests.get('split');
  const splits = splitManifest ? ((await readManifestColumn(dataset.id, splitManifest, dataset.itemCount, dataset.chunkSize, 1)) as Uint8Array) : new Uint8Array(dataset.itemCount);
  const model = snapshot.labelModel;
  let output: ExportedOutput | null = null;
  if (model && manifests.has(probsColumn(model.run.id))) {
    const cal = model.calibration && manifests.has(calibratedColumn(model.run.id)) ? model.calibration : null;
    output = {
      run: model.run,
      kind: 'label-model',
      name: String(model.run.results.chosen ?? model.run.params.method ?? 'label model'),
      probsName: cal ? calibratedColumn(model.run.id) : probsColumn(model.run.id),
      predName: manifests.has(predColumn(model.run.id)) ? predColumn(model.run.id) : null,
      calibration: cal && { runId: cal.id, method: String(cal.params.method), at: cal.createdAt },
    };
  }
  return {
    target: { kind: 'snapshot', snapshotId },
    fileSuffix: `-snapshot-${slug(snapshot.name) || snapshot.id}`,
    labels: replay(dataset.itemCount, events),
    labelEventCount: events.length,
    splits,
    sources: snapshot.sources,
    output,
    readChunk: async (name, chunk) => {
      const hash = manifests.get(name)?.chunks[chunk];
      if (!hash) return undefined;
      return (await readBlobs(dataset.id, [hash])).get(hash);
    },
    // A snapshot is exported as it was measured when it was taken.
    gate: await judgeGate(dataset.id, 'export', snapshot.canary, snapshot),
    result: { kind: 'snapshot', snapshot_id: snapshot.id, name: snapshot.name, run_id: model?.run.id ?? null },
  };
}

export async function resolveExport(dataset: Dataset, target: ExportTarget): Promise<ExportSubject> {
  return target.kind === 'snapshot' ? snapshotSubject(dataset, target.snapshotId) : liveSubject(dataset, target);
}

/** A result the export dialog offers. */
export interface ExportChoice {
  target: ExportTarget;
  label: string;
}

/**
 * Every result that can be exported now: first the default (the dataset's labels, or only the human
 * labels and votes while there is no model), then the newest label-model run, older runs with stored outputs, students, snapshots.
 */
export async function listExportChoices(datasetId: string): Promise<ExportChoice[]> {
  const when = (t: number) => new Date(t).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
  const runs = (await listRuns(datasetId, 'label-model')).filter((r) => r.status === 'done' && !r.results.columnsDropped);
  const runLabel = (run: Run) => `${String(run.results.chosen ?? run.params.method ?? '')} · ${when(run.createdAt)} · ${run.id}`;
  const labels = await resolveDatasetLabels(datasetId);
  const choices: ExportChoice[] = [
    { target: { kind: 'labels' }, label: labels ? `Dataset labels: ${labels.reason}` : 'Human labels and source votes (no label model yet)' },
  ];
  if (runs.length) choices.push({ target: { kind: 'label-model' }, label: `Newest label model: ${runLabel(runs[0])}` });
  for (const run of runs.slice(1)) choices.push({ target: { kind: 'label-model', runId: run.id }, label: `Older label model: ${runLabel(run)}` });
  const students = (await listSources(datasetId)).filter((s) => s.kind === 'student');
  const withProbs = await db().columns.where('[datasetId+name]').anyOf(students.map((s) => [datasetId, probsColumn(s.id)])).primaryKeys();
  const stored = new Set(withProbs.map((key) => (key as [string, string, number])[1]));
  for (const s of students) if (stored.has(probsColumn(s.id))) choices.push({ target: { kind: 'student', sourceId: s.id }, label: `Student: ${s.name}` });
  const snapshots = await db().snapshots.where('[datasetId+createdAt]').between([datasetId, -Infinity], [datasetId, Infinity]).toArray();
  for (const snap of snapshots.reverse()) choices.push({ target: { kind: 'snapshot', snapshotId: snap.id }, label: `Snapshot: ${snap.name} · ${when(snap.createdAt)}` });
  return choices;
}
