// What an export says about synthetic exemplars: each row's mark, batch and training weight, and each
// batch's record in the lineage, so a file that leaves the app never passes an exemplar off as real data.
import { entersTraining, trainingWeights } from '../core/synthetic/batch';
import type { Dataset } from './db';
import { readSyntheticMarks } from './synthetic';

/** Export columns, in this order, present only when the dataset has synthetic batches. */
export const SYNTHETIC_EXPORT_COLUMNS = ['synthetic', 'synthetic_batch', 'training_weight'] as const;

export interface SyntheticExport {
  /** Batch number per item (0 = real). */
  marks: Uint8Array;
  /** What each item weighs in training (core/synthetic trainingWeights): 0 for batches not accepted. */
  weights: Float32Array;
  lineage: Record<string, unknown>;
}

/** null when the dataset has no synthetic batches (its exports keep their usual columns). */
export async function syntheticExport(dataset: Dataset, labels: ArrayLike<number>): Promise<SyntheticExport | null> {
  const batches = dataset.syntheticBatches ?? [];
  if (!batches.length) return null;
  const marks = await readSyntheticMarks(dataset);
  // A snapshot's label state may predate later items: those read as unlabeled.
  const aligned = Int16Array.from({ length: marks.length }, (_, i) => (i < labels.length ? labels[i] : -1));
  const weights = trainingWeights(aligned, marks, batches);
  const lineage = {
    columns: [...SYNTHETIC_EXPORT_COLUMNS],
    batches: batches.map((b) => ({
      batch: b.number,
      method: b.method,
      seed: b.seed,
      class: dataset.classes[b.classIndex]?.name ?? String(b.classIndex),
      count: b.count,
      first_item: b.start,
      real_rows: b.realRows,
      ...(b.transforms ? { transforms: b.transforms } : {}),
      created_at: new Date(b.createdAt).toISOString(),
      scores: { quality: b.scores.quality, detection_auc: b.scores.detectionAuc },
      // The whole decision (status, when, the criteria it was judged by, an override's reason), so an import restores it.
      decision: b.decision,
      in_training: entersTraining(b),
    })),
  };
  return { marks, weights, lineage };
}

/** Row cells for item `index`: synthetic (boolean), batch number (null for real items), weight. */
export function syntheticCells(out: SyntheticExport, index: number): [boolean, number | null, number] {
  const mark = out.marks[index] ?? 0;
  // Float32 weights printed to 6 digits: 0.705882, not 0.7058823704719543.
  return [mark !== 0, mark === 0 ? null : mark, Math.round((out.weights[index] ?? 1) * 1e6) / 1e6];
}
