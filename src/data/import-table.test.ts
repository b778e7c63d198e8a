import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { previewFile } from '../core/formats/preview';
import { useDatabase, db, type ImportMapping } from './db';
import { beginImport, runImport } from './import';
import { readItems } from './items';
import { loadLabelState } from './labels';
import { readFieldColumns } from './table-columns';
import { profileDataset } from './table-profile';
import { profileTable } from '../core/table/profile';

let n = 0;
beforeEach(() => {
  useDatabase(`import-table-${++n}`);
});

const wine = () => new File([readFileSync(new URL('../../public/sample/tabular/wine.csv', import.meta.url))], 'wine.csv');
const classes = ['cultivar_0', 'cultivar_1', 'cultivar_2'].map((name, i) => ({ name, color: '#000000', key: String(i + 1) }));

describe('table import', () => {
  it('offers wine.csv as a table, infers its column types, and stores it typed, labeled and without text', async () => {
    const preview = await previewFile(wine());
    expect(preview.suggested).toEqual({ text: expect.any(String), id: 'id', label: 'cultivar', table: true });
    expect(preview.types.alcohol).toBe('numeric');
    expect(preview.types.cultivar).toBe('categorical');
    const keep = preview.columns.filter((c) => c !== 'id' && c !== 'cultivar');
    const types = { ...Object.fromEntries(keep.map((c) => [c, preview.types[c]])), magnesium: 'categorical' as const };
    const mapping: ImportMapping = {
      format: 'csv', delimiter: ',', textColumn: null, columnTypes: types, idColumn: 'id', labelColumn: 'cultivar',
      labelValues: { cultivar_0: 0, cultivar_1: 1, cultivar_2: 2 }, keepColumns: keep,
    };
    await beginImport({ datasetId: 'w', name: 'wine', files: [wine()], mapping, classes });
    const dataset = await runImport('w', [wine()], undefined, () => undefined);
    expect(dataset.kind).toBe('table');
    expect(dataset.itemCount).toBe(178);
    expect(dataset.fields).toEqual(keep);
    expect((await db().datasets.get('w'))!.columnTypes).toEqual(types);
    const [first] = await readItems('w', dataset.chunkSize, [0]);
    expect(first).toMatchObject({ id: 'w0', text: '', fields: { alcohol: '14.23', magnesium: '127', proline: '1065' } });
    const labels = (await loadLabelState('w', 178)).state.label;
    expect([0, 1, 2].map((k) => labels.filter((l) => l === k).length)).toEqual([59, 71, 48]);
    // Rows differ, so their hashes do (a table's hash is its cells, not the empty text).
    const chunk = await db().chunks.get(['w', 0]);
    expect(new Set(chunk!.hashes).size).toBe(178);
    const { columns } = await readFieldColumns('w', ['alcohol']);
    expect(columns[0].slice(0, 2)).toEqual(['14.23', '13.2']);

    const profile = await profileDataset('w');
    expect(profile.map((p) => p.name)).toEqual(keep);
    const alcohol = profile.find((p) => p.name === 'alcohol')!;
    expect(alcohol.type === 'numeric' && alcohol.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(178);
    // The override holds: magnesium is profiled as categories.
    expect(profile.find((p) => p.name === 'magnesium')).toMatchObject({ type: 'categorical', missing: 0 });
    // One pass with parsed numbers gives what profiling the string columns gives.
    expect(profile).toEqual(profileTable(keep, (await readFieldColumns('w', keep)).columns, types));
    await expect(profileDataset('nope')).rejects.toThrow(/no longer exists/);
  });

  it('refuses a table mapping with an untyped column before writing anything', async () => {
    const mapping: ImportMapping = { format: 'csv', delimiter: ',', textColumn: null, columnTypes: { alcohol: 'numeric' }, idColumn: 'id', labelColumn: null, labelValues: {}, keepColumns: ['alcohol', 'hue'] };
    await expect(beginImport({ datasetId: 'x', name: 'x', files: [wine()], mapping, classes })).rejects.toThrow('The column "hue" has no type (none was given).');
    const bad = { ...mapping, columnTypes: { alcohol: 'numeric', hue: 'number' } } as unknown as ImportMapping;
    await expect(beginImport({ datasetId: 'x', name: 'x', files: [wine()], mapping: bad, classes })).rejects.toThrow('The column "hue" has no type ("number" is not one of numeric, categorical, boolean, datetime, text).');
    expect(await db().datasets.count()).toBe(0);
  });
});
