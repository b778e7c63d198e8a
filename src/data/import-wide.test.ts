import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { previewFile } from '../core/formats/preview';
import { CELLS_PER_CHUNK } from '../core/formats/table';
import { useDatabase, db, type ImportMapping } from './db';
import { beginImport, runImport } from './import';
import { readItems } from './items';
import { loadLabelState } from './labels';
import { profileDataset } from './table-profile';

let n = 0;
beforeEach(() => {
  useDatabase(`import-wide-${++n}`);
});

const COLUMNS = 20_000;
/** Fewer rows than one chunk holds: fake-indexeddb clones each cell slowly, and chunking is tested on narrow tables. */
const ROWS = 30;

/** id, label, then 20,000 numeric fields whose value encodes row and column, so misplaced cells show. */
function wideFile(): File {
  const header = ['id', 'label', ...Array.from({ length: COLUMNS }, (_, c) => `f${c}`)].join(',');
  const lines = Array.from({ length: ROWS }, (_, r) => [`r${r}`, r % 3 === 0 ? 'yes' : 'no', ...Array.from({ length: COLUMNS }, (_, c) => String((r + c) % 100))].join(','));
  return new File([`${header}\n${lines.join('\n')}\n`], 'wide.csv');
}

describe('a 20,000-column table import', () => {
  it('stores every cell, with a chunk size bounded by cells, and profiles every column with progress', async () => {
    const file = wideFile();
        const preview = await previewFile(file);
    expect(preview.suggested).toMatchObject({ id: 'id', table: true });
    const keep = preview.columns.filter((c) => c !== 'id' && c !== 'label');
    expect(keep).toHaveLength(COLUMNS);
    const mapping: ImportMapping = {
      format: 'csv', delimiter: ',', textColumn: null, columnTypes: { ...Object.fromEntries(keep.map((c) => [c, preview.types[c]])), f7: 'categorical' },
      idColumn: 'id', labelColumn: 'label', labelValues: { no: 0, yes: 1 }, keepColumns: keep,
    };
    const classes = ['no', 'yes'].map((name) => ({ name, color: '#000000', key: '' }));
    await beginImport({ datasetId: 'w', name: 'wide', files: [file], mapping, classes });
    const dataset = await runImport('w', [file], undefined, () => undefined);
    expect(dataset).toMatchObject({ kind: 'table', itemCount: ROWS });
    // 20,001 cells a row: 52 rows a chunk keeps a chunk under the cell budget.
    expect(dataset.chunkSize).toBe(52);
    expect(dataset.chunkCount).toBe(1);
    expect(dataset.chunkSize * (COLUMNS + 1)).toBeLessThanOrEqual(CELLS_PER_CHUNK);
    expect((await db().chunks.get(['w', 0]))!.count).toBe(ROWS);

    const [last] = await readItems('w', dataset.chunkSize, [ROWS - 1]);
    expect(last.id).toBe(`r${ROWS - 1}`);
    expect(last.fields.f0).toBe(String((ROWS - 1) % 100));
    expect(last.fields.f19999).toBe(String((ROWS - 1 + 19_999) % 100));
    const labels = (await loadLabelState('w', ROWS)).state.label;
    expect(labels.filter((l) => l === 1).length).toBe(10);

    const progress: number[] = [];
    const profile = await profileDataset('w', undefined, (done, total) => {
      expect(total).toBe(COLUMNS);
      progress.push(done);
    });
    expect(profile).toHaveLength(COLUMNS);
    expect(progress.at(-1)).toBe(COLUMNS);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(profile[19_999]).toMatchObject({ name: 'f19999', type: 'numeric', missing: 0, rows: ROWS });
    expect(profile[7]).toMatchObject({ name: 'f7', type: 'categorical' });
  });
});
