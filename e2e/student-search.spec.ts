import { expect, test } from './fixtures';
import { openTab } from './lib/spam-pool';
import { fitWrenchLabelModels } from './lib/wrench-student';

/**
 * A distilled student whose settings are chosen on dev: the trials are shown and stored with the run,
 * and the run says whether the student beats the label model on dev (and so which labels to use).
 */
test.describe.configure({ timeout: 300_000 });

test('a student searches its settings on dev, shows the trial table, what it learned from and its verdict against the label model', async ({ page }) => {
  await fitWrenchLabelModels(page);

  await openTab(page, 'Students');
  await page.getByTestId('mode-distill').check();
  const teacherOption = page.getByTestId('student-teacher').locator('option', { hasText: 'Label model:' });
  await page.getByTestId('student-teacher').selectOption((await teacherOption.getAttribute('value'))!);
  await page.getByTestId('student-search').check();
  await page.getByTestId('student-search-budget').fill('2');
  await expect(page.getByTestId('student-search-budget')).toHaveValue('2');
  await page.getByTestId('student-name').fill('Searched student');
  await page.getByTestId('train-student').click();
  const run = page.getByTestId('student-run').filter({ hasText: 'Searched student' });
  await expect(run).toBeVisible({ timeout: 240_000 });

  // Dev labels train too (a quarter held out per class): 90 human labels, and soft labels of the whole pool.
  await expect(run).toContainText('trained on 90 human labels + soft labels of 1,586 pool items');
  const trials = run.getByTestId('search-trial');
  await expect(trials).toHaveCount(2);
  await expect(trials.filter({ hasText: 'kept' })).toHaveCount(1);
  await expect(run.getByTestId('search-table')).toContainText('Settings chosen on dev by macro-F1');
  await expect(run.getByTestId('student-verdict')).toHaveText(
    /^(Beats the label model \(dev macro-F1 \d\.\d{3} against the label model's \d\.\d{3}\): use the student's labels\.|Keep the label model's labels: the student does not beat it on dev \(dev macro-F1 \d\.\d{3} against the label model's \d\.\d{3}\)\.)$/,
  );
  // The verdict follows from its own numbers (macro-F1: higher is better).
  const verdict = (await run.getByTestId('student-verdict').textContent())!;
  const [student, labelModel] = /dev macro-F1 (\d\.\d{3}) against the label model's (\d\.\d{3})/.exec(verdict)!.slice(1).map(Number);
  // (Equal at three decimals says nothing about the unrounded order.)
  if (student !== labelModel) expect(verdict.startsWith('Beats')).toBe(student > labelModel);
});
