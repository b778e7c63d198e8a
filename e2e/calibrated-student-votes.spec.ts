import { expect, test } from './fixtures';
import { openTab } from './lib/spam-pool';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';
import { distilWrenchStudent } from './lib/wrench-student';

test.describe.configure({ timeout: 240_000 });

type Decision = { kind: 'argmax' } | { kind: 'threshold'; positive: number; threshold: number } | { kind: 'weights'; weights: number[] };

/** Binary labels by a decision; null where the two classes are too close for the comparison to be sure (a tie-break item). */
function decide(probs: number[], decision: Decision): (number | null)[] {
  return Array.from({ length: probs.length / 2 }, (_, i) => {
    const p = [probs[2 * i], probs[2 * i + 1]];
    if (decision.kind === 'threshold') return Math.abs(p[decision.positive] - decision.threshold) < 1e-6 ? null : p[decision.positive] > decision.threshold ? decision.positive : 1 - decision.positive;
    const w = decision.kind === 'weights' ? decision.weights : [1, 1];
    const [a, b] = [p[0] * w[0], p[1] * w[1]];
    return Math.abs(a - b) < 1e-4 ? null : b > a ? 1 : 0;
  });
}

const mismatches = (votes: number[], expected: (number | null)[]) => expected.filter((y, i) => y !== null && y !== votes[i]).length;

test('a student votes by its dev-tuned decision, also once calibrated by temperature (the decision restated for T)', async ({ page }) => {
  // The WRENCH loop's distilled student: a label model, calibrated, distilled (its decision is a threshold).
  await distilWrenchStudent(page, 'Voting student');
  const datasetId = await currentDatasetId(page);

  const run = (await readStore<{ kind: string; results: { name?: string; decision?: Decision } }>(page, 'runs')).find((r) => r.kind === 'student' && r.results.name === 'Voting student')!;
  const decision = run.results.decision!;
  expect(decision.kind).not.toBe('argmax');
  const source = (await readStore<{ id: string; kind: string; name: string }>(page, 'sources')).find((s) => s.kind === 'student' && s.name === 'Voting student')!;
  const raw = await readColumnValues(page, datasetId, `probs:${source.id}`);
  const labels = decide(raw, decision);
  // Its own vote column (what the label model reads once it is enabled) holds its labels, not the argmax.
  expect(mismatches(await readColumnValues(page, datasetId, `votes:${source.id}`), labels)).toBe(0);
  expect(mismatches(await readColumnValues(page, datasetId, `votes:${source.id}`), decide(raw, { kind: 'argmax' }))).toBeGreaterThan(0);

  await openTab(page, 'Calibration');
  await page.getByTestId('calibrate-output').selectOption(source.id);
  await expect(page.getByTestId('calibrate-output')).toHaveValue(source.id);
  await page.getByTestId('calibrate').click();
  await expect(page.getByTestId('votes-from')).toContainText('now come from the calibrated probabilities');
  await expect(page.getByTestId('votes-from')).toContainText('restated for the temperature');
  const calibrated = await readColumnValues(page, datasetId, `calprobs:${source.id}`);
  const votes = await readColumnValues(page, datasetId, `votes:${source.id}`);
  // The calibrated votes are the labels its decision gives on its raw outputs; the calibrated argmax would differ.
  expect(mismatches(votes, labels)).toBe(0);
  expect(mismatches(votes, decide(calibrated, { kind: 'argmax' }))).toBeGreaterThan(0);
});
