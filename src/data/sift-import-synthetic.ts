// Synthetic exemplars in a Sift export: the rows' batch numbers and the lineage's batch records become
// the imported dataset's `synthetic` column and batches again, so exemplars never come back as real items.
import { SiftError } from '../core/errors';
import type { SiftLineage, SiftRow } from '../core/formats/sift-export';
import type { BatchDecision, SyntheticBatch, SyntheticMethod } from '../core/synthetic/batch';
import { Split } from '../core/types';

interface LineageBatch {
  batch: number;
  method: SyntheticMethod;
  seed: number;
  class: string;
  count: number;
  first_item: number;
  real_rows: number;
  created_at: string;
  scores: { quality: number | null; detection_auc: number | null };
  decision: BatchDecision;
}

/** The batches the rows name, rebuilt from the lineage (their fidelity report stays in the exporting app: null). */
export function importedBatches(rows: readonly SiftRow[], splits: ArrayLike<number>, lineage: SiftLineage): SyntheticBatch[] {
  const listed = ((lineage.synthetic as { batches?: LineageBatch[] } | undefined)?.batches ?? []) as LineageBatch[];
  const byNumber = new Map(listed.map((b) => [b.batch, b]));
  const firstRow = new Map<number, number>();
  const counts = new Map<number, number>();
  rows.forEach((r, i) => {
    if (r.synthetic === 0) return;
    if (!byNumber.has(r.synthetic)) throw new SiftError('sift-import/synthetic', `Row ${i + 1} (${r.id}) belongs to synthetic batch ${r.synthetic}, which the lineage does not list.`);
    if (splits[i] !== Split.train) throw new SiftError('sift-import/synthetic', `Row ${i + 1} (${r.id}) is a synthetic exemplar in the ${r.split} split; exemplars may only be in train.`);
    if (!firstRow.has(r.synthetic)) firstRow.set(r.synthetic, i);
    counts.set(r.synthetic, (counts.get(r.synthetic) ?? 0) + 1);
  });
  const classes = lineage.dataset.classes;
  return [...firstRow].map(([number, start]) => {
    const b = byNumber.get(number)!;
    const count = counts.get(number)!;
    const classIndex = classes.indexOf(b.class);
    if (classIndex < 0) throw new SiftError('sift-import/synthetic', `Synthetic batch ${number} is of class "${b.class}", which is not one of the lineage's classes.`);
    // A batch's items are contiguous (the weights and the report view rely on it).
    for (let i = start; i < start + count; i++)
      if (rows[i]?.synthetic !== number) throw new SiftError('sift-import/synthetic', `The rows of synthetic batch ${number} are not together (row ${i + 1} breaks them); the export was reordered.`);
    return {
      number,
      createdAt: Date.parse(b.created_at) || Date.now(),
      method: b.method,
      seed: b.seed,
      classIndex,
      count,
      start,
      realRows: b.real_rows,
      scores: { quality: b.scores?.quality ?? null, detectionAuc: b.scores?.detection_auc ?? null },
      report: null,
      decision: b.decision ?? { status: 'pending' },
    };
  });
}
