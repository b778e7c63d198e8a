import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { expect, test, type Page } from './fixtures';
import { addKeywordLf } from './lib/lf-steps';
import { loadSpamPool, openTab } from './lib/spam-pool';

/**
 * The dataset's labels: a student that beats the label model on dev takes over the default export
 * (its lineage names the run and why); pinning the label model brings the export back to it.
 */
test.describe.configure({ timeout: 420_000 });

async function exportDefault(page: Page): Promise<{ rows: Record<string, string>[]; lineage: Record<string, any> }> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export labels' });
  await expect(dialog.getByTestId('export-result').locator('option').first()).toHaveText(/^Dataset labels: /);
  const data = page.waitForEvent('download', { predicate: (d) => !d.suggestedFilename().endsWith('.lineage.json'), timeout: 60_000 });
  const lineage = page.waitForEvent('download', { predicate: (d) => d.suggestedFilename().endsWith('.lineage.json'), timeout: 60_000 });
  await dialog.getByTestId('export-start').click();
  const [file, meta] = await Promise.all([data, lineage]);
  await expect(dialog).toHaveCount(0);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(await file.path(), 'utf8').replace(/\r\n$/, ''), { header: true, newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  return { rows: parsed.data, lineage: JSON.parse(readFileSync(await meta.path(), 'utf8')) };
}

test('a student that beats the label model on dev becomes the export’s labels; a pinned label model takes them back', async ({ page }) => {
  await loadSpamPool(page);
  // One narrow LF: the label model decides most items from the prior, which a student on human labels beats.
  await openTab(page, 'Sources');
  await addKeywordLf(page, { name: 'subscribe', vote: 'spam', keywords: 'subscribe' }, { timeout: 60_000 });

  await openTab(page, 'Label model');
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-chosen')).toBeVisible({ timeout: 90_000 });

  await openTab(page, 'Students');
  await expect(page.getByTestId('dataset-labels-reason')).toHaveText(/^Keeping the label model \(.+\): no student has been trained\.$/);
  await page.getByTestId('mode-seeds').check();
  await page.getByTestId('student-name').fill('Seeds student');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  await expect(page.getByTestId('student-run').filter({ hasText: 'Seeds student' })).toBeVisible({ timeout: 240_000 });
  // The run says how its labels are made: the decision tuned on dev for the dataset's metric, stored with it.
  await expect(page.getByTestId('student-run').filter({ hasText: 'Seeds student' }).getByTestId('student-decision')).toHaveText(/^Its labels: (labels are the most probable class|\w+ when its probability exceeds \d\.\d{3} \(threshold tuned on dev\))\.$/);
  const reason = page.getByTestId('dataset-labels-reason');
  await expect(reason).toHaveText(/^Labels come from student "Seeds student": dev macro-F1 \d\.\d{3} vs label model \d\.\d{3}\.$/, { timeout: 60_000 });
  const [student, labelModel] = /(\d\.\d{3}) vs label model (\d\.\d{3})/.exec((await reason.textContent())!)!.slice(1).map(Number);
  expect(student).toBeGreaterThanOrEqual(labelModel);

  const byStudent = await exportDefault(page);
  expect(byStudent.lineage.result).toMatchObject({ kind: 'labels', from: 'student', name: 'Seeds student', pinned: false });
  expect(byStudent.lineage.result.reason).toBe((await reason.textContent())!);
  expect(byStudent.lineage.model_run).toMatchObject({ id: byStudent.lineage.result.run_id, kind: 'student', name: 'Seeds student' });
  expect(byStudent.rows).toHaveLength(1956);
  expect(new Set(byStudent.rows.map((r) => r.model_run))).toEqual(new Set([byStudent.lineage.result.run_id]));

  // Pin the label model: the Students tab says so, and the default export follows it.
  const pin = page.getByTestId('dataset-labels-pin');
  const option = pin.locator('option', { hasText: 'Pinned: Label model:' });
  await expect(option).toHaveCount(1);
  await pin.selectOption((await option.getAttribute('value'))!);
  await expect(reason).toHaveText(/^Labels come from label model .+: you pinned it\.$/);
  const byModel = await exportDefault(page);
  expect(byModel.lineage.result).toMatchObject({ kind: 'labels', from: 'label-model', pinned: true });
  expect(byModel.lineage.model_run).toMatchObject({ id: byModel.lineage.result.run_id, kind: 'label-model' });
  expect(new Set(byModel.rows.map((r) => r.model_run))).toEqual(new Set([byModel.lineage.result.run_id]));
  await expect(page.getByTestId('message-error')).toHaveCount(0);
});
