import { mulberry32 } from '../src/core/random';
import { csvFile, expect, importThroughWizard, test } from './fixtures';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';
import { openTab } from './lib/spam-pool';

/** 4,000 short texts of seeded random words (the first two labelled, so the wizard sees a label column). */
function wordsCsv() {
  const random = mulberry32(11);
  const syllables = ['ka', 'lo', 'mi', 'ru', 'te', 'so', 'na', 'vi', 'de', 'po', 'xu', 'fe'];
  const word = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join('');
  const rows = ['id,text,label'];
  for (let i = 0; i < 4_000; i++) rows.push(`t${i},${Array.from({ length: 6 + Math.floor(random() * 8) }, word).join(' ')},${i === 0 ? 'a' : i === 1 ? 'b' : ''}`);
  return csvFile('words.csv', rows.join('\n') + '\n');
}

interface StoredRun {
  kind: string;
  status: string;
  params: { name?: string };
}

test('a diverse subset is picked on a second thread when asked; Cancel stops a long one between picks: the run ends cancelled and saves nothing', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/');
  await importThroughWizard(page, wordsCsv());
  await expect(page.getByTestId('labeled-count')).toHaveText('2 of 4,000 labeled', { timeout: 90_000 });
  await openTab(page, 'Teachers');
  await page.getByTestId('teacher-model').selectOption('builtin:hashed-ngrams-embedder');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('embeddings')).toHaveText('vec:hashed-ngrams-embedder', { timeout: 240_000 });

  // A short run finishes, on a second thread when asked for and the machine has a second core.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await openTab(page, 'Curate');
  await page.getByTestId('diversity-name').fill('spread');
  await page.getByTestId('diversity-size').fill('50');
  await page.getByTestId('diversity-second-thread').check();
  await page.getByTestId('diversity-save').click();
  await expect(page.getByTestId('diversity-summary')).toContainText('Selection “spread”: 50 of 4,000 candidates', { timeout: 120_000 });
  await expect(page.getByTestId('diversity-threads')).toHaveText(cores >= 2 ? '2 threads' : '1 thread');

  // A long one (every pick measures nearly every candidate: hashed n-grams of random words are all about equally far apart).
  await page.getByTestId('diversity-name').fill('never');
  await page.getByTestId('diversity-size').fill('3000');
  await page.getByTestId('diversity-save').click();
  const task = page.getByTestId('task');
  await expect(task).toContainText('Picking a diverse subset');
  await expect(task.getByTestId('task-detail')).toContainText(/[1-9][\d,]* of 3,000/, { timeout: 120_000 });
  await task.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.message.info').last()).toContainText('Picking a diverse subset: cancelled.', { timeout: 15_000 });
  await expect(task).toHaveCount(0);

  // The worker itself ended the run as cancelled (a worker stopped from outside leaves it running), and nothing of it was saved.
  await expect.poll(async () => (await readStore<StoredRun>(page, 'runs')).filter((r) => r.kind === 'diversity').map((r) => `${r.params.name}:${r.status}`).sort(), { timeout: 15_000 })
    .toEqual(['never:cancelled', 'spread:done']);
  const id = await currentDatasetId(page);
  expect(await readColumnValues(page, id, 'selection:never:weight')).toEqual([]);
  expect((await readColumnValues(page, id, 'selection:spread:weight')).filter((w) => w > 0)).toHaveLength(50);
  await expect(page.getByTestId('diversity-within').locator('option')).toHaveText(['the whole pool', 'selection “spread”']);
});
