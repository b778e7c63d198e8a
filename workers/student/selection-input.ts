import { Split } from '../../src/core/types';
import { readCuratedSelection } from '../../src/data/curated-selections';
import type { Dataset } from '../../src/data/db';

/**
 * A student trained on a curated selection: pool items take the selection's labels and weights (items
 * outside it weigh 0, so they play no role at all); dev keeps its human labels for checking. Other
 * weights (synthetic exemplars) multiply in.
 */
export async function selectionInputs(dataset: Dataset, labels: Int16Array, splits: Uint8Array, selection: string | undefined, weights: Float32Array | null): Promise<{ labels: Int16Array; itemWeights: Float32Array | undefined }> {
  if (!selection) return { labels, itemWeights: weights ?? undefined };
  const chosen = await readCuratedSelection(dataset, selection);
  const merged = labels.slice();
  const itemWeights = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const other = weights ? weights[i] : 1;
    if (splits[i] === Split.train) {
      merged[i] = chosen.label[i];
      itemWeights[i] = chosen.weight[i] * other;
    } else itemWeights[i] = other;
  }
  return { labels: merged, itemWeights };
}
