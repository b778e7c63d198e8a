import { expect, test, type Page } from './fixtures';
import { importComments } from './lib/comments';


async function writeJsLf(page: Page, name: string, source: string) {
  await page.getByTestId('new-js-lf').click();
  await page.getByTestId('js-lf-name').fill(name);
  await page.getByTestId('js-lf-source').fill(source);
  await page.getByTestId('js-lf-save-apply').click();
}

const sourceRow = (page: Page, name: string) => page.locator(`[data-testid="source-row"][data-name="${name}"]`);
const lastError = (page: Page) => page.locator('.message.error').last();

test('a JS LF runs in the sandbox and its votes are stored', async ({ page }) => {
  await importComments(page);
  await writeJsLf(page, 'shouting', '(item) => /^[A-Z]{3,} /.test(item.text) ? 1 : -1');
  await expect(sourceRow(page, 'shouting').getByTestId('source-state')).toHaveText('votes up to date');
  await expect(page.locator('.message.info').last()).toContainText('shouting: 1 votes (25.0 %)');
  await page.getByRole('link', { name: 'Items' }).click();
  await page.getByTestId('item-row').nth(2).click();
  await expect(page.locator('[data-testid="item-vote"][data-name="shouting"]')).toHaveAttribute('data-vote', '1');
});

test('JS LF errors name the LF and the item: a throw, a bad return value, a slow item, code that loads code', async ({ page }) => {
  await importComments(page);
  await writeJsLf(page, 'no songs', "(item) => { if (item.text.includes('song')) throw new Error('songs are not allowed'); return -1 }");
  await expect(lastError(page)).toHaveText(/JS LF "no songs" on item "c2" \(item #2\) threw Error: songs are not allowed/);
  await expect(sourceRow(page, 'no songs').getByTestId('source-state')).toHaveText('not applied');

  await writeJsLf(page, 'seven', '(item) => item.text.length > 10 ? 7 : -1');
  await expect(lastError(page)).toHaveText(/JS LF "seven" on item "c1" \(item #1\) returned 7; expected an integer from -1 \(abstain\) to 1/);

  await page.getByLabel('JS time limit').fill('50');
  await writeJsLf(page, 'slow', "(item) => { if (item.text === 'love it') { const end = Date.now() + 400; while (Date.now() < end) {} } return -1 }");
  await expect(lastError(page)).toHaveText(/JS LF "slow" on item "c4" \(item #4\) (took \d+ ms; the limit is 50 ms per item|did not return within \d+ ms \(limit 50 ms per item\))/, { timeout: 30_000 });

  await writeJsLf(page, 'forever', '(item) => { while (true) {} }');
  await expect(lastError(page)).toHaveText(/JS LF "forever" on item "c1" \(item #1\) did not return within \d+ ms \(limit 50 ms per item\); the sandbox was stopped/, { timeout: 30_000 });

  await writeJsLf(page, 'sneaky', "(item) => { import('http://example.com/x.js'); return -1 }");
  await expect(lastError(page)).toContainText('JS LF "sneaky" uses the word "import"');

  // After all that, the sandbox still runs a good LF.
  await writeJsLf(page, 'fine', '(item) => item.text.length < 10 ? 0 : -1');
  await expect(sourceRow(page, 'fine').getByTestId('source-state')).toHaveText('votes up to date');
});

test('a slow apply shows progress and can be cancelled; the LF is then marked as not applied', async ({ page }) => {
  await importComments(page);
  // 1.5 s per item: on a loaded machine the click's stability checks alone can outlast a quicker apply.
  await page.getByLabel('JS time limit').fill('4000');
  await writeJsLf(page, 'slow but fine', '(item) => { const end = Date.now() + 1500; while (Date.now() < end) {} return -1 }');
  const task = page.getByTestId('task');
  await expect(task).toContainText('Applying LF "slow but fine"');
  await expect(task.getByTestId('task-detail')).toContainText(/[1-3] of 4 items/, { timeout: 10_000 });
  await task.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.message.info').last()).toContainText('cancelled');
  await expect(task).toHaveCount(0);
  await expect(sourceRow(page, 'slow but fine').getByTestId('source-state')).toHaveText('not applied');
});
