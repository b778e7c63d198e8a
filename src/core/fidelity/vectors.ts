// Fidelity of two sets of vectors (texts or images embedded): the table metrics that make sense per
// dimension — column shapes (KSComplement per dimension, averaged) and logistic detection on the
// vectors — plus k-NN precision and recall of the two manifolds.
import { detection, DETECTION_DEFAULTS, type DetectionResult } from './detection';
import { knnPrecisionRecall, type ManifoldResult } from './manifold';
import { numericPair } from './prepare';
import { columnShape } from './shapes';

export interface VectorFidelity {
  kind: 'vectors';
  /** What the vectors are (e.g. "hashed bag of words, 64 dimensions"). */
  vectors: string;
  dim: number;
  rows: { real: number; synthetic: number };
  /** Mean KSComplement over the dimensions; the weakest dimensions listed. */
  column_shapes: number;
  weakest: { dimension: number; score: number }[];
  detection: DetectionResult | null;
  manifold: ManifoldResult | null;
  /** Why a metric is missing (too few vectors), by metric. */
  notes: string[];
}

export function vectorFidelity(real: Float32Array, synthetic: Float32Array, dim: number, vectors: string): VectorFidelity {
  const n = real.length / dim;
  const m = synthetic.length / dim;
  const columns = Array.from({ length: dim }, (_, j) => numericPair(`d${j}`, Float64Array.from({ length: n }, (_, i) => real[i * dim + j]), Float64Array.from({ length: m }, (_, i) => synthetic[i * dim + j])));
  const shapes = columns.map((c, j) => ({ dimension: j, score: columnShape(c).score }));
  const notes: string[] = [];
  let detected: DetectionResult | null = null;
  if (n >= DETECTION_DEFAULTS.folds && m >= DETECTION_DEFAULTS.folds) detected = detection(columns, n, m);
  else notes.push(`Detection needs at least ${DETECTION_DEFAULTS.folds} vectors in each set (one per fold).`);
  let manifold: ManifoldResult | null = null;
  try {
    manifold = knnPrecisionRecall(real, synthetic, dim);
  } catch (error) {
    notes.push(error instanceof Error ? error.message : String(error));
  }
  return {
    kind: 'vectors',
    vectors,
    dim,
    rows: { real: n, synthetic: m },
    column_shapes: shapes.reduce((s, x) => s + x.score, 0) / dim,
    weakest: [...shapes].sort((a, b) => a.score - b.score).slice(0, 5),
    detection: detected,
    manifold,
    notes,
  };
}
