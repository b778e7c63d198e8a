import { readFileSync } from 'node:fs';
import { csvFile, expect, importHamSpam, test, type Page } from './fixtures';

/**
 * Canary and dev drawn at random from the whole pool, then labelled by the user: the dialog and the
 * canary report count labelled items and call metrics partial until the set is done. Drawing from
 * labelled items warns when their class mix departs from the label model's estimate of the pool.
 */
test.describe.configure({ timeout: 180_000 });

const texts = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `win free money now ${i}` : `nice song thanks ${i}`));

async function importUnlabelled(page: Page) {
  await importHamSpam(page, csvFile('pool.csv', 'text\n' + texts.join('\n') + '\n'));
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 30 labeled');
}

test('a canary drawn at random from an unlabelled pool counts its labels and reports partial metrics until done', async ({ page }) => {
  await importUnlabelled(page);
  await page.getByRole('button', { name: 'Splits…' }).click();
  // Nothing is labelled, so the only draw that can run is the pool's.
  await expect(page.getByTestId('split-from-pool')).toBeChecked();
  await page.getByTestId('canary-size').fill('6');
  await page.getByTestId('dev-size').fill('4');
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('message-info')).toContainText('Canary: 6 items, dev: 4 items (random from the pool); canary: 0 of 6 labelled, dev: 0 of 4 labelled.');

  await page.getByTestId('filter-split').selectOption({ label: 'canary' });
  await expect(page.getByTestId('match-count')).toHaveText('6 items');
  await page.getByTestId('item-row').first().click();
  for (let n = 1; n <= 3; n++) {
    await page.keyboard.press('2');
    await expect(page.getByTestId('labeled-count')).toHaveText(`${n} of 30 labeled`);
  }

  await page.getByRole('button', { name: 'Splits…' }).click();
  await expect(page.getByTestId('split-progress')).toHaveText(
    'canary: 3 of 6 labelled · dev: 0 of 4 labelled. Until both are fully labelled, their metrics are partial: filter by split to label the rest.',
  );
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('split-progress')).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name: 'Canary report' }).click();
  await expect(page.getByTestId('canary-progress')).toHaveText(
    'canary: 3 of 6 labelled: these metrics are partial, measured on the 3 labelled items only. Filter by split (canary) and label the rest.',
    { timeout: 30_000 },
  );
});

test('canary report intervals and majority baseline; drawing from labelled items warns when a bulk label skewed their class mix', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 90_000 });

  // The canary report: every metric with its 95 % interval, and the majority-class floor. Dev (WRENCH
  // valid) holds 64 HAM of 120, so the floor says HAM for all: 132 of the canary's 250 are HAM.
  await page.getByRole('link', { name: 'Canary report' }).click();
  const baseline = page.getByTestId('canary-baseline');
  await expect(baseline).toContainText('Majority class (dev)', { timeout: 60_000 });
  await expect(baseline.getByTestId('canary-accuracy')).toHaveText('52.8 %');
  // Wilson 95 % interval of 132 / 250.
  await expect(baseline.getByTestId('canary-accuracy-ci')).toHaveText(' (46.6–58.9)');
  const rows = page.getByTestId('canary-row');
  await expect(rows.first()).toBeVisible();
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    const interval = async (id: string) => /\(([\d.]+)–([\d.]+)\)/.exec((await row.getByTestId(`${id}-ci`).textContent())!)!.slice(1).map(Number);
    const [low, high] = await interval('canary-macro-f1');
    const value = Number(await row.getByTestId('canary-macro-f1').textContent());
    expect(low).toBeLessThanOrEqual(value);
    expect(high).toBeGreaterThanOrEqual(value);
    expect(high).toBeGreaterThan(low);
  }
  // Probabilistic outputs (the label models) carry a bootstrap interval on ECE too.
  await expect(page.getByTestId('canary-ece-ci').first()).toHaveText(/^ \(\d+\.\d–\d+\.\d\)$/);

  await page.getByRole('link', { name: 'Items' }).click();

  // A regex bulk label of pool items: everything that mentions a channel or a link becomes SPAM.
  const pattern = '(check|subscribe|channel|http)';
  const pool = JSON.parse(readFileSync(new URL('../public/sample/wrench_youtube/train.json', import.meta.url), 'utf8')) as Record<string, { data: { text: string } }>;
  const matched = Object.values(pool).filter((item) => new RegExp(pattern, 'i').test(item.data.text)).length;
  expect(matched).toBeGreaterThan(200);
  await page.getByTestId('filter-label').selectOption('unlabeled');
  await expect(page.getByTestId('match-count')).toHaveText('1,586 items');
  await page.getByTestId('filter-regex').check();
  await page.getByTestId('filter-text').fill(pattern);
  await expect(page.getByTestId('match-count')).toHaveText(`${matched} items`);
  await page.getByTestId('bulk-label').selectOption({ label: 'SPAM' });
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('labeled-count')).toHaveText(`${(370 + matched).toLocaleString('en-US')} of 1,956 labeled`, { timeout: 30_000 });

  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('split-from-labelled').check();
  const warning = page.getByTestId('split-mix-warning');
  await expect(warning).toContainText("The labelled items do not look like the pool (estimate from the label model's predictions)");
  await expect(warning).toContainText(/SPAM is \d+ % of the labelled items \(95 % interval \d+ %–\d+ %\) but about \d+ % of the pool/);
  // The bulk label pushed SPAM above the pool's share (WRENCH's valid + test alone hold 47 % SPAM).
  const [, share, low, expected] = /SPAM is (\d+) % of the labelled items \(95 % interval (\d+) %–\d+ %\) but about (\d+) %/.exec((await warning.textContent())!)!.map(Number);
  expect(share).toBeGreaterThan(expected);
  expect(low).toBeGreaterThan(expected);
  // The pool draw needs no warning: it is the pool.
  await page.getByTestId('split-from-pool').check();
  await expect(warning).toHaveCount(0);
});
