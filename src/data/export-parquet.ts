import { parquetWriteBuffer } from 'hyparquet-writer';

/** Collects export rows column by column and writes them as one Parquet file (typed, nullable columns). */
export class ParquetColumns {
  private readonly ids: string[] = [];
  private readonly texts: string[] = [];
  private readonly fields: string[][];
  private readonly labels: (string | null)[] = [];
  private readonly sources: (string | null)[] = [];
  private readonly labeledAt: (Date | null)[] = [];
  private readonly splits: string[] = [];

  constructor(private readonly fieldNames: string[]) {
    this.fields = fieldNames.map(() => []);
  }

  add(id: string, text: string, fieldValues: string[], label: string | null, source: string | null, at: number | null, split: string): void {
    this.ids.push(id);
    this.texts.push(text);
    fieldValues.forEach((v, f) => this.fields[f].push(v));
    this.labels.push(label);
    this.sources.push(source);
    this.labeledAt.push(at === null ? null : new Date(at));
    this.splits.push(split);
  }

  write(): ArrayBuffer {
    return parquetWriteBuffer({
      columnData: [
        { name: 'id', data: this.ids, type: 'STRING' },
        { name: 'text', data: this.texts, type: 'STRING' },
        ...this.fieldNames.map((name, f) => ({ name, data: this.fields[f], type: 'STRING' as const })),
        { name: 'label', data: this.labels, type: 'STRING' },
        { name: 'label_source', data: this.sources, type: 'STRING' },
        { name: 'labeled_at', data: this.labeledAt, type: 'TIMESTAMP' },
        { name: 'split', data: this.splits, type: 'STRING' },
      ],
    });
  }
}
