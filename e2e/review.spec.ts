import { expect, test, type Page } from './fixtures';
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

test('a diverse batch spreads the uncertain items out by an embedder\u2019s vectors, and says so', async ({ page }) => {
  await fitWrenchLabelModels(page);
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('review-strategy').selectOption('diverse');
  // No vectors yet: the form says what to do instead of failing in the worker.
  await expect(page.getByTestId('review-needs-vectors')).toContainText('run an embedder in the Teachers tab first');
  await expect(page.getByTestId('review-start')).toBeDisabled();

  await page.getByRole('link', { name: 'Teachers' }).click();
  await page.getByTestId('teacher-model').selectOption('builtin:hashed-ngrams-embedder');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('embeddings')).toHaveText('vec:hashed-ngrams-embedder', { timeout: 60_000 });

  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('review-strategy').selectOption('diverse');
  await expect(page.getByTestId('review-embedder')).toHaveValue('hashed-ngrams-embedder');
  await page.getByTestId('review-batch').fill('5');
  await page.getByTestId('review-start').click();
  await expect(page.getByTestId('review-progress')).toContainText('item 1 of 5');
  await expect(page.getByTestId('review-reasons')).toContainText('diverse: among the 50 items with the smallest margin, the farthest (hashed-ngrams-embedder vectors) from the other picks and from the 370 labelled items');
  await expect(page.getByTestId('review-reasons')).toContainText(/uncertain|sure of/);
  const seen = new Set<string>();
  for (let i = 1; i <= 5; i++) {
    await expect(page.getByTestId('review-progress')).toContainText(`item ${i} of 5`);
    seen.add((await page.getByTestId('review-item').getAttribute('data-item'))!);
    await page.keyboard.press('s');
  }
  expect(seen.size).toBe(5);
  // Not the five smallest margins: k-center spread them out among the 50.
  await page.getByTestId('review-strategy').selectOption('margin');
  await page.getByTestId('review-start').click();
  const byMargin = new Set<string>();
  for (let i = 1; i <= 5; i++) {
    await expect(page.getByTestId('review-progress')).toContainText(`item ${i} of 5`);
    await expect(page.getByTestId('review-reasons')).not.toContainText('diverse');
    byMargin.add((await page.getByTestId('review-item').getAttribute('data-item'))!);
    await page.keyboard.press('s');
  }
  expect([...byMargin].sort()).not.toEqual([...seen].sort());
});

/** A fitted WRENCH sample's review queue of two items, the first one shown. */
async function reviewTwo(page: Page) {
  await fitWrenchLabelModels(page);
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('review-batch').fill('2');
  await page.getByTestId('review-start').click();
  const item = page.getByTestId('review-item');
  await expect(page.getByTestId('review-text')).not.toHaveText('Loading…');
  const first = await item.getAttribute('data-item');
  const progress = page.getByTestId('review-progress');
  return { item, first, progress };
}

/**
 * With `store` held by another connection, `key` on the first item moves the queue on at once, then
 * the write fails with `error` and the queue comes back to the item, `uncounted`; the store is then freed.
 */
async function comesBackBehindHeld(page: Page, { item, first, progress }: Awaited<ReturnType<typeof reviewTwo>>, store: string, key: string, error: string, uncounted: string) {
  await holdStores(page, [store]);
  await page.keyboard.press(key);
  // Keyboard-first: the queue moves on at once.
  await expect(progress).toContainText('item 2 of 2');
  await expect(page.locator('.message.error').last()).toContainText(error, { timeout: 60_000 });
  await expect(progress).toContainText('item 1 of 2');
  await expect(progress).toContainText(uncounted);
  await expect(item).toHaveAttribute('data-item', first!);
  await releaseStores(page);
}

test('an answer the store does not start writing in time says so, comes back to its item uncounted, and is saved once the store is free', async ({ page }) => {
  const shown = await reviewTwo(page);
  const { first, progress } = shown;

  // Another tab or worker holds the label log: the answer waits in IndexedDB's queue.
  await comesBackBehindHeld(page, shown, 'labelEvents', 'Enter', `The answer was not saved: Labeling did not start: the browser's storage did not answer within 15 s`, '0 labelled');
  expect((await readStore<{ by: string }>(page, 'labelEvents')).filter((e) => e.by === 'you')).toHaveLength(0);

  await page.keyboard.press('Enter');
  await expect(progress).toContainText('item 2 of 2');
  await expect(progress).toContainText('1 labelled');
  await expect.poll(async () => (await readStore<{ by: string; items: number[] }>(page, 'labelEvents')).filter((e) => e.by === 'you').map((e) => e.items)).toEqual([[Number(first)]]);
});

test('a flag the store does not take in time says so, comes back to its item uncounted, and is kept once the store is free', async ({ page }) => {
  const shown = await reviewTwo(page);
  const { first, progress } = shown;
  const flags = async () => (await readStore<{ action: string; detail: { item: number } }>(page, 'audit')).filter((e) => e.action === 'review-flag').map((e) => e.detail.item);

  // Another tab or worker holds the audit log: the flag waits in IndexedDB's queue.
  await comesBackBehindHeld(page, shown, 'audit', 'f', `The flag was not saved: Flagging did not finish: the browser's storage did not answer within 15 s`, '0 flagged');
  expect(await flags()).toEqual([]);

  await page.keyboard.press('f');
  await expect(progress).toContainText('1 flagged');
  await expect.poll(flags).toEqual([Number(first)]);
});
