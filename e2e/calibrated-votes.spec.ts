import { expect, test } from './fixtures';
import { loadSpamPool, openTab } from './lib/spam-pool';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';

test.describe.configure({ timeout: 240_000 });

/** Votes as the app defines them: the top class where its probability is at least the threshold, else -1. */
function votesOf(probs: number[], k: number, threshold: number): number[] {
  const votes: number[] = [];
  for (let i = 0; i < probs.length / k; i++) {
    const row = probs.slice(i * k, i * k + k);
    const top = row.indexOf(Math.max(...row));
    votes.push(row[top] > 0 && row[top] >= threshold ? top : -1);
  }
  return votes;
}

test('a calibrated teacher votes on calibrated confidence: its threshold, and the votes the label model reads, use the calibrated probabilities', async ({ page }) => {
  await loadSpamPool(page);
  const datasetId = await currentDatasetId(page);
  await openTab(page, 'Teachers');
  await page.getByTestId('teacher-threshold').fill('0.8');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const source = (await readStore<{ id: string; datasetId: string; kind: string }>(page, 'sources')).find((s) => s.datasetId === datasetId && s.kind === 'teacher')!;
  const raw = await readColumnValues(page, datasetId, `probs:${source.id}`);
  expect(await readColumnValues(page, datasetId, `votes:${source.id}`)).toEqual(votesOf(raw, 2, 0.8));
  await expect(page.getByTestId('votes-basis')).toHaveText('votes from raw probabilities');
  // A label model fitted on these votes, before calibration.
  await openTab(page, 'Label model');
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 60_000 });
  await expect(page.getByTestId('lm-outdated')).toHaveCount(0);

  await openTab(page, 'Calibration');
  await page.getByTestId('calibrate-output').selectOption(source.id);
  await page.getByTestId('calibrate').click();
  await expect(page.getByTestId('votes-from')).toContainText('now come from the calibrated probabilities');
  const calibrated = await readColumnValues(page, datasetId, `calprobs:${source.id}`);
  // The test means something only if calibration moves some items across the threshold.
  expect(votesOf(calibrated, 2, 0.8)).not.toEqual(votesOf(raw, 2, 0.8));
  expect(await readColumnValues(page, datasetId, `votes:${source.id}`)).toEqual(votesOf(calibrated, 2, 0.8));
  // The teacher's version (its model's hash) is unchanged, yet the label model used other votes.
  await openTab(page, 'Label model');
  await expect(page.getByTestId('lm-outdated')).toBeVisible();

  // A new threshold applies to calibrated confidence too.
  await openTab(page, 'Teachers');
  await expect(page.getByTestId('votes-basis')).toHaveText('votes from calibrated probabilities');
  await page.getByTestId('teacher-source').getByRole('textbox').fill('0.95');
  await page.getByTestId('teacher-source').getByRole('button', { name: 'Apply threshold' }).click();
  await expect(page.getByTestId('message-info').last()).toContainText('threshold on calibrated probabilities');
  expect(await readColumnValues(page, datasetId, `votes:${source.id}`)).toEqual(votesOf(calibrated, 2, 0.95));

  // Running the teacher again makes new, uncalibrated probabilities: its votes go back to raw ones.
  await page.getByTestId('teacher-threshold').fill('0.8');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('votes-basis')).toHaveText('votes from raw probabilities', { timeout: 90_000 });
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  expect(await readColumnValues(page, datasetId, `calprobs:${source.id}`)).toEqual([]);
  expect(await readColumnValues(page, datasetId, `votes:${source.id}`)).toEqual(votesOf(raw, 2, 0.8));
});
