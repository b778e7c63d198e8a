import type { HashedNgramsSpec } from '../features/text-hash';
import type { ImagePreprocessing } from '../features/image';
import type { Decision } from '../labelmodel/decision';
import type { CardInput } from '../models/card';

/**
 * The model card of an exported student: what it reads (the exact featurizer it was trained on), what
 * it outputs, where it came from (dataset, run, targets, settings) and how it scored. Dev scores shaped
 * it (early stopping); canary scores did not, and are labelled as evaluation only.
 */
export type StudentInput = { kind: 'text'; spec: HashedNgramsSpec } | { kind: 'image'; spec: ImagePreprocessing };

export interface StudentCardMeta {
  runId: string;
  name: string;
  datasetName: string;
  classNames: string[];
  input: StudentInput;
  arch: string;
  /** One line on what it was trained on (seeds, pseudo-labels, teacher…). */
  trainedOn: string;
  trainedBy: string;
  createdAt: number;
  metrics: { split: 'dev' | 'canary'; n: number; name: string; value: number }[];
  /** The decision stored with the run (tuned on dev for the dataset's metric); argmax or absent: the card carries none. */
  decision?: Decision;
}

export function studentModelId(runId: string): string {
  return `student-${runId.replace(/^run-/, '').toLowerCase().replace(/[^a-z0-9._-]/g, '-')}`;
}

export function studentCard(meta: StudentCardMeta): CardInput {
  const input = meta.input;
  const shape = input.kind === 'text' ? ['batch', input.spec.dim] : ['batch', input.spec.height, input.spec.width, input.spec.channels];
  const k = meta.classNames.length;
  return {
    format: 'sift-model-card',
    format_version: 1,
    id: studentModelId(meta.runId),
    name: meta.name,
    version: '1.0.0',
    description: `A ${meta.arch} student trained in Sift on "${meta.datasetName}": ${meta.trainedOn}.`,
    task: 'classify',
    input_kind: input.kind,
    runtime: 'onnx',
    files: { onnx: 'model.onnx', tfjs: 'tfjs/model.json' },
    preprocessing: input.spec,
    inputs: [{ name: 'input', dtype: 'float32', shape }],
    outputs: [
      { name: 'logits', dtype: 'float32', shape: ['batch', k], role: 'logits' },
      { name: 'probabilities', dtype: 'float32', shape: ['batch', k], role: 'probabilities' },
    ],
    labels: [...meta.classNames],
    license: { model: 'Trained by you in Sift on your own data: license it as that data allows.', data: `Dataset "${meta.datasetName}"` },
    provenance: {
      data: `Dataset "${meta.datasetName}"`,
      split: 'trained on pool and seed items; dev items for early stopping and calibration; canary items never read while training (evaluation only)',
      source: `Sift run ${meta.runId}, ${new Date(meta.createdAt).toISOString()}`,
      trained_by: meta.trainedBy,
      reproducibility: 'same data, settings, seed and TF.js backend give the same weights',
    },
    ...(meta.decision && meta.decision.kind !== 'argmax' ? { decision: meta.decision } : {}),
    metrics: meta.metrics.map((m) => ({ dataset: meta.datasetName, split: m.split === 'canary' ? 'canary (evaluation only)' : 'dev', n: Math.max(1, m.n), name: m.name, value: Math.round(m.value * 1e6) / 1e6 })),
  };
}
