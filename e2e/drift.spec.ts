import AxeBuilder from '@axe-core/playwright';
import { expect, loadSample, test, type Page } from './fixtures';
import { addKeywordLf } from './lib/lf-steps';

// Each test imports the sample and runs workers; on the shared two-core machine that takes minutes.
test.describe.configure({ timeout: 300_000 });

/** Drift on the YouTube sample: comments before 2015 (Psy, Katy Perry) against those from 2015 on. */
async function compareByDate(page: Page) {
  await page.getByRole('link', { name: 'Drift', exact: true }).click();
  await page.getByTestId('ref-items').selectOption('dates');
  await expect(page.getByTestId('ref-date-field')).toHaveValue('DATE');
  await page.getByTestId('ref-to').fill('2015-01-01');
  await page.getByTestId('cur-items').selectOption('dates');
  await page.getByTestId('cur-from').fill('2015-01-01');
  await expect(page.getByTestId('cur-from')).toHaveValue('2015-01-01');
  await page.getByTestId('drift-run').click();
  await expect(page.getByTestId('drift-summary')).toBeVisible({ timeout: 60_000 });
}

test('drift between two date ranges: per-column table with charts, an alert banner and an audit entry', async ({ page }) => {
  await loadSample(page);
  await compareByDate(page);
  await expect(page.getByTestId('drift-summary')).toContainText(/^Dataset drift: \d+ of 2 columns drifted/);
  await expect(page.getByTestId('drift-summary')).toContainText('DATE from 2015-01-01');
  const table = page.getByTestId('drift-table');
  await expect(table.getByTestId('drift-row')).toHaveCount(2);
  const author = table.locator('[data-testid="drift-row"][data-column="AUTHOR"]');
  await expect(author).toContainText('chi-square');
  await expect(author.getByTestId('drift-verdict')).toHaveText('yes');
  await expect(author.getByTestId('drift-chart')).toHaveAttribute('data-kind', 'categories');
  await expect(table.locator('[data-testid="drift-row"][data-column="(text length)"]').getByTestId('drift-chart')).toHaveAttribute('data-kind', 'histogram');
  // The field that defines the two sets is named and left out; the labels are reported beside the columns.
  await expect(page.getByTestId('drift-report')).toContainText('Column "DATE" defines the reference and current sets, so it is not compared.');
  await expect(page.getByTestId('label-drift-table').locator('[data-testid="drift-row"][data-column="(label)"]')).toContainText('z-test');

  const banner = page.getByTestId('drift-banner');
  await expect(banner).toContainText('Dataset drift.');
  await expect(banner).toContainText('AUTHOR');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // The comparison becomes a canary-gate criterion.
  await page.getByTestId('drift-gate').click();
  await page.getByRole('link', { name: 'Snapshots', exact: true }).click();
  await expect(page.getByTestId('gate-nodrift')).toBeChecked({ timeout: 30_000 });
  await expect(page.getByRole('form', { name: 'Canary gate' })).toContainText('No dataset drift of DATE from 2015-01-01 against DATE before 2015-01-01');

  // The alert stays on every tab and after a reload, until dismissed.
  await page.getByRole('link', { name: 'Activity', exact: true }).click();
  await expect(page.getByTestId('activity-log')).toContainText('Drift alert:');
  await expect(page.getByTestId('activity-log')).toContainText('AUTHOR');
  await page.reload();
  await expect(page.getByTestId('drift-banner')).toContainText('Dataset drift.', { timeout: 30_000 });
  await page.getByTestId('drift-dismiss').click();
  await expect(page.getByTestId('drift-banner')).toHaveCount(0);
  await expect(page.getByTestId('activity-log')).toContainText('Dismissed the drift alert.');
});

test('bad date bounds are refused by name, and no dataset drift raises no alert', async ({ page }) => {
  await loadSample(page);
  await page.getByRole('link', { name: 'Drift', exact: true }).click();
  await page.getByTestId('ref-items').selectOption('dates');
  await page.getByTestId('ref-to').fill('01/2015');
  await expect(page.getByTestId('ref-to')).toHaveValue('01/2015');
  await page.getByTestId('drift-run').click();
  await expect(page.getByText('The end date "01/2015" is not a date: write it as YYYY-MM-DD.')).toBeVisible({ timeout: 60_000 });
  // Everything against everything: nothing drifts.
  await page.getByTestId('ref-items').selectOption('all');
  await page.getByTestId('cur-items').selectOption('all');
  await page.getByTestId('drift-run').click();
  await expect(page.getByTestId('drift-summary')).toContainText(/^No dataset drift: 0 of 3 columns drifted/, { timeout: 60_000 });
  await expect(page.getByTestId('drift-banner')).toHaveCount(0);
});

test('canary metrics per slice with the worst highlighted, an LF as a slicing function, and per month over time', async ({ page }) => {
  await loadSample(page);
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('400');
  await page.getByTestId('dev-size').fill('100');
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('loop-bar').locator('[data-step="canary"]')).toHaveText('Canary 400/400 labeled');

  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await addKeywordLf(page, { name: 'check words', vote: 'spam', keywords: 'check, subscribe' }, { timeout: 60_000 });

  await page.getByRole('link', { name: 'Slices', exact: true }).click();
  await page.getByTestId('slice-by').selectOption('bins:DATE');
  await page.getByTestId('slices-run').click();
  const rows = page.getByTestId('slice-row');
  await expect(page.getByTestId('slices-overall')).toContainText('check words on 400 labelled canary items', { timeout: 60_000 });
  await expect(rows.nth(3)).toBeVisible();
  await expect(page.locator('[data-testid="slice-row"][data-worst="true"]')).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-worst', 'true');
  await expect(rows.first().getByTestId('slice-flag')).toContainText('worst');
  await expect(rows.first()).toContainText(/\d+\.\d % – \d+\.\d %/);

  await page.getByTestId('slice-by').selectOption('lfs');
  await page.getByTestId('slices-run').click();
  await expect(rows).toHaveCount(1, { timeout: 60_000 });
  await expect(rows.first().locator('th')).toHaveText('check words');
  // The LF is right wherever it votes on spam comments it catches: its slice beats its overall accuracy.
  await expect(rows.first()).toContainText('%');

  await page.getByRole('link', { name: 'Drift', exact: true }).click();
  await page.getByTestId('time-run').click();
  await expect(page.getByTestId('time-table')).toContainText('per month of DATE', { timeout: 60_000 });
  await expect(page.getByTestId('time-row').first().locator('th')).toHaveText(/^20\d\d-\d\d$/);
  await expect(page.getByTestId('over-time-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);
});
