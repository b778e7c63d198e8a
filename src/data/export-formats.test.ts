import 'fake-indexeddb/auto';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { cardImportPlan, classLabelValues, parseDatasetCard } from '../core/formats/hf-card';
import { isLabelStudio, labelStudioRecords } from '../core/formats/label-studio';
import { readTable } from '../core/formats/read';
import { Split } from '../core/types';
import { useDatabase, type ImportMapping } from './db';
import { exportDataset } from './export';
import { beginImport, runImport } from './import';
import { writeSplits } from './splits';
import { getDataset } from './datasets';

let n = 0;
beforeEach(() => {
  useDatabase(`export-formats-${++n}`);
});

const classes = [
  { name: 'ham', color: '#1f77b4', key: '1' },
  { name: 'spam', color: '#d62728', key: '2' },
];
const mapping: ImportMapping = { format: 'csv', delimiter: ',', textColumn: 'text', idColumn: 'id', labelColumn: 'label', labelValues: { ham: 0, spam: 1 }, keepColumns: ['likes'] };
const csv = 'id,text,likes,label\ni0,hello,1,ham\ni1,=WIN now,2,spam\ni2,"two, parts",3,\ni3,fine,4,ham\n';

async function imported(): Promise<void> {
  const file = new File([csv], 'a.csv');
  await beginImport({ datasetId: 'a', name: 'My comments', files: [file], mapping, classes });
  await runImport('a', [file], undefined, () => undefined);
}

async function rowsOf(bytes: Uint8Array, name: string): Promise<{ columns: string[]; rows: string[][] }> {
  const out = { columns: [] as string[], rows: [] as string[][] };
  for await (const batch of readTable(new File([bytes as Uint8Array<ArrayBuffer>], name))) {
    out.columns = batch.columns;
    out.rows.push(...batch.rows);
  }
  return out;
}

describe('Label Studio and Hugging Face exports', () => {
  it('Label Studio: one task per item, human labels as annotations, read back by the Label Studio import', async () => {
    await imported();
    const exported = await exportDataset('a', 'label-studio', undefined, () => undefined);
    expect(exported.fileName).toBe('My_comments.label-studio.json');
    const tasks = JSON.parse(await exported.blob.text());
    expect(isLabelStudio(tasks)).toBe(true);
    const records = labelStudioRecords(tasks);
    // JSON is data: the formula-like text is kept exactly.
    expect(records.map((r) => [r.sift_id, r.text, r.likes, r.label])).toEqual([
      ['i0', 'hello', '1', 'ham'],
      ['i1', '=WIN now', '2', 'spam'],
      ['i2', 'two, parts', '3', ''],
      ['i3', 'fine', '4', 'ham'],
    ]);
  });

  it('Hugging Face: a card naming the classes and one Parquet file per split, importable as a dataset folder', async () => {
    await imported();
    const dataset = (await getDataset('a'))!;
    await writeSplits(dataset, Uint8Array.from([Split.canary, Split.dev, Split.train, Split.train]), { seed: 1 });
    const exported = await exportDataset('a', 'hf', undefined, () => undefined);
    expect(exported.fileName).toBe('My_comments.hf.zip');
    const files = unzipSync(new Uint8Array(await exported.blob.arrayBuffer()));
    const paths = Object.keys(files).sort();
    expect(paths).toEqual([
      'My_comments/README.md',
      'My_comments/data/test-00000-of-00001.parquet',
      'My_comments/data/train-00000-of-00001.parquet',
      'My_comments/data/validation-00000-of-00001.parquet',
      'My_comments/sift-lineage.json',
    ]);
    const card = parseDatasetCard(strFromU8(files['My_comments/README.md']));
    expect(card.features.find((f) => f.name === 'label')).toEqual({ name: 'label', classNames: ['ham', 'spam'] });
    expect(card.splits).toEqual([{ name: 'train', numExamples: 2 }, { name: 'validation', numExamples: 1 }, { name: 'test', numExamples: 1 }]);
    const plan = cardImportPlan(card, paths);
    expect(plan.dataFiles[0]).toBe('My_comments/data/train-00000-of-00001.parquet');
    const train = await rowsOf(files[plan.dataFiles[0]], 'train.parquet');
    const codes = classLabelValues(plan.classNames);
    const at = (name: string) => train.columns.indexOf(name);
    expect(train.rows.map((r) => [r[at('id')], r[at('text')], r[at('label')], codes[r[at('label')]] ?? -1])).toEqual([
      ['i2', 'two, parts', '-1', -1],
      ['i3', 'fine', '0', 0],
    ]);
    const test = await rowsOf(files['My_comments/data/test-00000-of-00001.parquet'], 'test.parquet');
    expect(test.rows.map((r) => r[test.columns.indexOf('id')])).toEqual(['i0']);
  });
});
