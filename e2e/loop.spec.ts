import { expect, loadSample, test } from './fixtures';
import { openTab } from './lib/spam-pool';

test('the loop header states each step and its next action leads to it', async ({ page }) => {
  // Importing the sample alone takes most of a minute on a busy two-core machine.
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByTestId('loop-intro')).toContainText('label a small canary set by hand');
  // A starting point per data kind; the table kind says why there is no sample for it yet.
  const samples = page.getByTestId('samples');
  await expect(samples.locator('[data-kind="text"]').getByRole('button')).toHaveText(['Try the sample', 'Try the WRENCH sample']);
  await expect(samples.locator('[data-kind="images"]').getByRole('button')).toHaveText('Try the digits sample');
  await expect(page.getByTestId('sample-table')).toContainText('178 wines');
  await loadSample(page);
  const bar = page.getByTestId('loop-bar');
  await expect(bar.locator('[data-step="canary"]')).toHaveText('Canary not drawn');
  await expect(bar.locator('[data-step="sources"]')).toHaveText('Sources none');
  await expect(bar.locator('[data-step="label-model"]')).toHaveText('Label model not fitted');
  await expect(bar.locator('[data-step="review"]')).toHaveText('Review none waiting');
  await expect(bar.locator('[data-step="student"]')).toHaveText('Student none yet');
  const next = page.getByTestId('loop-next');
  await expect(next).toHaveText('Draw a canary and a dev set so every result can be measured');
  await next.click();
  await page.getByTestId('canary-size').fill('200');
  await page.getByTestId('dev-size').fill('100');
  await page.getByTestId('split-apply').click();
  await expect(bar.locator('[data-step="canary"]')).toHaveText('Canary 200/200 labeled');
  await expect(bar.locator('[data-step="canary"]')).toHaveClass(/done/);
  await expect(next).toHaveText('Add a labeling function or a teacher model');
  await next.click();
  await expect(page).toHaveURL(/\/sources$/);
  await expect(page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name: 'Sources' })).toHaveAttribute('aria-current', 'page');
});

test('each step’s state follows the user’s actions without a reload, up to the export', async ({ page }) => {
  test.setTimeout(480_000);
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  const bar = page.getByTestId('loop-bar');
  const step = (id: string) => bar.locator(`[data-step="${id}"]`);
  const next = page.getByTestId('loop-next');
  await expect(step('canary')).toHaveText('Canary 250/250 labeled');
  await expect(step('sources')).toHaveText('Sources 10');
  await expect(step('label-model')).toHaveText('Label model not fitted');
  await expect(next).toHaveText('Fit the label model on your sources’ votes');
  await next.click();
  await expect(page).toHaveURL(/\/label-model$/);
  await page.getByTestId('lm-run').click();
  await expect(step('label-model')).toHaveText('Label model fitted', { timeout: 60_000 });
  await expect(next).toHaveText('Train a student on the label model’s labels');

  // Leaving a source out: the fitted model read other votes than the sources hold now.
  await openTab(page, 'Sources');
  const use = page.getByRole('checkbox', { name: 'Use keyword_my' });
  await use.uncheck();
  await expect(step('label-model')).toHaveText('Label model outdated');
  await expect(next).toHaveText('Fit the label model again: its sources’ votes changed');
  await use.check();
  await expect(step('label-model')).toHaveText('Label model fitted');

  // A review queue: its waiting items count down as they are answered.
  await openTab(page, 'Review');
  await page.getByTestId('review-batch').fill('3');
  await page.getByTestId('review-start').click();
  await expect(page.getByTestId('review-progress')).toContainText('item 1 of 3');
  await expect(step('review')).toHaveText('Review 3 waiting');
  await expect(next).toHaveText('Review the 3 items waiting in the queue');
  await page.getByTestId('review-text').click();
  await expect(page.getByTestId('review-text')).not.toHaveText('Loading…');
  await page.keyboard.press('s');
  await expect(page.getByTestId('review-progress')).toContainText('item 2 of 3');
  await expect(step('review')).toHaveText('Review 2 waiting');
  await page.keyboard.press('s');
  await expect(page.getByTestId('review-progress')).toContainText('item 3 of 3');
  await page.keyboard.press('s');
  await expect(page.getByTestId('review-progress')).toContainText('batch done');
  await expect(step('review')).toHaveText('Review none waiting');

  // A student: its canary accuracy in the header is the Canary report's.
  await openTab(page, 'Students');
  await page.getByTestId('mode-seeds').check();
  await page.getByTestId('student-name').fill('Loop student');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  await expect(page.getByTestId('student-run').filter({ hasText: 'Loop student' })).toBeVisible({ timeout: 200_000 });
  await expect(step('student')).toHaveText(/^Student \d+\.\d % on canary$/);
  await expect(step('student')).toHaveClass(/done/);
  await openTab(page, 'Canary report');
  const row = page.getByTestId('canary-row').filter({ hasText: 'Loop student' });
  const accuracy = await row.getByTestId('canary-accuracy').textContent({ timeout: 60_000 });
  await expect(step('student')).toHaveText(`Student ${accuracy} on canary`);

  await expect(next).toHaveText('Export the labels with their lineage');
  await next.click();
  await expect(page.getByRole('dialog', { name: 'Export labels' })).toBeVisible();
});
