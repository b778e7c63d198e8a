import { expect, test, type Page } from './fixtures';
import { addKeywordLf, saveAndApplyLf, sourceRow } from './lib/lf-steps';

const lfRows = (page: Page) => page.locator('[data-testid="history-row"][data-kind="lf"]');

async function fitLabelModel(page: Page, runsBefore: number) {
  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-run').click();
  // The History tab counts finished fits through its scores; here the tab's own rows say it is done.
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 120_000 });
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByTestId('history-table')).toBeVisible();
  return runsBefore + 1;
}

test('edit an LF, refit: History shows the change with dev/canary scores before and after; restore the old version', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });

  await page.getByRole('link', { name: 'Sources' }).click();
  await addKeywordLf(page, { name: 'my words', vote: { index: 1 }, keywords: 'check' }, { timeout: 60_000 });
  await fitLabelModel(page, 0);
  await expect(lfRows(page)).toHaveCount(1);
  await expect(lfRows(page).first()).toHaveAttribute('data-action', 'create');

  await page.getByRole('link', { name: 'Sources' }).click();
  await sourceRow(page, 'my words').getByRole('button', { name: 'Edit' }).click();
  await page.getByTestId('c-keywords').fill('subscribe');
  await saveAndApplyLf(page, 'my words', { timeout: 60_000 });
  await expect(sourceRow(page, 'my words').locator('.definition')).toContainText('subscribe');

  // Before the refit the edit has scores before it, none after.
  await page.getByRole('link', { name: 'History' }).click();
  const edit = lfRows(page).first();
  await expect(edit).toHaveAttribute('data-action', 'edit');
  await expect(edit.getByTestId('history-before')).toContainText('check');
  await expect(edit.getByTestId('history-after')).toContainText('subscribe');
  await expect(edit.getByTestId('history-dev')).toHaveText(/^\d+\.\d % acc · \d+\.\d % F1 → –$/);

  await fitLabelModel(page, 1);
  await expect(edit.getByTestId('history-dev')).toHaveText(/^\d+\.\d % acc · \d+\.\d % F1 → \d+\.\d % acc · \d+\.\d % F1$/, { timeout: 30_000 });
  await expect(edit.getByTestId('history-canary')).toHaveText(/^\d+\.\d % acc · \d+\.\d % F1 → \d+\.\d % acc · \d+\.\d % F1$/);

  await edit.getByTestId('restore-before').click();
  await expect(lfRows(page)).toHaveCount(3);
  const restore = lfRows(page).first();
  await expect(restore).toHaveAttribute('data-action', 'restore');
  await expect(restore.getByTestId('history-after')).toContainText('check');
  await page.getByRole('link', { name: 'Sources' }).click();
  await expect(sourceRow(page, 'my words').locator('.definition')).toContainText('check');
  await expect(sourceRow(page, 'my words').getByTestId('source-state')).toHaveText('stale: edited since applied');
});
