import { parquetWriteBuffer } from 'hyparquet-writer';
import { zipSync, strToU8 } from 'fflate';
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
