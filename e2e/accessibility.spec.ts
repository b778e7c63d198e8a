import AxeBuilder from '@axe-core/playwright';
import { csvFile, expect, loadSample, test, type Page } from './fixtures';
import { digitPng } from './lib/digits';

/** Runs axe on the page as it is now; any serious or critical violation fails with its rule, target and help. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect.soft(bad, `serious or critical accessibility violations on ${where}`).toEqual([]);
}

const TABS = ['Sources', 'LF analysis', 'Teachers', 'Label model', 'Review', 'Label issues', 'Curate', 'Calibration', 'Students', 'Canary report', 'Slices', 'Drift', 'Snapshots', 'History', 'Synthetic', 'Fidelity', 'Activity'];

test('the home, models and settings pages pass axe', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Try the sample' })).toBeVisible();
  await expectAccessible(page, 'the home page');
  await page.getByRole('link', { name: 'Models' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Models');
  await expectAccessible(page, 'the models page');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expectAccessible(page, 'the settings page');
});

test('every tab of a dataset passes axe', async ({ page }) => {
  // axe takes 5–20 s a page on a loaded 2-core machine.
  test.setTimeout(480_000);
  await loadSample(page);
  await expect(page.getByTestId('item-row').first()).toBeVisible();
  await expectAccessible(page, 'the items tab');
  for (const tab of TABS) {
    await page.getByRole('link', { name: tab, exact: true }).click();
    await expect(page.getByRole('link', { name: tab, exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('.tab-body')).not.toBeEmpty();
    await expectAccessible(page, `the ${tab} tab`);
  }
});

test('a table dataset’s Profile tab passes axe', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByTestId('try-table').click();
  await expect(page.getByTestId('labeled-count')).toBeVisible({ timeout: 90_000 });
  await page.getByRole('link', { name: 'Profile', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Profile', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('.tab-body')).toContainText('alcohol', { timeout: 60_000 });
  await expectAccessible(page, 'the Profile tab');
});

test('a wide table (300 columns): its import mapping, item fields and Profile list pass axe', async ({ page }) => {
  test.setTimeout(240_000);
  const names = Array.from({ length: 300 }, (_, c) => `v${c}`);
  const rows = Array.from({ length: 6 }, (_, r) => [`r${r}`, r % 2 ? 'a' : 'b', ...names.map((_, c) => String((r + c) % 7))].join(','));
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(csvFile('wide.csv', `id,label,${names.join(',')}\n${rows.join('\n')}\n`));
  await expect(page.getByTestId('label-column-search')).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page, 'the import mapping of a wide file');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('field-filter')).toBeVisible({ timeout: 90_000 });
  await expectAccessible(page, 'a wide item');
  await page.getByRole('link', { name: 'Profile', exact: true }).click();
  await expect(page.getByTestId('profile-list')).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page, 'the Profile list of a wide table');
});

test('every dialog of a dataset passes axe and hands focus back when it closes', async ({ page }) => {
  test.setTimeout(240_000);
  await loadSample(page);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  for (const [button, title] of [['Splits…', 'splits'], ['Export…', 'export']] as const) {
    await page.getByRole('button', { name: button }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectAccessible(page, `the ${title} dialog`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('button', { name: button })).toBeFocused();
  }
  await page.getByTestId('bulk-label').selectOption({ label: 'spam' });
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'the bulk label dialog');
  await page.keyboard.press('Escape');
  await page.getByTestId('item-row').first().click();
  await page.keyboard.press('l');
  await expect(page.getByTestId('class-picker-input')).toBeFocused();
  await expectAccessible(page, 'the class picker');
  await page.keyboard.press('Escape');

  // After an export the focus is back on the Export button, not on the page body.
  await page.getByRole('button', { name: 'Export…' }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-lineage').uncheck();
  await page.getByTestId('export-start').click();
  await download;
  await expect(page.getByRole('button', { name: 'Export…' })).toBeFocused();
});

test('the import mapping and image import steps pass axe, and focus lands on them', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(csvFile('c.csv', 'id,text,label\n1,hello,a\n2,world,b\n'));
  const wizard = page.getByRole('main', { name: 'Import mapping' });
  await expect(wizard).toBeVisible();
  await expect(wizard.getByRole('heading', { level: 1 })).toBeFocused();
  await expectAccessible(page, 'the import mapping');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  await page.getByRole('link', { name: 'Sift' }).click();
  const png = (n: number) => ({ name: `${n}.png`, mimeType: 'image/png', buffer: digitPng(n) });
  await page.getByTestId('import-input').setInputFiles([png(0), png(1), { name: 'labels.csv', mimeType: 'text/csv', buffer: Buffer.from('file,label\n0.png,7\n1.png,2\n') }]);
  await expect(page.getByTestId('image-summary')).toBeVisible();
  await expectAccessible(page, 'the image import step');
});
