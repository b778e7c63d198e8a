import type { PipelineData, PipelineSplit } from '../../src/cli/pipeline';
import { mulberry32, shuffleInPlace } from '../../src/core/random';
import type { FeatureMatrix } from '../../src/core/student/features';

/**
 * Moves a seeded random `share` of the pool (WRENCH train) into dev, gold labels and all; test
 * (canary) is never touched. WRENCH's own dev splits are too small to choose a review strategy on:
 * youtube_spam10's holds 7 SPAM items, so its F1 moves by ~0.1 with one item. The pool keeps its class
 * mix in expectation because the move is uniform, not stratified.
 */
export function enlargeDev(data: PipelineData, share: number, seed: number): PipelineData {
  const { train, valid, test } = data.splits;
  const order = shuffleInPlace(Uint32Array.from({ length: train.n }, (_, i) => i), mulberry32(seed ^ 0x5eed));
  const moved = Math.round(train.n * share);
  const toDev = Array.from(order.subarray(0, moved)).sort((a, b) => a - b);
  const stay = Array.from(order.subarray(moved)).sort((a, b) => a - b);
  const validRows = [...Array.from({ length: valid.n }, (_, i) => train.n + i), ...toDev];
  const testRows = Array.from({ length: test.n }, (_, i) => train.n + valid.n + i);
  return regroup(data, stay, validRows, testRows, `${moved} pool items moved to dev`);
}

/**
 * The data with its splits made of these global rows (train, then dev, then test rows, as
 * `PipelineData` lays them out): votes, gold, ids and feature rows move with their item.
 */
function regroup(data: PipelineData, trainRows: number[], validRows: number[], testRows: number[], note: string): PipelineData {
  const { train, valid, test } = data.splits;
  const all = { train, valid, test };
  // Global row → (split, row within it), for the votes, gold and ids.
  const at = (row: number): [PipelineSplit, number] => (row < train.n ? [all.train, row] : row < train.n + valid.n ? [all.valid, row - train.n] : [all.test, row - train.n - valid.n]);
  const split = (rows: number[]): PipelineSplit => {
    const m = train.m;
    const votes = new Int8Array(rows.length * m);
    const gold = new Int16Array(rows.length);
    const ids: string[] = [];
    rows.forEach((row, r) => {
      const [s, i] = at(row);
      votes.set(s.votes.subarray(i * m, (i + 1) * m), r * m);
      gold[r] = s.gold[i];
      ids.push(s.ids[i]);
    });
    return { n: rows.length, m, votes, gold, ids };
  };
  return {
    ...data,
    splits: { train: split(trainRows), valid: split(validRows), test: split(testRows) },
    features: reorderRows(data.features, [...trainRows, ...validRows, ...testRows]),
    featuresNote: `${data.featuresNote}; ${note}`,
  };
}

/**
 * A diagnosis of the loop's own dev choices, canary left out entirely: dev is split in two halves
 * (every other item of each class), the loop chooses on the first (as its dev) and its outputs are scored
 * on the second, which takes the canary's place. What the loop's choices fit to their dev items shows as
 * the gap between the halves. The canary rows are dropped, so no canary number can be computed.
 */
export function holdOutDev(data: PipelineData): PipelineData {
  const { train, valid } = data.splits;
  const seen = new Map<number, number>();
  const half = Array.from(valid.gold, (y) => {
    const count = seen.get(y) ?? 0;
    seen.set(y, count + 1);
    return count % 2;
  });
  const choose = half.flatMap((h, i) => (h === 0 ? [train.n + i] : []));
  const held = half.flatMap((h, i) => (h === 1 ? [train.n + i] : []));
  const trainRows = Array.from({ length: train.n }, (_, i) => i);
  return regroup(data, trainRows, choose, held, `dev halved: the loop chooses on ${choose.length} items, its outputs are scored on the other ${held.length} (canary dropped)`);
}

function reorderRows(features: FeatureMatrix, rows: number[]): FeatureMatrix {
  if (features.kind === 'dense') {
    const width = features.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(rows.length * width);
    rows.forEach((row, r) => values.set(features.values.subarray(row * width, (row + 1) * width), r * width));
    return { ...features, n: rows.length, values };
  }
  const rowStart = new Uint32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) rowStart[r + 1] = rowStart[r] + features.rowStart[rows[r] + 1] - features.rowStart[rows[r]];
  const indices = new Int32Array(rowStart[rows.length]);
  const values = new Float32Array(indices.length);
  rows.forEach((row, r) => {
    indices.set(features.indices.subarray(features.rowStart[row], features.rowStart[row + 1]), rowStart[r]);
    values.set(features.values.subarray(features.rowStart[row], features.rowStart[row + 1]), rowStart[r]);
  });
  return { ...features, n: rows.length, rowStart, indices, values };
}
