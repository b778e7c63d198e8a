import { csvFile, expect, importThroughWizard, test, type Page } from './fixtures';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';

const ROWS = 60_000;
const WORDS = 'check out my channel subscribe free gift love this song great video http www com please visit best music ever'.split(' ');

function comments(rows: number): string {
  let seed = 99;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed);
  const lines = ['id,text'];
  for (let i = 0; i < rows; i++) {
    let text = `comment ${i}`;
    while (text.length < 160) text += ' ' + WORDS[next() % WORDS.length];
    lines.push(`c${i},${text}`);
  }
  return lines.join('\n');
}

interface RunRecord {
  id: string;
  datasetId: string;
  status: string;
  checkpoint?: { nextChunk: number; itemsDone: number };
  results: { resumedFromChunk?: number | null; itemsThisSession?: number };
}

async function runs(page: Page, datasetId: string): Promise<RunRecord[]> {
  return (await readStore<RunRecord>(page, 'runs')).filter((r) => r.datasetId === datasetId);
}

test('a teacher run cut off by a reload resumes from its last finished chunk and gives the same outputs', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/');
  await importThroughWizard(page, csvFile('comments.csv', comments(ROWS)), async (p) => {
    await p.getByTestId('class-name-0').fill('ham');
    await p.getByTestId('class-name-1').fill('spam');
  });
  const datasetId = await currentDatasetId(page);
  await page.getByRole('link', { name: 'Teachers' }).click();
  await page.getByTestId('teacher-device').selectOption('wasm');
  await page.getByTestId('run-teacher').click();

  // Reload as soon as the first chunk is committed (8 chunks of 8,192 items in all).
  await expect.poll(async () => (await runs(page, datasetId))[0]?.checkpoint?.nextChunk ?? 0, { timeout: 60_000, intervals: [25] }).toBeGreaterThanOrEqual(1);
  await page.reload();
  // Opening the dataset sweeps the run whose worker died with the page: interrupted, its checkpoint kept.
  await expect.poll(async () => (await runs(page, datasetId))[0]?.status, { timeout: 30_000 }).toBe('interrupted');
  const cut = (await runs(page, datasetId))[0];
  expect(cut.checkpoint!.nextChunk).toBeLessThan(Math.ceil(ROWS / 8192));
  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toHaveAttribute('data-kind', 'teacher');
  await expect(notice).toContainText('Resume it from the Teachers tab');

  await page.getByRole('link', { name: 'Teachers' }).click();
  const row = page.getByTestId('run-row').first();
  await expect(row).toHaveAttribute('data-status', 'interrupted');
  await row.getByTestId('resume-run').click();
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(notice).toHaveCount(0);
  await expect(row.getByTestId('run-device')).toContainText(/resumed at chunk \d/);
  const resumed = (await runs(page, datasetId))[0];
  const from = resumed.results.resumedFromChunk!;
  expect(from).toBeGreaterThanOrEqual(cut.checkpoint!.nextChunk);
  expect(resumed.results.itemsThisSession).toBe(ROWS - from * 8192);

  const source = (await readStore<{ id: string; datasetId: string }>(page, 'sources')).find((s) => s.datasetId === datasetId)!;
  const afterResume = await readColumnValues(page, datasetId, `probs:${source.id}`);
  expect(afterResume).toHaveLength(ROWS * 2);

  // A run start to finish gives exactly the same probabilities.
  await page.getByTestId('teacher-device').selectOption('wasm');
  await page.getByTestId('run-teacher').click();
  // The second run's row can appear only near its end (60,000 items at ~850 a second on a loaded machine).
  await expect(page.getByTestId('run-row')).toHaveCount(2, { timeout: 180_000 });
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(await readColumnValues(page, datasetId, `probs:${source.id}`)).toEqual(afterResume);
});
