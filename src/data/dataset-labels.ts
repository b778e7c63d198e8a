import { SiftError } from '../core/errors';
import { ARGMAX, applyDecision, type Decision } from '../core/labelmodel/decision';
import { replay } from '../core/labels';
import { DEFAULT_SELECTION, metricOfSettings } from '../core/metrics/selection';
import { chooseDatasetLabels, type LabelsCandidate, type LabelsChoice, type LabelsPin } from '../core/student/dataset-labels';
import { NO_LABEL, Split } from '../core/types';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { hasColumn, readColumn } from './columns';
import { audit, getDataset, updateDataset } from './datasets';
import { db, type Dataset, type Run, type Source } from './db';
import { loadLabelEvents } from './labels';
import { listRuns } from './runs';
import { calibratedColumn, listSources, predColumn, probsColumn } from './sources';
import { readSplits } from './splits';
import { latestCalibrationOf, type ProbabilityOutput } from './students';

export type { LabelsPin };

/** The dataset's labels as resolved now: the choice, its run, and the columns that hold its outputs. */
export interface DatasetLabels extends LabelsChoice {
  /** The label-model run, or the student's training run. */
  run: Run;
  /** Probabilities as exported and shown: calibrated once calibrated. */
  probsName: string;
  /**
   * A label model's own hard labels: its dev-tuned decision on its raw outputs with seeded tie-breaks,
   * also once calibrated (the decision was tuned on the raw outputs, so calibrated probabilities are
   * shown and exported beside them but do not re-decide). Null for a student.
   */
  predName: string | null;
  /** A student's rule for its labels; null for a label model (its `predName`). */
  labelRule: StudentLabelRule | null;
  calibration: ProbabilityOutput['calibration'];
}

/**
 * A student's labels: the decision stored with its run (tuned on dev for the dataset's metric when it
 * was trained) applied to its raw outputs, the numbers its dev comparison with the label model judged,
 * also when calibrated probabilities are shown and exported beside them (a temperature changes which
 * class w_c·p_c picks, so the decision only means what it was tuned for on the raw outputs). Runs from
 * before decisions were stored: argmax.
 */
export interface StudentLabelRule {
  decision: Decision;
  probsName: string;
}

export function studentLabelRule(run: Run, sourceId: string): StudentLabelRule {
  return { decision: run.kind === 'student' ? (run.results.decision ?? ARGMAX) : ARGMAX, probsName: probsColumn(sourceId) };
}

/**
 * A student source's labels as the app shows and exports them (its stored decision on its raw outputs),
 * for reports that score it; null when its votes already are those labels (argmax, runs from before
 * decisions were stored, no raw outputs).
 */
export async function studentShownLabels(dataset: Dataset, source: Source): Promise<Int16Array | null> {
  if (source.kind !== 'student' || !source.definition.runId) return null;
  const run = await db().runs.get(source.definition.runId);
  if (!run || run.status !== 'done') return null;
  const rule = studentLabelRule(run, source.id);
  if (rule.decision.kind === 'argmax' || !(await hasColumn(dataset.id, rule.probsName))) return null;
  const k = dataset.classes.length;
  return applyDecision(await readColumn(dataset, rule.probsName, Float32Array, k), k, rule.decision);
}

/**
 * The hard labels of the dataset's labels as the item list and exports show them: a label model's own
 * (its `predName`), a student's stored decision on its raw outputs, argmax where neither is stored.
 */
export async function decidedLabels(dataset: Dataset, labels: Pick<DatasetLabels, 'probsName' | 'predName' | 'labelRule'>): Promise<Int16Array> {
  const k = dataset.classes.length;
  if (labels.predName && (await hasColumn(dataset.id, labels.predName))) return Int16Array.from(await readColumn(dataset, labels.predName, Int8Array, 1, NO_LABEL));
  const rule = labels.labelRule;
  if (rule && (await hasColumn(dataset.id, rule.probsName))) return applyDecision(await readColumn(dataset, rule.probsName, Float32Array, k), k, rule.decision);
  return applyDecision(await readColumn(dataset, labels.probsName, Float32Array, k), k, ARGMAX);
}

async function labelModelRuns(datasetId: string): Promise<Run[]> {
  return (await listRuns(datasetId, 'label-model')).filter((r) => r.status === 'done' && !r.results.columnsDropped);
}

const labelModelName = (run: Run) => `${String(run.results.chosen ?? run.params.method ?? 'label model')}, run ${run.id}`;

/** Students with stored outputs and a training run, newest first. */
async function studentCandidates(dataset: Dataset): Promise<{ candidate: LabelsCandidate; run: Run }[]> {
  const k = dataset.classes.length;
  const out: { candidate: LabelsCandidate; run: Run; at: number }[] = [];
  for (const source of await listSources(dataset.id)) {
    if (source.kind !== 'student' || !source.definition.runId || !(await hasColumn(dataset.id, probsColumn(source.id)))) continue;
    const run = await db().runs.get(source.definition.runId);
    if (!run || run.status !== 'done') continue;
    const trainedOnDev = run.kind === 'student' ? run.results.devTrainedOn : undefined;
    out.push({ run, at: run.createdAt, candidate: { kind: 'student', key: source.id, name: source.name, trainedOnDev, probs: () => readColumn(dataset, probsColumn(source.id), Float32Array, k) } });
  }
  return out.sort((a, b) => b.at - a.at);
}

/**
 * Which run supplies the dataset's labels now (see core/student/dataset-labels.ts): the pin, else the
 * newest student that beats the newest label model on dev by the dataset's metric, else that label
 * model. Null while there is neither. Exports, the item list and Curate all read through here.
 */
export async function resolveDatasetLabels(datasetId: string): Promise<DatasetLabels | null> {
  const dataset = await getDataset(datasetId);
  if (!dataset) throw new SiftError('dataset/missing', `Dataset ${datasetId} no longer exists.`);
  const k = dataset.classes.length;
  const classNames = dataset.classes.map((c) => c.name);
  const runs = await labelModelRuns(datasetId);
  const asCandidate = (run: Run): LabelsCandidate => ({ kind: 'label-model', key: run.id, name: labelModelName(run), probs: () => readColumn(dataset, probsColumn(run.id), Float32Array, k) });
  const students = await studentCandidates(dataset);
  const splits = await readSplits(dataset);
  const labels = replay(dataset.itemCount, await loadLabelEvents(datasetId)).label;
  const dev: number[] = [];
  for (let i = 0; i < dataset.itemCount; i++) if (splits[i] === Split.dev && labels[i] >= 0) dev.push(i);
  const devRows = Uint32Array.from(dev);
  const choice = await chooseDatasetLabels({
    labelModel: runs[0] ? asCandidate(runs[0]) : null,
    pinnable: runs.slice(1).map(asCandidate),
    students: students.map((s) => s.candidate),
    pin: dataset.labelsPin ?? null,
    devRows,
    devLabels: Int16Array.from(devRows, (i) => labels[i]),
    metric: metricOfSettings(dataset.selection ?? DEFAULT_SELECTION, classNames),
    classNames,
  });
  if (!choice) return null;
  const calibration = await latestCalibrationOf(datasetId, choice.key);
  const probsName = calibration ? calibratedColumn(choice.key) : probsColumn(choice.key);
  if (choice.kind === 'label-model') return { ...choice, run: runs.find((r) => r.id === choice.key)!, probsName, predName: predColumn(choice.key), labelRule: null, calibration };
  const run = students.find((s) => s.candidate.key === choice.key)!.run;
  return { ...choice, run, probsName, predName: null, labelRule: studentLabelRule(run, choice.key), calibration };
}

/**
 * Pins the dataset's labels to one run (null: dev decides again). The pin is stored with the dataset,
 * with its audit entry, in one transaction that checks the run still has outputs and that the store
 * must start within `startWithinMs`: the user waits on the control, and a stuck writer elsewhere would
 * otherwise keep it waiting in silence.
 */
export async function pinDatasetLabels(datasetId: string, pin: LabelsPin | null, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  const d = db();
  await startBounded('Pinning the dataset\'s labels', 'rw', [d.datasets, d.runs, d.sources, d.columns, d.audit], async () => {
    const dataset = await getDataset(datasetId);
    if (!dataset) throw new SiftError('dataset/missing', `Dataset ${datasetId} no longer exists.`);
    if (pin?.kind === 'label-model' && !(await labelModelRuns(datasetId)).some((r) => r.id === pin.runId))
      throw new SiftError('labels/pin', `Label-model run ${pin.runId} has no stored outputs in this dataset, so its labels cannot be pinned.`);
    if (pin?.kind === 'student' && !(await studentCandidates(dataset)).some((s) => s.candidate.key === pin.sourceId))
      throw new SiftError('labels/pin', `There is no trained student ${pin.sourceId} with stored predictions in this dataset, so its labels cannot be pinned.`);
    await updateDataset(datasetId, { labelsPin: pin ?? undefined });
    await audit(datasetId, 'labels-pin', { pin });
  }, startWithinMs);
}

/** What the dataset's labels can be pinned to: every label-model run with stored outputs and every trained student. */
export async function pinnableLabels(datasetId: string): Promise<{ pin: LabelsPin; label: string }[]> {
  const dataset = await getDataset(datasetId);
  if (!dataset) return [];
  const runs = (await labelModelRuns(datasetId)).map((run) => ({ pin: { kind: 'label-model', runId: run.id } as LabelsPin, label: `Label model: ${labelModelName(run)}` }));
  const students = (await studentCandidates(dataset)).map((s) => ({ pin: { kind: 'student', sourceId: s.candidate.key } as LabelsPin, label: `Student: ${s.candidate.name}` }));
  return [...runs, ...students];
}
