import { expect, loadSample, test } from './fixtures';

test('settings show each dataset’s storage by kind and free it: automatic snapshots, then the dataset', async ({ page }) => {
  await loadSample(page);
  // A bulk label takes an automatic snapshot first (its chunks are what pruning frees).
  await page.getByTestId('filter-text').fill('check');
  await expect(page.getByTestId('match-count')).toHaveText(/^(?!1,956 )[\d,]+ items$/);
  await page.getByTestId('bulk-label').selectOption({ label: 'ham' });
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('message-info').filter({ hasText: /items are now ham/ })).toBeVisible();

  await page.getByRole('link', { name: 'Settings' }).click();
  const row = page.getByTestId('usage-row').filter({ hasText: 'YouTube spam (sample)' });
  await expect(row).toBeVisible();
  // 1,956 comments with their authors and dates: well over 100 KB of items, and a snapshot of the labels.
  await expect(row.locator('[data-kind="items"]')).toHaveText(/^(\d{3,}\.\d KB|[\d.]+ MB)$/);
  await expect(row.locator('[data-kind="snapshots"]')).not.toHaveText('0.0 KB');
  const prune = row.getByTestId('prune-snapshots');
  await expect(prune).toHaveText('Delete 1 automatic snapshot');
  await prune.click();
  await expect(page.getByTestId('message-info').filter({ hasText: /Deleted 1 automatic snapshot of YouTube spam \(sample\), freeing/ })).toBeVisible();
  await expect(row.getByTestId('prune-snapshots')).toHaveCount(0);
  await expect(row.locator('[data-kind="snapshots"]')).toHaveText('0.0 KB');

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByTestId('usage-delete-dataset').click();
  await expect(page.getByTestId('usage-row')).toHaveCount(0);
  await page.locator('a.brand').click();
  await expect(page.getByTestId('datasets')).not.toContainText('YouTube spam (sample)');
});
