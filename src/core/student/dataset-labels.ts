import { metricLabel, type SelectionMetric } from '../metrics/selection';
import { compareOnDev } from './versus';

/**
 * "The dataset's labels": which run supplies the predicted labels and probabilities that exports,
 * the item list and Curate use. By default the newest label model; the newest student that beats it
 * on dev by the dataset's metric takes over; a run the user pins wins over both. Only dev rows are
 * read, so no canary or test score can move the choice.
 */
export type LabelsPin = { kind: 'label-model'; runId: string } | { kind: 'student'; sourceId: string };

export interface LabelsCandidate {
  kind: 'label-model' | 'student';
  /** The label-model run id, or the student's source id (what a pin names). */
  key: string;
  name: string;
  /** Raw n×k probabilities, read only when a comparison needs them. */
  probs: () => Promise<Float32Array>;
  /** Dev items a student trained on: its comparison with the label model leaves them out. */
  trainedOnDev?: readonly number[];
}

export interface LabelsChoice {
  kind: 'label-model' | 'student';
  key: string;
  name: string;
  pinned: boolean;
  /** The dev comparison that decided, when one did. */
  dev: { metric: string; student: number; labelModel: number; studentName: string } | null;
  /** One sentence shown with the labels: where they come from, and why. */
  reason: string;
}

export interface LabelsInput {
  /** The newest label model with stored outputs, if any. */
  labelModel: LabelsCandidate | null;
  /** Students with stored outputs, newest first. */
  students: LabelsCandidate[];
  pin: LabelsPin | null;
  devRows: Uint32Array;
  devLabels: Int16Array;
  metric: SelectionMetric;
  classNames: readonly string[];
  /** Every label-model run whose outputs are stored: a pin may name an older one. */
  pinnable?: LabelsCandidate[];
}

const pinMatches = (pin: LabelsPin, c: LabelsCandidate) => c.kind === pin.kind && c.key === (pin.kind === 'label-model' ? pin.runId : pin.sourceId);

export async function chooseDatasetLabels(input: LabelsInput): Promise<LabelsChoice | null> {
  const { labelModel, students, pin, devRows, devLabels, metric, classNames } = input;
  let pinNote = '';
  if (pin) {
    const pinned = [...(labelModel ? [labelModel] : []), ...(input.pinnable ?? []), ...students].find((c) => pinMatches(pin, c));
    if (pinned) {
      const what = pinned.kind === 'student' ? `student "${pinned.name}"` : `label model ${pinned.name}`;
      return { kind: pinned.kind, key: pinned.key, name: pinned.name, pinned: true, dev: null, reason: `Labels come from ${what}: you pinned it.` };
    }
    pinNote = ' (The pinned run no longer has stored outputs, so dev decides again.)';
  }
  if (!labelModel) {
    const newest = students[0];
    if (!newest) return null;
    return { kind: 'student', key: newest.key, name: newest.name, pinned: false, dev: null, reason: `Labels come from student "${newest.name}": there is no label model yet.${pinNote}` };
  }
  const keep = (why: string, dev: LabelsChoice['dev'] = null): LabelsChoice => ({ kind: 'label-model', key: labelModel.key, name: labelModel.name, pinned: false, dev, reason: `Keeping the label model (${labelModel.name}): ${why}${pinNote}` });
  if (students.length === 0) return keep('no student has been trained.');
  if (devRows.length === 0) return keep(`no dev item has a label, so no student can be compared with it (by dev ${metricLabel(metric, classNames)}).`);
  const lmProbs = await labelModel.probs();
  let first: { name: string; verdict: ReturnType<typeof compareOnDev> } | null = null;
  for (const student of students) {
    const seen = new Set(student.trainedOnDev ?? []);
    const unseen = Array.from(devRows.keys()).filter((t) => !seen.has(devRows[t]));
    if (unseen.length === 0) continue;
    const verdict = compareOnDev(await student.probs(), lmProbs, Uint32Array.from(unseen, (t) => devRows[t]), Int16Array.from(unseen, (t) => devLabels[t]), metric, classNames);
    const dev = { metric: verdict.metric, student: verdict.student, labelModel: verdict.labelModel!, studentName: student.name };
    if (verdict.beats) {
      return { kind: 'student', key: student.key, name: student.name, pinned: false, dev, reason: `Labels come from student "${student.name}": dev ${verdict.metric} ${verdict.student.toFixed(3)} vs label model ${verdict.labelModel!.toFixed(3)}.${pinNote}` };
    }
    first ??= { name: student.name, verdict };
  }
  if (!first) return keep('every labelled dev item trained the students, so none can be compared with it on dev.');
  const v = first.verdict;
  const others = students.length > 1 ? `; no older student does either` : '';
  return keep(`student "${first.name}" does not beat it on dev (dev ${v.metric} ${v.student.toFixed(3)} vs label model ${v.labelModel!.toFixed(3)})${others}.`, { metric: v.metric, student: v.student, labelModel: v.labelModel!, studentName: first.name });
}
