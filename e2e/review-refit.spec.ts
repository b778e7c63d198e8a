import { expect, test } from './fixtures';
import { REVIEWED_SHARE } from '../src/core/review/reviewed-weight';
import { readStore } from './lib/store';

/** Answers the shown batch of `size` items with Enter, waiting for each answer to show before the next. */
async function answerBatch(page: import('@playwright/test').Page, size: number): Promise<void> {
  const progress = page.getByTestId('review-progress');
  for (let i = 1; i <= size; i++) {
    await expect(progress).toContainText(`item ${i} of ${size}`);
    await expect(page.getByTestId('review-text')).not.toHaveText('Loading…');
    await page.keyboard.press('Enter');
  }
  await expect(progress).toContainText('batch done');
}

test('refit closes the loop: review a batch, refit, and the curve gains a point per refit', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 60_000 });

  await page.getByRole('link', { name: 'Review' }).click();
  await expect(page.getByTestId('refit-chart')).toHaveCount(0);
  await page.getByTestId('review-batch').fill('3');
  await page.getByTestId('review-start').click();
  await expect(page.getByTestId('review-ranked-on')).toContainText('Ranked on the label model');
  await answerBatch(page, 3);
  await expect(page.getByTestId('labeled-count')).toHaveText('373 of 1,956 labeled');

  // The finished batch offers the refit; it runs every step, then ranks a new batch.
  await page.getByTestId('refit-offer-run').click();
  await expect(page.getByTestId('refit-step')).toBeVisible();
  await expect(page.getByTestId('refit-row')).toHaveCount(1, { timeout: 240_000 });
  await expect(page.getByTestId('refit-step')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('refit-chart')).toHaveAttribute('data-points', '1');
  await expect(page.getByTestId('refit-row').first().locator('td').first()).toHaveText('3');
  // A canary score for both the student and the label model alone (the sample labels 250 canary items).
  await expect(page.getByTestId('refit-row').first().locator('td').nth(1)).toHaveText(/^0\.\d{3}$|^1\.000$/);
  // Dev chose the student's loss (plain or class-weighted): the table says which.
  await expect(page.getByTestId('refit-row').first().locator('td').nth(2)).toHaveText(/^(plain|class-weighted)$/);
  await expect(page.getByTestId('refit-row').first().locator('td').nth(3)).toHaveText(/^0\.\d{3}$|^1\.000$/);
  await expect(page.getByTestId('review-progress')).toContainText('item 1 of 3');
  // The new batch ranks on what the refit trained: its student, calibrated on dev.
  await expect(page.getByTestId('review-ranked-on')).toContainText('Ranked on the student “Refit student (3 reviewed)” of the refit with 3 reviewed, calibrated on');

  await answerBatch(page, 3);
  await page.getByTestId('refit-run').click();
  await expect(page.getByTestId('refit-row')).toHaveCount(2, { timeout: 240_000 });
  await expect(page.getByTestId('refit-chart')).toHaveAttribute('data-points', '2');
  await expect(page.getByTestId('refit-row').nth(1).locator('td').first()).toHaveText('6');
  await expect(page.getByTestId('refit-step')).toHaveCount(0, { timeout: 60_000 });

  // Each refit is a run, and so is each of its steps.
  const runs = await readStore<{ kind: string; status: string; params: { poolLabels?: boolean; reviewedShare?: number } }>(page, 'runs');
  const done = (kind: string) => runs.filter((r) => r.kind === kind && r.status === 'done').length;
  expect(done('review-refit')).toBe(2);
  expect(done('label-model')).toBe(3);
  expect(done('calibration')).toBe(2);
  expect(done('student')).toBe(2);
  // The refits' label models count the answers; their students weigh them as a share of the pool.
  expect(runs.filter((r) => r.kind === 'label-model' && r.status === 'done').map((r) => r.params.poolLabels === true).sort()).toEqual([false, true, true]);
  expect(runs.filter((r) => r.kind === 'student' && r.status === 'done').map((r) => r.params.reviewedShare)).toEqual([REVIEWED_SHARE, REVIEWED_SHARE]);
  // The second refit's student replaced the first's in Sources: one refit student, not one per refit.
  const sources = await readStore<{ kind: string; name: string }>(page, 'sources');
  expect(sources.filter((s) => s.kind === 'student').map((s) => s.name)).toEqual(['Refit student (6 reviewed)']);

  // The curve survives a reload.
  await page.reload();
  await page.getByRole('link', { name: 'Review' }).click();
  await expect(page.getByTestId('refit-row')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId('refit-chart')).toHaveAttribute('data-points', '2');
});

test('a refit is cancelled from the task bar: the step and the refit stop, no curve point is kept', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('refit-run').click();
  await expect(page.getByTestId('refit-step')).toContainText('student', { timeout: 120_000 });
  // Training reads features, probes the backend and runs epochs: seconds at least, so the task is there to cancel.
  await page.getByRole('status', { name: /^Training Refit student/ }).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('message-info').filter({ hasText: 'cancelled' }).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('refit-step')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('refit-row')).toHaveCount(0);
  await expect(page.getByTestId('refit-run')).toBeEnabled();
  await expect
    .poll(async () => (await readStore<{ kind: string; status: string }>(page, 'runs')).filter((r) => r.kind === 'review-refit' || r.kind === 'student').map((r) => `${r.kind}:${r.status}`).sort(), { timeout: 60_000 })
    .toEqual(['review-refit:cancelled', 'student:cancelled']);
});
