import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { readTable } from '../core/formats/read';
import { previewFile } from '../core/formats/preview';
import { useDatabase, type ImportMapping } from './db';
import { exportDataset } from './export';
import { beginImport, runImport } from './import';
import { readItems } from './items';
import { loadLabelState } from './labels';

let n = 0;
beforeEach(() => {
  useDatabase(`parquet-roundtrip-${++n}`);
});

const classes = [
  { name: 'ham', color: '#1f77b4', key: '1' },
  { name: 'spam', color: '#d62728', key: '2' },
];

async function importFile(datasetId: string, file: File, mapping: ImportMapping) {
  await beginImport({ datasetId, name: datasetId, files: [file], mapping, classes });
  return runImport(datasetId, [file], undefined, () => undefined);
}

describe("Sift's own Parquet export imports back", () => {
  it('keeps ids, texts, fields and labels (including quotes, line breaks, emoji and unlabeled items)', async () => {
    const texts = ['plain', 'with "quotes", commas', 'two\nlines', 'emoji 🎉 and é', '=1+1 formula-like'];
    const csv = 'id,text,likes,label\n' + texts.map((t, i) => `i${i},"${t.replace(/"/g, '""')}",${i * 10},${['ham', 'spam', '', 'spam', 'ham'][i]}`).join('\n') + '\n';
    const first = await importFile('a', new File([csv], 'a.csv'), {
      format: 'csv', delimiter: ',', textColumn: 'text', idColumn: 'id', labelColumn: 'label', labelValues: { ham: 0, spam: 1 }, keepColumns: ['likes'],
    });
    const exported = await exportDataset('a', 'parquet', undefined, () => undefined);
    const file = new File([exported.blob], exported.fileName);

    const preview = await previewFile(file);
    expect(preview.format).toBe('parquet');
    expect(preview.suggested).toEqual({ text: 'text', id: 'id', label: 'label', table: false });
    const rows: string[][] = [];
    for await (const batch of readTable(file)) rows.push(...batch.rows);
    expect(rows.map((r) => r[preview.columns.indexOf('text')])).toEqual(texts);

    const again = await importFile('b', file, {
      format: 'parquet', textColumn: 'text', idColumn: 'id', labelColumn: 'label', labelValues: { ham: 0, spam: 1 }, keepColumns: ['likes'],
    });
    expect(again.itemCount).toBe(first.itemCount);
    const indices = texts.map((_, i) => i);
    const strip = (items: Awaited<ReturnType<typeof readItems>>) => items.map(({ id, text, fields }) => ({ id, text, fields }));
    expect(strip(await readItems('b', again.chunkSize, indices))).toEqual(strip(await readItems('a', first.chunkSize, indices)));
    expect(Array.from((await loadLabelState('b', 5)).state.label)).toEqual(Array.from((await loadLabelState('a', 5)).state.label));
  });
});
