import { parquetWriteBuffer } from 'hyparquet-writer';

export type ParquetValue = string | number | boolean | null;
export interface ParquetColumnSpec {
  name: string;
  type: 'STRING' | 'DOUBLE' | 'TIMESTAMP' | 'INT32' | 'BOOLEAN';
}

/**
 * Collects export rows column by column and writes one Parquet file with typed, nullable columns
 * (timestamps from epoch milliseconds); the lineage travels as file metadata under `sift.lineage`.
 */
export class ParquetColumns {
  private readonly columns: ParquetValue[][];

  constructor(private readonly specs: ParquetColumnSpec[]) {
    this.columns = specs.map(() => []);
  }

  add(row: ParquetValue[]): void {
    for (let j = 0; j < this.specs.length; j++) this.columns[j].push(row[j]);
  }

  get rowCount(): number {
    return this.columns[0]?.length ?? 0;
  }

  write(lineage: Record<string, unknown>): ArrayBuffer {
    return parquetWriteBuffer({
      columnData: this.specs.map(({ name, type }, j) => ({
        name,
        type,
        data: type === 'TIMESTAMP' ? this.columns[j].map((v) => (v === null ? null : new Date(v as number))) : this.columns[j],
      })),
      kvMetadata: [{ key: 'sift.lineage', value: JSON.stringify(lineage) }],
    });
  }
}
