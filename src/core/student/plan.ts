import { fitIndices, fitLabels } from '../canary';
import { SiftError } from '../errors';
import { mulberry32, shuffleInPlace } from '../random';

/**
 * Which items a student run learns from and which it checks itself on, decided once through the canary
 * guard: seeds (human labels it trains on), dev (human labels for early stopping, calibration,
 * thresholds, round stopping) and the pool (items with no human label, to pseudo-label or distill).
 *
 * Human labels on pool (train split) items are always seeds. Dev labels are either all kept for
 * checking ('none'), or split per class: a seeded share trains, the rest checks ('holdout'), so a
 * few dozen dev labels can serve as seeds without the model grading its own homework.
 */
export interface StudentPlan {
  seedRows: Uint32Array;
  seedLabels: Int16Array;
  devRows: Uint32Array;
  /** Row-aligned with devRows. */
  devLabels: Int16Array;
  poolRows: Uint32Array;
  /** A dataset-length label column with only dev rows filled, for APIs that take whole columns. */
  devColumn: Int16Array;
  /** Row-aligned with seedRows: each seed's training weight (absent: all 1). */
  seedWeights?: Float32Array;
}

export interface PlanOptions {
  devSeeds: 'none' | 'holdout';
  /** Share of each class's dev labels kept for checking when devSeeds is 'holdout'. */
  holdout?: number;
  seed?: number;
  /**
   * Per-item training weight (core/synthetic trainingWeights): 0 keeps an item out of every role (a
   * synthetic exemplar not accepted into training), other values weigh its seed row.
   */
  itemWeights?: Float32Array;
}

export function planRows(labels: Int16Array, splits: Uint8Array, options: PlanOptions): StudentPlan {
  const visible = fitLabels(labels, splits, 'training', 'train+dev');
  const weights = options.itemWeights;
  if (weights && weights.length !== labels.length) throw new SiftError('student/weights', `${weights.length} item weights for ${labels.length} items.`);
  const usable = (i: number) => !weights || weights[i] > 0;
  const seeds: number[] = [];
  const pool: number[] = [];
  for (const i of fitIndices(splits, 'training', 'train')) if (usable(i)) (visible[i] >= 0 ? seeds : pool).push(i);
  const devLabelled = Array.from(fitIndices(splits, 'training', 'dev')).filter((i) => visible[i] >= 0 && usable(i));
  let dev = devLabelled;
  if (options.devSeeds === 'holdout') {
    const fraction = options.holdout ?? 0.25;
    const random = mulberry32((options.seed ?? 0) ^ 0x401d);
    const byClass = new Map<number, number[]>();
    for (const i of devLabelled) {
      const list = byClass.get(visible[i]) ?? [];
      list.push(i);
      byClass.set(visible[i], list);
    }
    dev = [];
    for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
      const items = shuffleInPlace(Uint32Array.from(byClass.get(c)!), random);
      // At least one of each class checks, and one trains when there are two or more.
      const held = items.length < 2 ? items.length : Math.min(items.length - 1, Math.max(1, Math.round(items.length * fraction)));
      for (let t = 0; t < items.length; t++) (t < held ? dev : seeds).push(items[t]);
    }
  }
  seeds.sort((a, b) => a - b);
  dev.sort((a, b) => a - b);
  const devColumn = new Int16Array(labels.length).fill(-1);
  for (const i of dev) devColumn[i] = visible[i];
  return {
    seedRows: Uint32Array.from(seeds),
    seedLabels: Int16Array.from(seeds, (i) => visible[i]),
    devRows: Uint32Array.from(dev),
    devLabels: Int16Array.from(dev, (i) => visible[i]),
    poolRows: Uint32Array.from(pool),
    devColumn,
    ...(weights ? { seedWeights: Float32Array.from(seeds, (i) => weights[i]) } : {}),
  };
}
