import { expect, loadSample, test } from './fixtures';

test('the loop header states each step and its next action leads to it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('loop-intro')).toContainText('label a small canary set by hand');
  await loadSample(page);
  const bar = page.getByTestId('loop-bar');
  await expect(bar.locator('[data-step="canary"]')).toHaveText('Canary not drawn');
  await expect(bar.locator('[data-step="sources"]')).toHaveText('Sources none');
  await expect(bar.locator('[data-step="label-model"]')).toHaveText('Label model not fitted');
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
