import { expect, test } from './fixtures';

/** Counts, straight from IndexedDB, items whose stored label-model prediction matches (independent of the query worker). */
async function countStored(page: import('./fixtures').Page, predicted: number | null, min: number, max = 1): Promise<number> {
  return page.evaluate(
    ({ predicted, min, max }) =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('sift');
        open.onsuccess = () => {
          const tx = open.result.transaction(['runs', 'columns']);
          const runs = tx.objectStore('runs').getAll();
          runs.onsuccess = () => {
            const run = runs.result.filter((r) => r.kind === 'label-model' && r.status === 'done').sort((a, b) => b.createdAt - a.createdAt)[0];
            const columns = tx.objectStore('columns').getAll();
            columns.onsuccess = () => {
              const pred = columns.result.filter((c) => c.name === `pred:${run.id}`);
              const probs = columns.result.filter((c) => c.name === `probs:${run.id}`);
              let count = 0;
              for (const chunk of pred) {
                const p = probs.find((c) => c.chunk === chunk.chunk).data as Float32Array;
                (chunk.data as Int8Array).forEach((label, i) => {
                  const confidence = Math.max(p[2 * i], p[2 * i + 1]);
                  if ((predicted === null || label === predicted) && confidence >= min && confidence <= max) count++;
                });
              }
              resolve(count);
            };
          };
        };
      }),
    { predicted, min, max },
  );
}

test('browse items by predicted class and confidence; the item panel shows the probabilities and every vote', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  await expect(page.getByTestId('filter-predicted')).toHaveCount(0);
  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-chosen')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: /Browse items by predicted class/ }).click();

  await page.getByTestId('filter-predicted').selectOption({ label: 'predicted SPAM' });
  await page.getByTestId('filter-confidence-min').fill('0.9');
  const expected = await countStored(page, 1, Math.fround(0.9));
  expect(expected).toBeGreaterThan(0);
  await expect(page.getByTestId('match-count')).toHaveText(`${expected.toLocaleString('en-US')} item${expected === 1 ? '' : 's'}`);
  await page.getByTestId('item-row').first().click();
  const prediction = page.getByTestId('item-prediction');
  await expect(prediction.locator('.chip')).toHaveText('SPAM');
  const confidence = Number.parseFloat((await prediction.textContent())!.replace(/.*confidence ([\d.]+) %.*/s, '$1'));
  expect(confidence).toBeGreaterThanOrEqual(90);
  await expect(page.getByTestId('item-vote')).toHaveCount(10);

  // Low-confidence items are where review pays off: the range filter finds them too.
  await page.getByTestId('filter-predicted').selectOption('any');
  await page.getByTestId('filter-confidence-min').fill('');
  await page.getByTestId('filter-confidence-max').fill('0.6');
  const uncertain = await countStored(page, null, 0, 0.6);
  expect(uncertain).toBeGreaterThan(0);
  await expect(page.getByTestId('match-count')).toHaveText(`${uncertain.toLocaleString('en-US')} item${uncertain === 1 ? '' : 's'}`);

  // The prediction survives a reload.
  await page.reload();
  await expect(page.getByTestId('filter-predicted')).toBeVisible();
  await expect(page.getByTestId('predicted-chip').first()).toBeVisible();
});
