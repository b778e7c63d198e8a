import { DuckDBInstance, DuckDBScalarFunction, VARCHAR } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VarcharBytes } from './varchar-bytes';

const work = mkdtempSync(join(tmpdir(), 'sift-varchar-bytes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every row read back through VarcharBytes (NULL as '') next to DuckDB's own value. */
async function readBack(sql: string): Promise<[string, string | null][]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const reader = new VarcharBytes();
  const decoder = new TextDecoder();
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: 'through_bytes',
      returnType: VARCHAR,
      parameterTypes: [VARCHAR],
      specialHandling: true,
      mainFunction: (_info, input, output) => {
        const vector = input.getColumnVector(0) as unknown as { dataView: DataView; validity: { itemValid(row: number): boolean } };
        reader.forEach(vector.dataView, input.rowCount, (row) => vector.validity.itemValid(row), (row, bytes, start, end) => output.setItem(row, decoder.decode(bytes.subarray(start, end))));
        output.flush();
      },
    }),
  );
  try {
    const rows = (await connection.runAndReadAll(`SELECT through_bytes(s), s FROM (${sql})`)).getRows();
    return rows.map((r) => [String(r[0]), r[1] === null ? null : String(r[1])]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('VarcharBytes', () => {
  it('reads every row as DuckDB holds it: from Parquet, computed, short, long, NULL, non-ASCII', async () => {
    const path = join(work, 'strings.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // Long strings from Parquet (one run per vector), short ones (inline), NULLs and multi-byte text mixed in.
    await connection.run(`COPY (SELECT CASE WHEN i % 7 = 0 THEN NULL WHEN i % 5 = 0 THEN 'k' || i ELSE repeat('ü-' || i, 1 + i % 40) END AS s FROM range(10000) r(i)) TO '${path}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const sources = [
      `SELECT s FROM read_parquet('${path}')`,
      // Computed strings lie wherever DuckDB put them, in no order: runs break and restart.
      `SELECT s || repeat('x', CAST(hash(s) % 30 AS INTEGER)) AS s FROM read_parquet('${path}') ORDER BY hash(s)`,
    ];
    for (const sql of sources) {
      const rows = await readBack(sql);
      expect(rows.length).toBe(10000);
      for (const [read, value] of rows) expect(read).toBe(value ?? '');
    }
  });
});
