import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';

const LOCAL = /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|blob:|data:|about:)/;

/** Canary accuracy and macro-F1 of a snapshot taken now, as the Snapshots tab shows them. */
async function canaryNumbers(page: Page): Promise<string[]> {
  await page.getByRole('link', { name: 'Snapshots' }).click();
  const rows = page.getByTestId('snapshot-row');
  const before = await rows.count();
  await page.getByTestId('snapshot-name').fill('measure');
  await page.getByTestId('snapshot-take').click();
  await expect(rows).toHaveCount(before + 1);
  const cells = rows.first().locator('td');
  const numbers = [(await cells.nth(3).textContent())!, (await cells.nth(4).textContent())!];
  expect(numbers[0]).toMatch(/^\d+\.\d %$/);
  return numbers;
}

test('export → fresh profile → import brings back the same labels, sources and canary metrics', async ({ page, browser }, testInfo) => {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  // A human edit, so the round trip has labels by more than one author.
  await page.getByTestId('item-row').first().click();
  await page.keyboard.press('2');
  await expect(page.getByTestId('labeled-count')).toHaveText('371 of 1,956 labeled');
  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 60_000 });
  const metrics = await canaryNumbers(page);

  await page.getByRole('button', { name: 'Export…' }).click();
  const downloads = [page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.csv')), page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.lineage.json'))];
  await page.getByTestId('export-start').click();
  const files = await Promise.all(
    (await Promise.all(downloads)).map(async (d) => ({ name: d.suggestedFilename(), mimeType: d.suggestedFilename().endsWith('.csv') ? 'text/csv' : 'application/json', buffer: readFileSync((await d.path())!) })),
  );

  // A fresh profile: a new browser context has its own, empty IndexedDB.
  const fresh = await browser.newContext({ baseURL: testInfo.project.use.baseURL, acceptDownloads: true });
  const offOrigin: string[] = [];
  fresh.on('request', (r) => {
    if (!LOCAL.test(r.url())) offOrigin.push(r.url());
  });
  await fresh.route((url) => !LOCAL.test(url.toString()), (route) => route.abort('blockedbyclient'));
  const other = await fresh.newPage();
  await other.goto('/');
  await expect(other.getByText('Try the WRENCH sample')).toBeVisible();
  await other.getByTestId('import-input').setInputFiles(files);
  await expect(other.getByTestId('labeled-count')).toHaveText('371 of 1,956 labeled', { timeout: 60_000 });
  await expect(other.locator('.notices')).toContainText('Imported from a Sift export of "');
  await other.getByRole('link', { name: 'Sources' }).click();
  await expect(other.getByTestId('source-row')).toHaveCount(10);
  await expect(other.getByTestId('source-row').first()).toHaveAttribute('data-name', 'keyword_my');
  expect(await canaryNumbers(other)).toEqual(metrics);
  // The human label keeps its author.
  await other.getByRole('link', { name: 'Items' }).click();
  await other.getByTestId('item-row').first().click();
  await expect(other.locator('.item-panel')).toContainText('you');
  await fresh.close();
  expect(offOrigin).toEqual([]);
});
