import { expect, test } from './fixtures';
import { loadSpamPool, openTab } from './lib/spam-pool';

/**
 * A student trains in the background: the user opens another tab and labels while it runs, the
 * dataset's loop header shows how far it is, and the run ends with its student stored.
 */
// Generous: on a loaded 2-core machine a run of this size takes minutes.
test.describe.configure({ timeout: 900_000 });

test('training goes on while the user labels in Items, with its progress in the loop header', async ({ page }) => {
  await loadSpamPool(page);
  await openTab(page, 'Students');
  await page.getByTestId('student-name').fill('Background MLP');
  await page.getByTestId('student-arch').selectOption('mlp');
  await page.locator('details summary', { hasText: 'Training settings' }).click();
  // Long enough to outlast the steps below on any machine: no early stop before the epoch limit.
  await page.getByTestId('student-epochs').fill('600');
  await page.getByTestId('student-patience').fill('600');
  // The backend probe is not what this test is about; WASM is what "auto" picks here anyway.
  await page.getByTestId('student-backend').selectOption('wasm');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  const header = page.getByTestId('loop-training');
  await expect(header).toContainText('Training Background MLP');
  await expect(page.getByTestId('loop-training-state')).toContainText(/epoch \d+ of at most 600/, { timeout: 240_000 });

  // Elsewhere in the dataset: label an unlabelled item while the student trains.
  await openTab(page, 'Items');
  await page.getByTestId('filter-label').selectOption('unlabeled');
  await expect(page.getByTestId('match-count')).toHaveText('1,586 items');
  await page.getByTestId('item-row').first().click();
  await page.keyboard.press('2');
  await expect(page.getByTestId('labeled-count')).toHaveText('371 of 1,956 labeled');
  // Still training, and the header follows it epoch by epoch.
  const epochNow = async () => Number((/epoch (\d+)/.exec((await page.getByTestId('loop-training-state').textContent()) ?? '') ?? [])[1] ?? NaN);
  const seen = await epochNow();
  expect(seen).toBeGreaterThan(0);
  await expect.poll(epochNow, { timeout: 180_000 }).toBeGreaterThan(seen);
  await expect(header.getByRole('progressbar', { name: 'Background MLP: epochs done' })).toBeVisible();

  // The run finishes while the user is still in Items: the header clears, the student is stored.
  await expect(header).toHaveCount(0, { timeout: 600_000 });
  await expect(page.getByTestId('message-error')).toHaveCount(0);
  await openTab(page, 'Students');
  await expect(page.getByTestId('student-run').filter({ hasText: 'Background MLP' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('train-student')).toBeEnabled();
});
