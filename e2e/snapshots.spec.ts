import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';

/** The WRENCH sample (370 gold labels: dev and canary) with a label model fitted, so snapshots carry canary metrics. */
/** Items mentioning "check" that are labeled HAM, once the filter has finished. */
async function hamCheckCount(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Items' }).click();
  await page.getByTestId('filter-text').fill('check');
  await page.getByTestId('filter-label').selectOption({ label: 'HAM' });
  await expect(page.getByTestId('match-count')).toHaveText(/^[\d,]+ items?$/);
  return (await page.getByTestId('match-count').textContent())!;
}

async function wrenchWithLabelModel(page: Page) {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 60_000 });
}

test('snapshot → bulk label → diff → rollback, and the rollback is itself undone from its own snapshot', async ({ page }) => {
  await wrenchWithLabelModel(page);
  await page.getByRole('link', { name: 'Snapshots' }).click();
  await expect(page.getByTestId('no-snapshots')).toBeVisible();
  await page.getByTestId('snapshot-name').fill('baseline');
  await page.getByTestId('snapshot-take').click();
  const rows = page.getByTestId('snapshot-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('baseline');
  await expect(rows.first()).toContainText('First snapshot.');
  await expect(rows.first()).toContainText('%');

  // Bulk-label every item mentioning "check" as HAM.
  await page.getByRole('link', { name: 'Items' }).click();
  await page.getByTestId('filter-text').fill('check');
  await expect(page.getByTestId('match-count')).toHaveText(/^(?!1,956 )[\d,]+ items$/);
  await page.getByTestId('bulk-label').selectOption({ label: 'HAM' });
  const summary = await page.getByTestId('bulk-summary').textContent();
  const changed = Number(/Set ([\d,]+) of/.exec(summary ?? '')![1].replace(/,/g, ''));
  expect(changed).toBeGreaterThan(10);
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('labeled-count')).not.toHaveText('370 of 1,956 labeled');
  const afterBulk = await page.getByTestId('labeled-count').textContent();
  const hamAfterBulk = await hamCheckCount(page);

  await page.getByRole('link', { name: 'Snapshots' }).click();
  // Sift took one before the bulk label; take one after it.
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Before bulk label');
  await expect(rows.first()).toContainText('Nothing changed.');
  await page.getByTestId('snapshot-name').fill('after bulk');
  await page.getByTestId('snapshot-take').click();
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('1 label change');

  await page.getByTestId('diff-a').selectOption({ label: (await page.getByTestId('diff-a').locator('option', { hasText: 'baseline' }).textContent())! });
  await page.getByTestId('diff-b').selectOption({ label: (await page.getByTestId('diff-b').locator('option', { hasText: 'after bulk' }).textContent())! });
  await page.getByTestId('diff-run').click();
  await expect(page.getByTestId('diff-summary')).toContainText(`${changed.toLocaleString('en-US')} items changed label or label source`);
  await expect(page.getByTestId('diff-row').first()).toContainText('HAM · you');
  await expect(page.getByTestId('diff-chart')).toBeVisible();
  await expect(page.getByTestId('diff-canary')).toContainText('Accuracy');

  // Roll back to the baseline (after a confirmation).
  await rows.filter({ hasText: 'baseline' }).getByTestId('snapshot-rollback').click();
  await page.getByTestId('rollback-confirm').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled');
  await expect(rows.first()).toContainText('Before rollback to "baseline"');
  expect(await hamCheckCount(page)).not.toBe(hamAfterBulk);

  // Undo the rollback: roll back to the snapshot it took first.
  await page.getByRole('link', { name: 'Snapshots' }).click();
  await rows.filter({ hasText: 'Before rollback to "baseline"' }).getByTestId('snapshot-rollback').click();
  await page.getByTestId('rollback-confirm').click();
  await expect(page.getByTestId('labeled-count')).toHaveText(afterBulk!);
  expect(await hamCheckCount(page)).toBe(hamAfterBulk);
});

test('a gated export is refused with its reasons, then exported on an explicit override recorded in the lineage', async ({ page }) => {
  await wrenchWithLabelModel(page);
  await page.getByRole('link', { name: 'Snapshots' }).click();
  await page.getByTestId('gate-minAccuracy').fill('0.99');
  await page.getByTestId('gate-save').click();
  await expect(page.getByTestId('message-info').last()).toContainText('Canary gate saved.');

  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-jsonl').check();
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('gate-refused')).toContainText(/Canary accuracy \d+\.\d % is below the minimum 99\.0 %\./);
  await expect(page.getByTestId('gate-override')).toBeDisabled();
  await page.getByTestId('gate-override-reason').fill('pilot run, reviewed by hand');
  const downloads: { name: string; path: string }[] = [];
  page.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), path: (await d.path())! }));
  await page.getByTestId('gate-override').click();
  await expect.poll(() => downloads.length).toBe(2);
  const lineageFile = downloads.find((d) => d.name.endsWith('.lineage.json'))!;
  const lineage = JSON.parse(readFileSync(lineageFile.path, 'utf8'));
  expect(lineage.gate).toMatchObject({ passed: false, criteria: { minAccuracy: 0.99 }, override: { reason: 'pilot run, reviewed by hand' } });
  expect(lineage.gate.reasons[0]).toMatch(/below the minimum 99\.0 %/);
  expect(lineage.snapshot.name).toBe('Export');

  // The export's snapshot is listed; nothing was accepted.
  await page.getByRole('link', { name: 'Snapshots' }).click();
  await expect(page.getByTestId('snapshot-row').first()).toContainText('Export');
  await expect(page.getByTestId('gate-accepted')).toHaveText('No export has been accepted yet.');

  // Lowering the bar lets the export through and accepts it.
  await page.getByTestId('gate-minAccuracy').fill('0.5');
  await page.getByTestId('gate-save').click();
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-start').click();
  await expect.poll(() => downloads.length).toBe(4);
  await page.getByRole('link', { name: 'Items' }).click();
  await page.getByRole('link', { name: 'Snapshots' }).click();
  await expect(page.getByTestId('gate-accepted')).toContainText('Last accepted: "Export"');
});
