import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { expect, test, type Page } from './fixtures';
import { openTab } from './lib/spam-pool';

/**
 * Exporting another result than the newest label model: a student's predictions and an older
 * label-model run, on the WRENCH youtube sample (10 imported sources; dev and canary sets from its splits).
 */
test.describe.configure({ timeout: 480_000 });

/** Runs the export dialog with `result` chosen and returns the data file and its lineage. */
async function exportResult(page: Page, result: string, format: 'csv' | 'jsonl'): Promise<{ name: string; text: string; lineage: Record<string, any> }> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export labels' });
  await dialog.getByTestId('export-result').selectOption({ label: result });
  if (format === 'jsonl') await dialog.getByTestId('export-jsonl').check();
  const downloads = page.waitForEvent('download', { predicate: (d) => !d.suggestedFilename().endsWith('.lineage.json'), timeout: 60_000 });
  const lineageDownload = page.waitForEvent('download', { predicate: (d) => d.suggestedFilename().endsWith('.lineage.json'), timeout: 60_000 });
  await dialog.getByTestId('export-start').click();
  const data = await downloads;
  const lineage = await lineageDownload;
  await expect(dialog).toHaveCount(0);
  return { name: data.suggestedFilename(), text: readFileSync(await data.path(), 'utf8'), lineage: JSON.parse(readFileSync(await lineage.path(), 'utf8')) };
}

test('exports a student’s predictions and an older label-model run, each with its lineage', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });

  // Two label-model runs: auto, then majority vote; the first becomes the older run.
  await openTab(page, 'Label model');
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-chosen')).toContainText('auto: best dev macro-F1', { timeout: 60_000 });
  await page.getByTestId('lm-method').selectOption('mv');
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-chosen')).toContainText('Majority vote', { timeout: 60_000 });

  // A small linear student on the human labels.
  await openTab(page, 'Students');
  await page.getByTestId('mode-seeds').check();
  await page.getByTestId('student-name').fill('Linear seeds');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  await expect(page.getByTestId('student-run').filter({ hasText: 'Linear seeds' })).toBeVisible({ timeout: 200_000 });

  const student = await exportResult(page, 'Student: Linear seeds', 'csv');
  expect(student.name).toBe('youtube_WRENCH_sample-student-Linear_seeds.csv');
  const parsed = Papa.parse<Record<string, string>>(student.text.replace(/\r\n$/, ''), { header: true, newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data).toHaveLength(1956);
  const studentRun = student.lineage.result.run_id as string;
  expect(studentRun).toMatch(/^run-student-/);
  expect(student.lineage.model_run).toMatchObject({ id: studentRun, kind: 'student', name: 'Linear seeds', probabilities: 'raw' });
  expect(student.lineage.model_run.results.model).toBeUndefined();
  expect(new Set(parsed.data.map((row) => row.model_run))).toEqual(new Set([studentRun]));
  for (const row of parsed.data.slice(0, 50)) {
    const pSpam = Number(row.p_SPAM);
    expect(pSpam).toBeGreaterThanOrEqual(0);
    expect(pSpam).toBeLessThanOrEqual(1);
    expect(Number(row.p_HAM) + pSpam).toBeCloseTo(1, 4);
  }

  // The older run: found by its label in the dialog, which ends with its id.
  await page.getByRole('button', { name: 'Export…' }).click();
  // The list loads from the store after the dialog opens: wait for it before reading it.
  await expect(page.getByTestId('export-result').locator('option', { hasText: 'Older label model:' })).toHaveCount(1, { timeout: 30_000 });
  const older = (await page.getByTestId('export-result').locator('option').allTextContents()).filter((label) => label.startsWith('Older label model:'));
  expect(older).toHaveLength(1);
  await page.getByRole('dialog', { name: 'Export labels' }).getByRole('button', { name: 'Cancel' }).click();
  const olderRun = older[0].split(' · ').pop()!;
  const run = await exportResult(page, older[0], 'jsonl');
  expect(run.name).toBe(`youtube_WRENCH_sample-run-${olderRun}.jsonl`);
  const records = run.text.trim().split('\n').map((line) => JSON.parse(line));
  expect(records).toHaveLength(1956);
  expect(run.lineage.result).toEqual({ kind: 'label-model', run_id: olderRun, newest: false });
  expect(run.lineage.model_run).toMatchObject({ id: olderRun, kind: 'label-model' });
  expect(run.lineage.model_run.inputs).toHaveLength(10);
  expect(new Set(records.map((r) => r.model.run))).toEqual(new Set([olderRun]));
  expect(records.every((r) => r.model.probs.SPAM >= 0 && r.model.probs.SPAM <= 1)).toBe(true);
  await expect(page.getByTestId('message-error')).toHaveCount(0);
});
