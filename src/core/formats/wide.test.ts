import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { SiftError } from '../errors';
import { readTable } from './read';
import { previewFile } from './preview';
import { CELLS_PER_CHUNK, MAX_COLUMNS, MAX_HEADER_CHARS, rowsPerChunk } from './table';

function file(content: BlobPart, name = 'wide.csv'): File {
  return new File([content], name);
}

async function readAll(f: File) {
  const rows: string[][] = [];
  let columns: string[] = [];
  for await (const batch of readTable(f)) {
    columns = batch.columns;
    rows.push(...batch.rows);
  }
  return { columns, rows };
}

async function errorOf(f: File): Promise<SiftError> {
  try {
    await readAll(f);
  } catch (error) {
    if (error instanceof SiftError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

function wideCsv(columns: number, rows: number): string {
  const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
  const lines = Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => String((r * 7 + c) % 10)).join(','));
  return `${header}\n${lines.join('\n')}\n`;
}

describe('wide tables', () => {
  it('reads a 20,000-column CSV with every cell in place', async () => {
    const { columns, rows } = await readAll(file(wideCsv(20_000, 5)));
    expect(columns).toHaveLength(20_000);
    expect(columns[19_999]).toBe('c19999');
    expect(rows).toHaveLength(5);
    expect(rows[4][19_999]).toBe(String((4 * 7 + 19_999) % 10));
  });

  it('previews a 20,000-column CSV with a type for every column', async () => {
    const preview = await previewFile(file(wideCsv(20_000, 60)));
    expect(preview.columns).toHaveLength(20_000);
    expect(Object.keys(preview.types)).toHaveLength(20_000);
    expect(preview.types.c123).toBe('numeric');
    expect(preview.profiledRows).toBe(50);
  });

  it('reads a Parquet file wider than the old 2,000-column limit', async () => {
    const columnData = Array.from({ length: 3000 }, (_, c) => ({ name: `p${c}`, data: [c, c + 1, c + 2], type: 'INT32' as const }));
    const bytes = new Uint8Array(parquetWriteBuffer({ columnData: columnData as never }));
    const { columns, rows } = await readAll(file(bytes, 'wide.parquet'));
    expect(columns).toHaveLength(3000);
    expect(rows.map((r) => r[2999])).toEqual(['2999', '3000', '3001']);
  });

  it('refuses more than MAX_COLUMNS columns by count', async () => {
    const header = Array.from({ length: MAX_COLUMNS + 1 }, (_, c) => `c${c}`).join(',');
    const error = await errorOf(file(`${header}\n${'1,'.repeat(MAX_COLUMNS)}1\n`));
    expect(error.code).toBe('too-many-columns');
    expect(error.message).toContain('100,001 columns');
  });

  it('refuses a header row longer than the header budget before splitting it', async () => {
    const line = 'x,'.repeat(MAX_HEADER_CHARS / 2 + 10);
    const error = await errorOf(file(`${line}\n1\n`));
    expect(error.code).toBe('header-too-large');
    expect(error.message).toMatch(/header row is longer than 4 MB/);
  });

  it('refuses a one-line file with no line break at all as a runaway header', async () => {
    const error = await errorOf(file('a'.repeat(MAX_HEADER_CHARS + 1)));
    expect(error.code).toBe('header-too-large');
  });
});

describe('rowsPerChunk', () => {
  it('keeps narrow tables at the preferred size', () => {
    expect(rowsPerChunk(14, 8192)).toBe(8192);
    expect(rowsPerChunk(128, 8192)).toBe(8192);
  });
  it('bounds the cells of a wide table chunk', () => {
    expect(rowsPerChunk(20_001, 8192)).toBe(52);
    for (const columns of [200, 1000, 20_001, 65_536]) expect(rowsPerChunk(columns, 8192) * columns).toBeLessThanOrEqual(CELLS_PER_CHUNK);
  });
  it('never goes below 16 rows, nor above the preferred size', () => {
    expect(rowsPerChunk(MAX_COLUMNS, 8192)).toBe(16);
    expect(rowsPerChunk(MAX_COLUMNS, 8)).toBe(8);
  });
});
