import { expect, test } from './fixtures';
import { holdStores, readStore, releaseStores } from './lib/store';
import { fitWrenchLabelModels } from './lib/wrench-student';

test('review queue: ranks the pool by the label model, answers become human labels, dev and canary stay out', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('review-start').click();
  await expect(page.getByTestId('message-error').or(page.locator('.message.error')).first()).toContainText('run a label model first');

  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 60_000 });

  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('review-batch').fill('4');
  await page.getByTestId('review-start').click();
  const item = page.getByTestId('review-item');
  await expect(item).toBeVisible();
  await expect(page.getByTestId('review-progress')).toContainText('item 1 of 4');
  // Only unlabelled pool items are eligible: the sample labels dev (120) and canary (250) only.
  await expect(page.getByTestId('review-progress')).toContainText('1,586 items eligible');
  await expect(page.getByTestId('review-reasons')).toContainText(/uncertain|sure of/);
  await expect(page.getByTestId('review-text')).not.toHaveText('Loading…');
  const first = Number(await item.getAttribute('data-item'));

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-progress')).toContainText('item 2 of 4');
  await page.keyboard.press('s');
  await expect(page.getByTestId('review-progress')).toContainText('item 3 of 4');
  await page.keyboard.press('f');
  await expect(page.getByTestId('review-progress')).toContainText('item 4 of 4');
  await page.getByTestId('review-pick').first().click();
  await expect(page.getByTestId('review-progress')).toContainText('batch done');
  await expect(page.getByTestId('review-progress')).toContainText('2 labelled, 1 skipped, 1 flagged');
  await expect(page.getByTestId('labeled-count')).toHaveText('372 of 1,956 labeled');

  const events = await readStore<{ by: string; items: number[] }>(page, 'labelEvents');
  const mine = events.filter((e) => e.by === 'you');
  expect(mine).toHaveLength(2);
  expect(mine[0].items).toEqual([first]);
  const audit = await readStore<{ action: string }>(page, 'audit');
  expect(audit.filter((a) => a.action === 'review-flag')).toHaveLength(1);

  // A new batch never repeats a reviewed item.
  await page.getByTestId('review-start').click();
  await expect(page.getByTestId('review-progress')).toContainText('1,584 items eligible');
});

test('an answer the store does not start writing in time says so, comes back to its item uncounted, and is saved once the store is free', async ({ page }) => {
  await fitWrenchLabelModels(page);
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('review-batch').fill('2');
  await page.getByTestId('review-start').click();
  const item = page.getByTestId('review-item');
  await expect(page.getByTestId('review-text')).not.toHaveText('Loading…');
  const first = await item.getAttribute('data-item');
  const progress = page.getByTestId('review-progress');

  // Another tab or worker holds the label log: the answer waits in IndexedDB's queue.
  await holdStores(page, ['labelEvents']);
  await page.keyboard.press('Enter');
  // Keyboard-first: the queue moves on at once.
  await expect(progress).toContainText('item 2 of 2');
  await expect(page.locator('.message.error').last()).toContainText(`The answer was not saved: Labeling did not start: the browser's storage did not answer within 15 s`, { timeout: 60_000 });
  await expect(progress).toContainText('item 1 of 2');
  await expect(progress).toContainText('0 labelled');
  await expect(item).toHaveAttribute('data-item', first!);
  await releaseStores(page);
  expect((await readStore<{ by: string }>(page, 'labelEvents')).filter((e) => e.by === 'you')).toHaveLength(0);

  await page.keyboard.press('Enter');
  await expect(progress).toContainText('item 2 of 2');
  await expect(progress).toContainText('1 labelled');
  await expect.poll(async () => (await readStore<{ by: string; items: number[] }>(page, 'labelEvents')).filter((e) => e.by === 'you').map((e) => e.items)).toEqual([[Number(first)]]);
});
