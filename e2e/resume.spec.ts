import { writeFileSync } from 'node:fs';
import { expect, storeCounts, test, type Page } from './fixtures';
import { readStore } from './lib/store';

function bigCsv(path: string, rows: number): void {
  const lines = ['id,text,label\n'];
  for (let i = 0; i < rows; i++) lines.push(`r${i},"${'the quick brown fox jumps over the lazy dog '.repeat(4)}${i}",${i % 2}\n`);
  writeFileSync(path, lines.join(''));
}

/** Starts importing `path` and reloads the tab once some chunks are committed: a crash mid-import. */
async function interruptImport(page: Page, path: string): Promise<void> {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(path);
  await page.getByTestId('label-column').selectOption('label');
  await page.getByTestId('start-import').click();
  await expect.poll(async () => (await storeCounts(page)).chunks, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await page.reload();
}

test('an import interrupted by a reload is never shown half-done and can be resumed', async ({ page }) => {
  const path = test.info().outputPath('big.csv');
  bigCsv(path, 300_000);
  await interruptImport(page, path);
  const interrupted = page.getByTestId('interrupted-import');
  await expect(interrupted).toContainText(/import interrupted after [\d,]+ rows/);
  await expect(page.getByTestId('datasets').getByRole('listitem')).toHaveCount(0);

  await interrupted.getByTestId('resume-input').setInputFiles(path);
  await expect(page.getByTestId('labeled-count')).toHaveText('300,000 of 300,000 labeled', { timeout: 120_000 });
  await expect(page.getByTestId('match-count')).toHaveText('300,000 items');
  // No row was written twice: the last item is r299999 and ids stayed unique (no ~2 suffixes).
  await page.getByTestId('filter-text').fill('~2');
  await expect(page.getByTestId('match-count')).toHaveText('0 items');
  await page.getByTestId('filter-text').fill(' 299999');
  await expect(page.getByTestId('match-count')).toHaveText('1 item');
  await expect(page.getByTestId('item-id')).toHaveText('r299999');
});

test('an interrupted import can be discarded, leaving nothing behind', async ({ page }) => {
  const path = test.info().outputPath('big.csv');
  bigCsv(path, 300_000);
  await interruptImport(page, path);
  await page.getByTestId('interrupted-import').getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('interrupted-import')).toHaveCount(0);
  expect(await storeCounts(page)).toEqual({ datasets: 0, chunks: 0, columns: 0, labelEvents: 0 });
});

test('an import whose lock is still held when the page loads is offered for discard once the lock goes', async ({ page, context }) => {
  const path = test.info().outputPath('big.csv');
  bigCsv(path, 300_000);
  await interruptImport(page, path);
  const [dataset] = await readStore<{ id: string; status: string }>(page, 'datasets');
  expect(dataset.status).toBe('importing');
  // Another page holds the import's lock, as a reloaded tab's old worker can for a moment.
  const holder = await context.newPage();
  await holder.goto('/');
  await holder.evaluate((name) => {
    void navigator.locks.request(name, () => new Promise<void>((release) => ((window as never as { releaseImportLock: () => void }).releaseImportLock = release)));
  }, `sift-import:${dataset.id}`);
  await page.reload();
  await expect(page.getByTestId('running-import')).toBeVisible();
  await holder.evaluate(() => (window as never as { releaseImportLock: () => void }).releaseImportLock());
  // No click on Refresh: the page notices the lock is free.
  await page.getByTestId('interrupted-import').getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('interrupted-import')).toHaveCount(0);
  expect(await storeCounts(page)).toEqual({ datasets: 0, chunks: 0, columns: 0, labelEvents: 0 });
});

test('an import running in another tab is not offered for resume or discard', async ({ page, context }) => {
  const path = test.info().outputPath('big.csv');
  bigCsv(path, 300_000);
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(path);
  await page.getByTestId('start-import').click();
  await expect.poll(async () => (await storeCounts(page)).chunks, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  const other = await context.newPage();
  await other.goto('/');
  await expect(other.getByTestId('running-import')).toBeVisible();
  await expect(other.getByTestId('interrupted-import')).toHaveCount(0);
  await expect(page.getByTestId('labeled-count')).toBeVisible({ timeout: 120_000 });
});
