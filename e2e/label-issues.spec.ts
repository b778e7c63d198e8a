import { expect, test } from './fixtures';
import { readStore } from './lib/store';
import { openTab } from './lib/spam-pool';

test('label issues: k-fold students judge the labels, the list sorts by either score, "Review these" queues them as likely label errors', async ({ page }) => {
  // Import, a label model and five student fits on a busy two-core machine.
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 90_000 });

  // The pool has no human label: checking human labels only says so.
  await openTab(page, 'Label issues');
  await page.getByTestId('issues-against').selectOption('given');
  await page.getByTestId('issues-run').click();
  await expect(page.locator('.message.error').first()).toContainText('No pool item has a human label yet', { timeout: 60_000 });

  await openTab(page, 'Label model');
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 90_000 });

  await openTab(page, 'Label issues');
  await page.getByTestId('issues-against').selectOption('predicted');
  await page.getByTestId('issues-run').click();
  const summary = page.getByTestId('issues-summary');
  await expect(summary).toContainText(/[\d,]+ likely label errors among [\d,]+ checked labels \(human and predicted labels, 5-fold students/, { timeout: 240_000 });
  const [flagged, checked] = ((await summary.textContent()) ?? '').match(/[\d,]+/g)!.slice(0, 2).map((s) => Number(s.replace(/,/g, '')));
  expect(flagged).toBeGreaterThan(0);
  // Only pool items are judged (1,586 of them), never dev or canary.
  expect(checked).toBeGreaterThan(flagged);
  expect(checked).toBeLessThanOrEqual(1586);
  await expect(page.getByTestId('issues-joint').locator('tbody tr')).toHaveCount(2);
  const rows = page.getByTestId('issue-row');
  await expect(rows).toHaveCount(Math.min(flagged, 200));

  const numbers = async (testId: string) => (await page.getByTestId(testId).allTextContents()).map((t) => parseFloat(t));
  const ascending = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1] <= v);
  expect(ascending(await numbers('issue-self'))).toBe(true);
  await page.getByTestId('issues-sort-normalizedMargin').click();
  await expect(page.getByTestId('issues-sort-normalizedMargin')).toContainText('▲');
  expect(ascending(await numbers('issue-margin'))).toBe(true);
  const first = await rows.first().getAttribute('data-item');

  const runs = await readStore<{ kind: string; status: string; results: { flagged: number } }>(page, 'runs');
  const done = runs.filter((r) => r.kind === 'label-issues' && r.status === 'done');
  expect(done).toHaveLength(1);
  expect(done[0].results.flagged).toBe(flagged);

  await page.getByTestId('issues-review').click();
  await expect(page.getByTestId('review-progress')).toContainText(`item 1 of ${flagged}`);
  await expect(page.getByTestId('review-reasons')).toContainText('likely label error');
  await expect(page.getByTestId('review-item')).toHaveAttribute('data-item', first!);
  await expect(page.getByTestId('review-text')).not.toHaveText('Loading…');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-progress')).toContainText(flagged > 1 ? `item 2 of ${flagged}` : 'batch done');
  await expect(page.getByTestId('labeled-count')).toHaveText('371 of 1,956 labeled');

  // The report is stored: a reload shows it again.
  await page.reload();
  await openTab(page, 'Label issues');
  await expect(page.getByTestId('issues-summary')).toContainText(`${flagged.toLocaleString('en-US')} likely label errors`, { timeout: 30_000 });
});
