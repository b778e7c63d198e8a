import { expect, test, type Page } from './fixtures';

async function openWrenchSample(page: Page) {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
}

const analysisRow = (page: Page, name: string) => page.locator(`[data-testid="analysis-row"][data-name="${name}"]`);

test('LF analysis: coverage, overlaps, conflicts, polarity, dev accuracy (never canary), sortable', async ({ page }) => {
  await openWrenchSample(page);
  await page.getByRole('link', { name: 'LF analysis' }).click();
  await expect(page.getByTestId('analysis-row')).toHaveCount(10);
  await expect(page.getByTestId('analysis-summary')).toContainText('1,706 items analysed (train + dev; canary left out) · 120 labelled dev items');
  // Default order: coverage, highest first.
  const names = () => page.getByTestId('analysis-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
  const coverages = await page.getByTestId('cell-coverage').allTextContents();
  const values = coverages.map((t) => Number.parseFloat(t));
  expect(values).toEqual([...values].sort((a, b) => b - a));
  await expect(analysisRow(page, 'keyword_subscribe').locator('.chip')).toHaveText('SPAM');
  await expect(analysisRow(page, 'keyword_song').locator('.chip')).toHaveText('HAM');

  await page.getByTestId('sort-accuracy').click();
  const accuracies = (await page.getByTestId('cell-accuracy').allTextContents()).map((t) => Number.parseFloat(t));
  expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
  await page.getByTestId('sort-accuracy').click();
  expect((await names())[0]).toBe('has_person_nlp');
  await page.getByTestId('sort-name').click();
  expect(await names()).toEqual([...(await names())].sort());
});

test('clicking an LF browses its votes, its conflicts and its dev mistakes in the Items tab', async ({ page }) => {
  await openWrenchSample(page);
  await page.getByRole('link', { name: 'LF analysis' }).click();
  const row = analysisRow(page, 'has_person_nlp');
  await expect(row).toBeVisible();
  const devErrors = Number(await row.getAttribute('data-dev-errors'));
  expect(devErrors).toBeGreaterThan(0);
  await row.getByTestId('browse-dev-errors').click();
  await expect(page.getByTestId('filter-subset')).toContainText('dev items it gets wrong: has_person_nlp');
  await expect(page.getByTestId('match-count')).toHaveText(`${devErrors} item${devErrors === 1 ? '' : 's'}`);
  for (let i = 0; i < devErrors; i++) {
    await page.getByTestId('item-row').nth(i).click();
    await expect(page.getByTestId('item-panel')).toContainText(' · dev');
    const vote = await page.locator('[data-testid="item-vote"][data-name="has_person_nlp"]').getAttribute('data-vote');
    const label = await page.getByTestId('item-panel').locator('.current-label .chip').getAttribute('data-label');
    expect(vote).not.toBe('-1');
    expect(label).not.toBe(['HAM', 'SPAM'][Number(vote)]);
  }

  await page.getByRole('link', { name: 'LF analysis' }).click();
  const my = analysisRow(page, 'keyword_my');
  const conflicts = Number(await my.getAttribute('data-conflicts'));
  await my.getByTestId('browse-conflicts').click();
  await expect(page.getByTestId('match-count')).toHaveText(`${conflicts} items`);
  // Canary items never appear in any LF list.
  await page.getByTestId('filter-split').selectOption('2');
  await expect(page.getByTestId('match-count')).toHaveText('0 items');
  await page.getByTestId('filter-split').selectOption('any');

  await page.getByRole('link', { name: 'LF analysis' }).click();
  const votes = Number(await my.getAttribute('data-votes'));
  await my.getByTestId('browse-votes').click();
  await expect(page.getByTestId('match-count')).toHaveText(`${votes} items`);
  await page.getByTestId('filter-subset').getByRole('button', { name: 'Show all items again' }).click();
  await expect(page.getByTestId('match-count')).toHaveText('1,956 items');
});
