import { DuckDBScalarFunction, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBVector } from '@duckdb/node-api';
import { KeywordScanner } from '../../core/sql/keyword-scan';
import type { CompiledVotes } from '../../core/sql/compile';
import type { ScanSplit } from './scan-split';
import { VarcharBytes } from './varchar-bytes';

/** What the VARCHAR vector holds inside: the 16-byte string records and the NULL mask. */
interface VarcharInternals {
  dataView?: unknown;
  validity?: { itemValid(row: number): boolean };
}

/**
 * Registers the compiled query's keyword scanners (`compiled.scans`) as DuckDB scalar functions
 * VARCHAR → INTEGER mask. DuckDB calls them a vector (2,048 rows) at a time on the Node thread, so the
 * keyword tests of all LFs cost one pass over each row's bytes instead of one substring test per keyword.
 * With `split` (started with the same `compiled.scans` tests), a worker thread scans part of each vector.
 */
export function registerScanFunctions(connection: DuckDBConnection, compiled: CompiledVotes, split?: ScanSplit): void {
  const reader = new VarcharBytes();
  for (const [index, scan] of compiled.scans.entries()) {
    const scanner = new KeywordScanner(scan.tests);
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name: scan.name,
        returnType: INTEGER,
        parameterTypes: [VARCHAR],
        mainFunction: (_info, input, output) => {
          const vector = input.getColumnVector(0) as DuckDBVector<string | null>;
          const rows = input.rowCount;
          const inside = vector as unknown as VarcharInternals;
          if (inside.dataView instanceof DataView && inside.validity) {
            const validity = inside.validity;
            const view = inside.dataView;
            const valid = (row: number) => validity.itemValid(row);
            if (split) split.scan(index, scanner, rows, (visit) => reader.forEach(view, rows, valid, visit), (row, mask) => output.setItem(row, mask));
            else reader.forEach(view, rows, valid, (row, bytes, start, end) => output.setItem(row, scanner.scanRange(bytes, start, end)));
          } else {
            // Another layout than the pinned version's: read the strings through the public API.
            for (let row = 0; row < rows; row++) output.setItem(row, scanner.scanText(vector.getItem(row) ?? ''));
          }
          output.flush();
        },
      }),
    );
  }
}
