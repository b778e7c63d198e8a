import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { ColumnBlocks, type ColumnBlock } from './column-blocks';
import { fitLogistic, predictLogistic, sparseRows } from './logistic';

/** Random column blocks (numbers with zeros, one-hot groups with empty rows) and the same rows dense. */
function randomBlocks(seed: number, n: number) {
  const random = mulberry32(seed);
  const blocks: ColumnBlock[] = [];
  let d = 0;
  for (let b = 0; b < 6; b++) {
    if (b % 2 === 0) {
      const numbers = Float32Array.from({ length: n }, () => (random() < 0.2 ? 0 : random() * 4 - 2));
      blocks.push({ offset: d, numbers, slots: null });
      d += 1;
    } else {
      const width = 2 + b;
      const slots = Int16Array.from({ length: n }, () => (random() < 0.3 ? -1 : Math.floor(random() * width)));
      blocks.push({ offset: d, numbers: null, slots });
      d += width;
    }
  }
  const dense = new Float64Array(n * d);
  for (const block of blocks) {
    for (let r = 0; r < n; r++) {
      if (block.numbers) dense[r * d + block.offset] = block.numbers[r];
      else if (block.slots[r] >= 0) dense[r * d + block.offset + block.slots[r]] = 1;
    }
  }
  return { x: new ColumnBlocks(d, blocks), dense, d };
}

describe('column blocks', () => {
  it('read lists the same non-zeros, in the same order, as sparse rows of the dense matrix', () => {
    const { x, dense, d } = randomBlocks(3, 200);
    const csr = sparseRows(dense, d);
    const index = new Uint32Array(x.blocks.length);
    const value = new Float32Array(x.blocks.length);
    for (let r = 0; r < 200; r++) {
      const count = x.read(r, index, value);
      expect(Array.from(index.subarray(0, count))).toEqual(Array.from(csr.index.subarray(csr.start[r], csr.start[r + 1])));
      expect(Array.from(value.subarray(0, count))).toEqual(Array.from(csr.value.subarray(csr.start[r], csr.start[r + 1])));
    }
  });

  it('fits and predicts exactly as the sparse rows do (the same sums in the same order)', () => {
    const { x, dense, d } = randomBlocks(5, 400);
    const random = mulberry32(6);
    const y = Uint8Array.from({ length: 400 }, (_, r) => (random() < 1 / (1 + Math.exp(-(dense[r * d] - dense[r * d + 2]))) ? 1 : 0));
    const rows = Uint32Array.from({ length: 300 }, (_, i) => i);
    const fromBlocks = fitLogistic(x, y, rows);
    const fromSparse = fitLogistic(sparseRows(dense, d), y, rows);
    expect(Array.from(fromBlocks.weights)).toEqual(Array.from(fromSparse.weights));
    expect(fromBlocks.bias).toBe(fromSparse.bias);
    for (let r = 300; r < 400; r++) expect(predictLogistic(fromBlocks, x, r)).toBe(predictLogistic(fromSparse, sparseRows(dense, d), r));
  });
});
