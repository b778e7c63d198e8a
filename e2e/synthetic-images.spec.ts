import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

test('digits: an augmented image batch gets a vector fidelity report, is accepted, renders as images and exports as synthetic', async ({ page }) => {
  // A digits import, a batch with a 5-fold detection and an export, on a loaded 2-core machine.
  test.setTimeout(420_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the digits sample' }).click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2,000 of 2,000 labeled', { timeout: 90_000 });

  await page.getByRole('link', { name: 'Synthetic', exact: true }).click();
  await expect(page.getByTestId('no-batches')).toBeVisible();
  await expect(page.getByTestId('synthetic-method')).toHaveValue('augment');
  // Mirrored digits are other symbols: flips start off.
  await expect(page.getByTestId('transform-flip')).not.toBeChecked();
  const axe = await new AxeBuilder({ page }).include('[data-testid="image-transforms"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.length} nodes`)).toEqual([]);
  await page.getByTestId('synthetic-class').selectOption({ label: '5' });
  await expect(page.getByTestId('synthetic-class')).toHaveValue('5');
  await page.getByTestId('synthetic-count').fill('20');
  await expect(page.getByTestId('synthetic-count')).toHaveValue('20');
  await page.getByTestId('transform-rotation').fill('8');
  await expect(page.getByTestId('transform-rotation')).toHaveValue('8');
  await page.getByTestId('synthetic-generate').click();
  await expect(page.getByTestId('batch-row')).toHaveCount(1, { timeout: 180_000 });
  await expect(page.getByTestId('labeled-count')).toHaveText('2,020 of 2,020 labeled');

  const row = page.getByTestId('batch-row').first();
  await expect(row).toContainText('image augmentation');
  await expect(row.getByTestId('batch-status')).toHaveText('not in training');
  const report = page.getByTestId('batch-report').getByTestId('vector-report');
  await expect(report).toContainText('8×8 grey image (area-downsampled, L2-normalised; 64 dimensions)');
  await expect(report).toContainText('20 synthetic vectors');
  for (const id of ['vector-shapes', 'vector-auc', 'vector-precision', 'vector-recall']) await expect(report.getByTestId(id)).toHaveText(/^[01]\.\d{3}$/);
  await expect(page.getByTestId('batch-report')).toContainText('rotation ≤ 8°, noise σ = 8 grey levels');
  // MNIST's background is exactly black: the report says the noise gives the exemplars away.
  await expect(report).toContainText('the noise lights up a background that is exactly black');

  // Accepting goes by the user's criteria: with no limits set, the batch passes them and enters training.
  await page.getByTestId('criteria-quality').fill('');
  await page.getByTestId('criteria-auc').fill('');
  await page.getByTestId('criteria-save').click();
  await expect(page.getByTestId('message-info').last()).toHaveText(/Acceptance criteria saved/);
  await expect(row.getByTestId('batch-criteria')).toHaveText('pass');
  await page.getByTestId('batch-accept').click();
  await expect(row.getByTestId('batch-status')).toHaveText('accepted, in training');

  // The exemplars are image items like any other, shown in the grid as 28×28 pictures.
  await page.getByRole('link', { name: 'Items', exact: true }).click();
  await page.getByTestId('filter-text').fill('syn1-');
  await expect(page.getByTestId('match-count')).toHaveText('20 items');
  const cell = page.getByTestId('grid-cell').first();
  await expect(cell.locator('img')).toBeVisible();
  await expect.poll(() => cell.locator('img').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([28, 28]);
  await expect(cell.locator('.chip')).toHaveText('5');

  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-jsonl').check();
  const download = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.jsonl'));
  await page.getByTestId('export-start').click();
  const records = readFileSync(await (await download).path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(records).toHaveLength(2020);
  const made = records.slice(2000);
  const fives = records.slice(0, 2000).filter((r) => r.label === '5').length;
  // Accepted: each "5" weighs real / (real + 20), so the class keeps its real total weight.
  expect(made.map((r) => [r.synthetic, r.synthetic_batch, r.split, r.label])).toEqual(new Array(20).fill([true, 1, 'train', '5']));
  for (const r of made) expect(r.training_weight).toBeCloseTo(fives / (fives + 20), 5);
  expect(records.slice(0, 2000).every((r) => r.synthetic === false)).toBe(true);

  // Any two image sets compare on the same vectors: here the batch against the real train fives.
  await page.getByRole('link', { name: 'Fidelity', exact: true }).click();
  await expect(page.getByTestId('fidelity-images-hint')).toContainText('k-NN precision and recall');
  await page.getByTestId('fidelity-class-a').selectOption({ label: '5' });
  await expect(page.getByTestId('fidelity-class-a')).toHaveValue('5');
  await page.getByTestId('fidelity-set-b').selectOption('batch:1');
  await expect(page.getByTestId('fidelity-set-b')).toHaveValue('batch:1');
  await page.getByTestId('fidelity-compute').click();
  await expect(page.getByTestId('fidelity-title')).toHaveText('synthetic batch 1 (5) against train (real items), 5', { timeout: 120_000 });
  const sets = page.getByTestId('vector-report');
  await expect(sets).toContainText('On 8×8 grey image (area-downsampled, L2-normalised; 64 dimensions)');
  await expect(sets).toContainText('reference and 20 compared vectors');
  for (const id of ['vector-shapes', 'vector-auc', 'vector-precision', 'vector-recall']) await expect(sets.getByTestId(id)).toHaveText(/^[01]\.\d{3}$/);
});
