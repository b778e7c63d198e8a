import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { expect, storeCounts, test } from './fixtures';

/** Rows of random text: IndexedDB compresses values, so repetitive text would never fill a quota. */
const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i},${randomBytes(96).toString('base64')}\n`).join('');

test('a full disk is reported as "storage is full" with the numbers, leaves nothing behind, and the app works once there is room', async ({ baseURL }) => {
  test.setTimeout(240_000);
  // Quotas apply to storage on disk: the default incognito context keeps IndexedDB in memory.
  const profile = mkdtempSync(join(tmpdir(), 'sift-quota-'));
  const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), baseURL });
  const offOrigin: string[] = [];
  const local = (url: string) => new URL(url).origin === new URL(baseURL!).origin || /^(blob|data|about):/.test(url);
  context.on('request', (request) => {
    if (!local(request.url())) offOrigin.push(request.url());
  });
  await context.route((url) => !local(url.toString()), (route) => route.abort('blockedbyclient'));
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  const cdp = await context.newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 2 * 1024 * 1024 });

  const csv = Buffer.from('id,text\n' + rows(30_000));
  await page.getByTestId('import-input').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: csv });
  await page.getByTestId('start-import').click();
  const error = page.getByTestId('message-error');
  await expect(error).toContainText(/Storage is full: [\d.,]+ MB used of [\d.,]+ MB\. The import stopped and nothing of it was kept\./, { timeout: 60_000 });
  await expect(error).toContainText('export what you need and delete a dataset');
  await expect(page.getByTestId('task')).toHaveCount(0);
  expect(await storeCounts(page)).toEqual({ datasets: 0, chunks: 0, columns: 0, labelEvents: 0 });
  await expect(page.getByTestId('datasets').getByRole('listitem')).toHaveCount(0);

  // With the quota back to normal the same file imports: the failed attempt left the store usable.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.getByTestId('import-input').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: csv });
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 30,000 labeled', { timeout: 60_000 });
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  expect(offOrigin, 'requests that left the app origin').toEqual([]);
});
