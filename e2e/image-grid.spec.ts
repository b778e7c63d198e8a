import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

test('images show as a virtual thumbnail grid: keys move by cell and by row, labels overlay, zoom keeps the current item in view', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the digits sample' }).click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2,000 of 2,000 labeled', { timeout: 60_000 });
  const grid = page.getByTestId('item-grid');
  await expect(grid).toBeVisible();
  const cells = grid.getByTestId('grid-cell');
  await expect(cells.first().locator('img')).toBeVisible();
  expect(await cells.first().locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(28);
  await expect(cells.first().locator('.chip')).toHaveText('7');
  const axe = await new AxeBuilder({ page }).include('[data-testid="item-grid"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.length} nodes`)).toEqual([]);
  // Virtual: a screenful of cells, not 2,000.
  expect(await cells.count()).toBeLessThan(600);

  const columns = Number(await grid.getAttribute('data-columns'));
  expect(columns).toBeGreaterThan(1);
  const panel = page.getByTestId('item-panel');
  await expect(panel).toHaveAttribute('data-index', '0');
  await page.keyboard.press('ArrowRight');
  await expect(panel).toHaveAttribute('data-index', '1');
  await page.keyboard.press('ArrowDown');
  await expect(panel).toHaveAttribute('data-index', String(1 + columns));
  await expect(grid.locator('.grid-cell.current')).toHaveAttribute('data-index', String(1 + columns));
  await page.keyboard.press('ArrowUp');
  await expect(panel).toHaveAttribute('data-index', '1');

  // A class key labels the current cell (its overlay changes) and moves on.
  await page.keyboard.press('3');
  await expect(panel).toHaveAttribute('data-index', '2');
  await expect(grid.locator('[data-testid="grid-cell"][data-index="1"] .chip')).toHaveText('3');

  // Far down the grid the current cell stays in view; zooming in keeps it there with fewer columns.
  for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowDown');
  const far = 2 + 40 * columns;
  await expect(panel).toHaveAttribute('data-index', String(far));
  await expect(grid.locator(`[data-testid="grid-cell"][data-index="${far}"]`)).toBeInViewport();
  await page.keyboard.press('+');
  await expect.poll(async () => Number(await grid.getAttribute('data-columns'))).toBeLessThan(columns);
  await expect(grid.locator(`[data-testid="grid-cell"][data-index="${far}"]`)).toBeInViewport();
  await expect(panel).toHaveAttribute('data-index', String(far));

  // The list is one click away and shows the same current item.
  await page.getByTestId('view-list').click();
  await expect(page.getByTestId('item-grid')).toHaveCount(0);
  await expect(page.locator(`[data-testid="item-row"][data-index="${far}"]`)).toHaveClass(/current/);
  await page.keyboard.press('ArrowDown');
  await expect(panel).toHaveAttribute('data-index', String(far + 1));
});
