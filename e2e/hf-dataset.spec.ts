import { readFileSync } from 'node:fs';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { expect, test } from './fixtures';

const CARD = `---
license: cc-by-4.0
dataset_info:
  features:
  - name: sms
    dtype: string
  - name: label
    dtype:
      class_label:
        names:
          '0': legit
          '1': spam
          '2': promo
  splits:
  - name: train
    num_examples: 4
  - name: test
    num_examples: 2
---
# Messages
`;

function split(texts: string[], labels: number[]): Uint8Array {
  const buffer = parquetWriteBuffer({ columnData: [{ name: 'sms', data: texts, type: 'STRING' }, { name: 'label', data: BigInt64Array.from(labels.map(BigInt)), type: 'INT64' }] });
  return new Uint8Array(buffer);
}

test('a Hugging Face dataset folder (card + Parquet splits, zipped) imports with the card’s class names', async ({ page }) => {
  // The test split holds the only "promo" row and an unlabeled one (-1): codes the preview never saw still map.
  const zip = zipSync({
    'messages/README.md': strToU8(CARD),
    'messages/.gitattributes': strToU8('*.parquet filter=lfs\n'),
    'messages/data/test-00000-of-00001.parquet': split(['20% off today only', 'see you at 6'], [2, -1]),
    'messages/data/train-00000-of-00001.parquet': split(['call me later', 'WIN a prize now', 'lunch?', 'free entry, text WIN'], [0, 1, 0, 1]),
  });
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles({ name: 'messages.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(page.getByRole('main', { name: 'Import mapping' })).toBeVisible();
  await expect(page.getByTestId('class-hint')).toContainText('the ClassLabel "label" (legit, spam, promo)');
  await expect(page.getByTestId('label-column')).toHaveValue('label');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('5 of 6 labeled', { timeout: 90_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('messages');
  await page.getByTestId('filter-label').selectOption({ label: 'promo' });
  await expect(page.getByTestId('match-count')).toHaveText('1 item');
  await expect(page.getByTestId('item-row').first()).toContainText('20% off today only');
});

test('a dataset card that cannot be read says why and imports nothing', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles([
    { name: 'README.md', mimeType: 'text/markdown', buffer: Buffer.from('---\ndataset_info:\n  features:\n  - name: label\n    dtype:\n      class_label:\n        names:\n          \'0\': a\n          \'2\': b\n---\n') },
    { name: 'train.csv', mimeType: 'text/csv', buffer: Buffer.from('text,label\nhi,0\n') },
  ]);
  await expect(page.getByTestId('message-error')).toContainText('the class_label names of "label" skip an index');
  await expect(page.getByRole('main', { name: 'Import mapping' })).toHaveCount(0);
});

test('exports a Hugging Face dataset (card + Parquet per split) and Label Studio tasks, and the HF export imports back', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  const rows = ['x1,hello there,a', 'x2,=WIN now,b', 'x3,lunch?,a', 'x4,unlabeled one,'];
  await page.getByTestId('import-input').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('id,text,label\n' + rows.join('\n') + '\n') });
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('3 of 4 labeled', { timeout: 90_000 });

  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-hf').check();
  const hfDownload = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const hf = await hfDownload;
  expect(hf.suggestedFilename()).toBe('notes.hf.zip');
  const files = unzipSync(new Uint8Array(readFileSync(await hf.path())));
  const card = strFromU8(files['notes/README.md']);
  expect(card).toContain("'0': a");
  expect(card).toContain("'1': b");
  const train = await parquetReadObjects({ file: toArrayBuffer(files['notes/data/train-00000-of-00001.parquet']) });
  expect(train.map((r) => [r.id, r.text, r.label])).toEqual([
    ['x1', 'hello there', 0],
    ['x2', '=WIN now', 1],
    ['x3', 'lunch?', 0],
    ['x4', 'unlabeled one', -1],
  ]);

  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-label-studio').check();
  const lsDownload = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const ls = await lsDownload;
  expect(ls.suggestedFilename()).toBe('notes.label-studio.json');
  const tasks = JSON.parse(readFileSync(await ls.path(), 'utf8'));
  expect(tasks).toHaveLength(4);
  expect(tasks[1]).toMatchObject({ data: { text: '=WIN now', sift_id: 'x2' }, annotations: [{ result: [{ value: { choices: ['b'] } }] }] });

  // The exported folder, zipped again, is a dataset the import reads with its class names.
  await page.locator('a.brand').click();
  await page.getByTestId('import-input').setInputFiles({ name: 'notes.hf.zip', mimeType: 'application/zip', buffer: readFileSync(await hf.path()) });
  await expect(page.getByTestId('class-hint')).toContainText('the ClassLabel "label" (a, b)');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('3 of 4 labeled', { timeout: 90_000 });
});

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
