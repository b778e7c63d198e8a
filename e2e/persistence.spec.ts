import { expect, loadSample, test } from './fixtures';

test('labels, splits and datasets survive a reload', async ({ page }) => {
  await loadSample(page);
  await page.getByTestId('filter-label').selectOption('any');
  await page.keyboard.press('1'); // item 1 was spam (import) → ham (you)
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('50');
  await page.getByTestId('dev-size').fill('50');
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('message-info')).toContainText('Canary: 50 items');
  const url = page.url();

  await page.reload();
  await expect(page).toHaveURL(url);
  await expect(page.getByTestId('labeled-count')).toHaveText('1,956 of 1,956 labeled');
  await expect(page.getByTestId('history')).toContainText('ham (was spam) by you');
  await page.getByTestId('filter-split').selectOption({ label: 'canary' });
  await expect(page.getByTestId('match-count')).toHaveText('50 items');
  await page.goto('/');
  await expect(page.getByTestId('datasets')).toContainText('YouTube spam (sample)');
});

test('settings show storage used and can ask for persistent storage', async ({ page }) => {
  await loadSample(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('storage-usage')).toContainText(/Used [\d.]+ MB of [\d.]+ MB/);
  await page.getByTestId('persist').click();
  // Headless Chromium decides by its own heuristics; either answer must be reported, not swallowed.
  await expect(page.getByTestId('storage-persisted')).toContainText(/Persistent|Best effort/);
  await expect(page.getByTestId('message-info').or(page.getByTestId('message-error'))).toContainText(/persistent storage|Storage is now persistent/);
});
