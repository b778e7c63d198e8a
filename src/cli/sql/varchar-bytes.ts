// @duckdb/node-api is pinned to one version, and with it these bindings (its exact dependency).
import bindings from '@duckdb/node-bindings';

/** Rows whose bytes are read with one native call: consecutive rows whose data lie close and in order. */
const MAX_GAP = 4096;
const MAX_SPAN = 64 * 1024;
const EMPTY = new Uint8Array(0);

/**
 * Visits each row of a VARCHAR vector as its UTF-8 bytes, `bytes[start, end)` (NULL: empty), reading
 * the vector's 16-byte string records (length; ≤ 12 bytes inline, else a pointer) directly.
 *
 * The public reader makes one native call per long string (~0.6 µs a row at 200 bytes). Strings read
 * from Parquet lie one after another in one buffer, so a run of rows whose data ascend with gaps under
 * a page is read as one span with one call. Every page of such a span holds bytes of some row, so the
 * read never touches an unmapped page; bytes in the gaps are never looked at. Rows out of order or far
 * apart (strings computed by SQL) simply start a new run.
 */
export class VarcharBytes {
  private readonly pointer = new DataView(new ArrayBuffer(8));

  forEach(view: DataView, rows: number, valid: (row: number) => boolean, visit: (row: number, bytes: Uint8Array, start: number, end: number) => void): void {
    const records = new Uint8Array(view.buffer, view.byteOffset, rows * 16);
    let row = 0;
    while (row < rows) {
      if (!valid(row)) {
        visit(row++, EMPTY, 0, 0);
        continue;
      }
      const length = view.getUint32(row * 16, true);
      if (length <= 12) {
        visit(row, records, row * 16 + 4, row * 16 + 4 + length);
        row++;
        continue;
      }
      const first = address(view, row);
      let end = first + length;
      let last = row + 1;
      for (; last < rows && valid(last); last++) {
        const n = view.getUint32(last * 16, true);
        if (n <= 12) break;
        const at = address(view, last);
        if (at < end || at - end >= MAX_GAP || at + n - first > MAX_SPAN) break;
        end = at + n;
      }
      this.pointer.setUint32(0, first % 2 ** 32, true);
      this.pointer.setUint32(4, Math.floor(first / 2 ** 32), true);
      const span = bindings.get_data_from_pointer(this.pointer.buffer as ArrayBuffer, 0, end - first);
      for (; row < last; row++) {
        const start = address(view, row) - first;
        visit(row, span, start, start + view.getUint32(row * 16, true));
      }
    }
  }
}

/** A record's data pointer as a number (user-space addresses are below 2^53). */
function address(view: DataView, row: number): number {
  return view.getUint32(row * 16 + 8, true) + view.getUint32(row * 16 + 12, true) * 2 ** 32;
}
