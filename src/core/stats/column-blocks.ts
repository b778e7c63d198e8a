// Feature rows stored by source column instead of row by row: each column gives a block — one
// standardised number, or a one-hot group — with at most one non-zero per row, so a block is one
// array over the rows. 200k rows × 30 columns take 4 bytes per number and 2 per one-hot column, where
// compressed sparse rows take 8 per non-zero (index and value) plus the row starts.

/** One column's features: number `offset` with the row's value (0 = none), or one-hot `offset + slot` (−1 = none). */
export type ColumnBlock = { offset: number; numbers: Float32Array; slots: null } | { offset: number; numbers: null; slots: Int16Array | Int32Array };

export class ColumnBlocks {
  constructor(
    readonly d: number,
    readonly blocks: readonly ColumnBlock[],
  ) {}

  /**
   * Writes row `row`'s non-zeros into index/value (each at least as long as there are blocks), in
   * ascending feature order as sparse rows hold them; returns how many.
   */
  read(row: number, index: Uint32Array, value: Float32Array): number {
    let t = 0;
    for (const block of this.blocks) {
      if (block.numbers) {
        const v = block.numbers[row];
        if (v === 0) continue;
        index[t] = block.offset;
        value[t++] = v;
      } else {
        const slot = block.slots[row];
        if (slot < 0) continue;
        index[t] = block.offset + slot;
        value[t++] = 1;
      }
    }
    return t;
  }

  /** bias + w·x for one row, adding the terms in the order `read` lists them. */
  dot(weights: Float64Array, bias: number, row: number): number {
    let z = bias;
    for (const block of this.blocks) {
      if (block.numbers) {
        const v = block.numbers[row];
        if (v !== 0) z += weights[block.offset] * v;
      } else {
        const slot = block.slots[row];
        if (slot >= 0) z += weights[block.offset + slot] * 1;
      }
    }
    return z;
  }
}
