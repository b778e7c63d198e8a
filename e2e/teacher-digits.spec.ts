import { readFileSync } from 'node:fs';
import { expect, MODEL_LOAD, test } from './fixtures';
import { digitLabels, digitPng } from './lib/digits';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';

const card = JSON.parse(readFileSync(new URL('../models/builtin/mnist-digit-teacher/card.json', import.meta.url), 'utf8'));
const cardAccuracy: number = card.metrics.find((m: { name: string; label?: string }) => m.name === 'accuracy' && !m.label).value;

test("the digit teacher on the 2,000 sample digits scores its card's accuracy, decoding PNGs in the worker", async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the digits sample' }).click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2,000 of 2,000 labeled', { timeout: 60_000 });
  const datasetId = await currentDatasetId(page);
  await page.getByRole('link', { name: 'Teachers' }).click();
  await expect(page.getByTestId('teacher-model')).toHaveValue('builtin:mnist-digit-teacher');
  // Auto on Chromium's software adapter: WASM, and the reason says so.
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('run-device').first()).toContainText('WASM: the WebGPU adapter');
  await expect(page.getByTestId('run-device').first()).toContainText('software fallback');
  await expect(page.getByTestId('run-agreement').first()).toContainText(`${(cardAccuracy * 100).toFixed(1)}% of the 2,000 labeled items`);

  const source = (await readStore<{ id: string; datasetId: string; kind: string }>(page, 'sources')).find((s) => s.datasetId === datasetId && s.kind === 'teacher')!;
  const votes = await readColumnValues(page, datasetId, `votes:${source.id}`);
  const truth = digitLabels();
  const correct = votes.filter((v, i) => v === truth[i]).length;
  expect(correct / 2000).toBe(cardAccuracy);
  const probs = await readColumnValues(page, datasetId, `probs:${source.id}`);
  expect(probs).toHaveLength(2000 * 10);
  for (let i = 0; i < 2000; i += 97) expect(probs.slice(i * 10, i * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
});

test('the built-in image embedder stores unit vectors for every digit', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the digits sample' }).click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2,000 of 2,000 labeled', { timeout: 60_000 });
  const datasetId = await currentDatasetId(page);
  await page.getByRole('link', { name: 'Teachers' }).click();
  await page.getByTestId('teacher-model').selectOption('builtin:image-pixels-embedder');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('embeddings')).toHaveText('vec:image-pixels-embedder');
  const vectors = await readColumnValues(page, datasetId, 'vec:image-pixels-embedder');
  expect(vectors).toHaveLength(2000 * 196);
  const norm = (i: number) => Math.sqrt(vectors.slice(i * 196, (i + 1) * 196).reduce((s, x) => s + x * x, 0));
  expect(norm(0)).toBeCloseTo(1, 5);
  expect(norm(1999)).toBeCloseTo(1, 5);
});

test('an image that does not decode stops the run with a specific error, leaves no outputs, and the worker keeps working', async ({ page }) => {
  await page.goto('/');
  const png = (n: number) => ({ name: `${String(n).padStart(5, '0')}.png`, mimeType: 'image/png', buffer: digitPng(n) });
  const labels = { name: 'labels.csv', mimeType: 'text/csv', buffer: Buffer.from('file,label\n00000.png,7\n00001.png,2\n00002.png,1\n') };
  await page.getByTestId('import-input').setInputFiles([png(0), png(1), png(2), labels]);
  await expect(page.getByTestId('label-column')).toHaveValue('label');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('3 of 3 labeled');
  const datasetId = await currentDatasetId(page);
  // Damage the second image in the store, as a failing disk or a bug elsewhere could.
  await page.evaluate(
    (id) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sift');
        open.onsuccess = () => {
          const tx = open.result.transaction('chunks', 'readwrite');
          const store = tx.objectStore('chunks');
          const get = store.get([id, 0]);
          get.onsuccess = () => {
            const chunk = get.result;
            chunk.images[1] = chunk.images[1].slice(0, 40);
            store.put(chunk);
          };
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    datasetId,
  );
  await page.getByRole('link', { name: 'Teachers' }).click();
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('message-error').last()).toContainText("item 2 ('00001.png') could not be decoded as an image", MODEL_LOAD);
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'failed');
  expect((await readStore<{ datasetId: string }>(page, 'sources')).filter((s) => s.datasetId === datasetId)).toHaveLength(0);
  expect((await readStore<{ datasetId: string; name: string }>(page, 'columns')).filter((c) => c.datasetId === datasetId).map((c) => c.name)).toEqual(['split']);

  // The same worker then runs the embedder, which skips no image: it fails the same way, specifically.
  await page.getByTestId('teacher-model').selectOption('builtin:image-pixels-embedder');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'failed');
  // And a dataset of good images still runs.
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles([png(3), png(4)]);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 2 labeled');
  await page.getByRole('link', { name: 'Teachers' }).click();
  await page.getByTestId('teacher-model').selectOption('builtin:image-pixels-embedder');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
});
