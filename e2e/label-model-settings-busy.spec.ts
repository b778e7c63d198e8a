import { csvFile, expect, importHamSpam, test } from './fixtures';
import { holdStores, readStore, releaseStores } from './lib/store';
import { openWrenchLabelModel } from './lib/wrench-student';

const storedSelection = async (page: Parameters<typeof readStore>[0]) => (await readStore<{ selection?: unknown }>(page, 'datasets')).map((d) => d.selection ?? null);

test('a metric setting the store does not take in time says so, keeps the stored setting in the controls, writes nothing later, and saves once the store is free', async ({ page }) => {
  test.setTimeout(180_000);
  await importHamSpam(page, csvFile('comments.csv', 'text,author\nCheck out my channel,bot\nnice song,alice\nSUBSCRIBE to me,bot\n'));
  await page.getByRole('link', { name: 'Label model' }).click();
  const metric = page.getByTestId('lm-metric');
  const prior = page.getByTestId('lm-prior');
  await expect(metric).toHaveValue('macro_f1');
  await expect(prior).toBeChecked();
  const before = await storedSelection(page);

  // Another tab or worker holds the datasets store: the write waits in IndexedDB's queue.
  await holdStores(page, ['datasets']);
  await metric.selectOption('accuracy');
  // Shown as asked while it is being stored, the controls waiting.
  await expect(page.getByTestId('lm-saving')).toBeVisible();
  await expect(metric).toBeDisabled();
  const error = page.locator('.message.error').last();
  await expect(error).toContainText(`Saving the metric settings did not finish: the browser's storage did not answer within 15 s`, { timeout: 60_000 });
  // The controls show what is stored, not what was asked for.
  await expect(metric).toHaveValue('macro_f1');
  await expect(metric).toBeEnabled();
  await expect(page.getByTestId('lm-saving')).toHaveCount(0);
  await prior.uncheck();
  await expect(page.locator('.message.error')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.locator('.message.error').last()).toContainText('Saving the metric settings did not finish');
  await expect(prior).toBeChecked();

  await releaseStores(page);
  // The withdrawn writes never land later.
  expect(await storedSelection(page)).toEqual(before);
  await page.reload();
  await page.getByRole('link', { name: 'Label model' }).click();
  await expect(metric).toHaveValue('macro_f1');
  await expect(prior).toBeChecked();

  // With the store free the same change is stored (the controls wait for it) and survives a reload.
  await metric.selectOption('accuracy');
  await expect(metric).toBeEnabled();
  expect(await storedSelection(page)).toEqual([{ metric: 'accuracy', priorFromDev: true }]);
  await page.reload();
  await page.getByRole('link', { name: 'Label model' }).click();
  await expect(metric).toHaveValue('accuracy');
});

test("a label model fit whose results the store does not start saving in time says so, leaves no half-written run, and fits once the store is free", async ({ page }) => {
  test.setTimeout(240_000);
  await openWrenchLabelModel(page);
  // The import's task gone and the tab ready: nothing of the app's own is left queued when the store is held.
  await expect(page.getByTestId('task')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('lm-run')).toBeEnabled();

  // Held by another tab or worker: only the fit's last write (with the student weights) needs it.
  await holdStores(page, ['runWeights']);
  await page.getByTestId('lm-run').click();
  await expect(page.locator('.message.error').last()).toContainText(`Saving the results (Label model fit) did not start: the browser's storage did not answer within 15 s`, { timeout: 90_000 });
  await expect(page.getByTestId('lm-row')).toHaveCount(0);
  // The run's record says why at once (its stores are free); nothing of its outputs stays.
  const failed = async () => (await readStore<{ kind: string; status: string; results: { code?: string } }>(page, 'runs')).filter((r) => r.kind === 'label-model').map((r) => `${r.status} ${r.results.code}`);
  await expect.poll(failed).toEqual(['failed store/busy']);
  const outputs = async () => (await readStore<{ name: string }>(page, 'columns')).filter((c) => /^(probs|pred):run-lm-/.test(c.name)).length;
  expect(await outputs()).toBe(0);

  await releaseStores(page);
  expect(await outputs()).toBe(0);
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 90_000 });
  await expect.poll(failed).toEqual(expect.arrayContaining(['failed store/busy', 'done undefined']));
  expect(await outputs()).toBeGreaterThan(0);
});
