import { expect, test, type Page } from './fixtures';
import { countRecords, loadSpamPool, openTab } from './lib/spam-pool';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';
import { distilWrenchStudent } from './lib/wrench-student';

/**
 * Students, calibration and the canary report on a spam set whose pool (1,586 comments) is unlabelled,
 * with a 250-item canary and a 120-item dev set drawn from the 370 labelled ones.
 */
test.describe.configure({ timeout: 240_000 });

async function trainSeedsStudent(page: Page, name: string): Promise<void> {
  await openTab(page, 'Students');
  await page.getByTestId('mode-seeds').check();
  await page.getByTestId('student-name').fill(name);
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  await expect(page.getByTestId('student-run').filter({ hasText: name })).toBeVisible({ timeout: 120_000 });
}

test('trains a student with live progress and the measured backend; Cancel stores no output, only the cancelled run', async ({ page }) => {
  await loadSpamPool(page);
  await openTab(page, 'Students');
  await page.getByTestId('student-name').fill('Seeds student');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  // The chart fills epoch by epoch. (A default run can finish between two looks at the task bar, so its
  // epoch count is checked on the long run below, which is still going when it is read.)
  await expect.poll(async () => Number(await page.getByTestId('loss-chart').getAttribute('data-epochs')), { timeout: 60_000 }).toBeGreaterThan(1);
  const run = page.getByTestId('student-run').filter({ hasText: 'Seeds student' });
  await expect(run).toBeVisible({ timeout: 120_000 });
  // Chromium's WebGPU adapter here is SwiftShader: measured choice is WASM, and the reason says why.
  await expect(run.getByTestId('student-backend-used')).toHaveText('wasm');
  await expect(run).toContainText('software fallback');
  await expect(run.getByTestId('student-dev-accuracy')).toHaveText(/\d+\.\d %/);
  await expect(run).toContainText('trained on 90 human labels');
  const runsBefore = await countRecords(page, 'runs', 'student');
  const sourcesBefore = await countRecords(page, 'sources');

  // A long run, cancelled mid-way: no output of it is stored; its run record says it was cancelled.
  // (Patience as long as the run: early stopping would end a fast run before the click.)
  await page.getByTestId('student-name').fill('Cancelled student');
  await page.locator('details summary', { hasText: 'Training settings' }).click();
  await page.getByTestId('student-epochs').fill('5000');
  await page.getByTestId('student-patience').fill('5000');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  await expect(page.getByTestId('task-detail')).toContainText(/of 5,000 epochs/, { timeout: 60_000 });
  await page.getByTestId('task').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('message-info').filter({ hasText: 'cancelled' })).toBeVisible();
  await expect(page.getByTestId('task')).toHaveCount(0);
  expect(await countRecords(page, 'runs', 'student')).toBe(runsBefore + 1);
  // Recorded by the worker when it stops by itself, or by the page once a hard stop freed the run's lock.
  await expect
    .poll(async () => (await readStore<{ kind: string; status: string }>(page, 'runs')).filter((r) => r.kind === 'student' && r.status !== 'done').map((r) => r.status))
    .toEqual(['cancelled']);
  expect(await countRecords(page, 'sources')).toBe(sourcesBefore);
  await expect(page.getByTestId('student-run')).toHaveCount(1);
});

test('forcing WebGPU trains on it, or on a failing (software) adapter falls back to WASM and says why', async ({ page }) => {
  await loadSpamPool(page);
  await openTab(page, 'Students');
  await page.getByTestId('student-name').fill('Forced GPU');
  await page.locator('details summary', { hasText: 'Training settings' }).click();
  await page.getByTestId('student-backend').selectOption('webgpu');
  await page.getByTestId('student-epochs').fill('3');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  const run = page.getByTestId('student-run').filter({ hasText: 'Forced GPU' });
  await expect(run).toBeVisible({ timeout: 200_000 });
  const used = await run.getByTestId('student-backend-used').textContent();
  if (used === 'webgpu') await expect(run).toContainText('chosen by you');
  else {
    expect(used).toBe('wasm');
    await expect(run).toContainText('WebGPU failed during training');
  }
  await expect(page.getByTestId('message-error')).toHaveCount(0);
});

test('calibrates a student: ECE, MCE, Brier and NLL before and after, with the reliability diagram', async ({ page }) => {
  await loadSpamPool(page);
  await trainSeedsStudent(page, 'To calibrate');
  await openTab(page, 'Calibration');
  await page.getByTestId('calibrate-output').selectOption({ label: 'To calibrate' });
  await page.getByTestId('calibrate').click();
  const result = page.getByTestId('calibration-result');
  await expect(result).toBeVisible();
  await expect(result.getByTestId('temperature')).toHaveText(/T = \d+\.\d{3}/);
  const nll = async (row: string) => Number(await page.getByTestId(row).locator('td').nth(3).textContent());
  expect(await nll('calibration-after')).toBeLessThanOrEqual(await nll('calibration-before'));
  await expect(page.getByTestId('reliability-diagram').locator('rect')).not.toHaveCount(0);
  await expect(page.getByTestId('calibrate-output')).toContainText('(calibrated: temperature)');
  // Histogram binning is the other method; it calibrates the same output again.
  await page.getByTestId('calibrate-method').selectOption('histogram');
  await page.getByTestId('calibrate').click();
  await expect(result).toContainText('histogram binning');
  expect(await countRecords(page, 'runs', 'calibration')).toBe(2);
});

test('pseudo-labeling runs rounds while dev improves, each round a run record', async ({ page }) => {
  await loadSpamPool(page);
  await openTab(page, 'Students');
  await page.getByTestId('mode-pseudo').check();
  await page.getByTestId('student-name').fill('Pseudo student');
  await page.getByTestId('student-rounds').fill('2');
  await page.getByTestId('threshold-mode').selectOption('precision');
  await page.getByTestId('target-precision').fill('0.9');
  await page.getByTestId('train-student').click();
  const run = page.getByTestId('student-run').filter({ hasText: 'Pseudo student' });
  await expect(run).toBeVisible({ timeout: 200_000 });
  const rounds = run.getByTestId('pseudo-round');
  const count = await rounds.count();
  expect(count).toBeGreaterThanOrEqual(2);
  expect(count).toBeLessThanOrEqual(3);
  // Round 1 accepted pool items at the thresholds chosen on dev.
  expect(Number((await rounds.nth(1).locator('td').nth(1).textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);
  expect(await countRecords(page, 'runs', 'pseudo-label-round')).toBe(count);
});

test('pseudo-label thresholds chosen by the dataset metric on dev by default: each precision target tried is shown', async ({ page }) => {
  await loadSpamPool(page);
  await openTab(page, 'Students');
  await page.getByTestId('mode-pseudo').check();
  await expect(page.getByTestId('threshold-mode')).toHaveValue('metric');
  await expect(page.getByTestId('target-precision')).toHaveCount(0);
  await page.getByTestId('student-name').fill('Metric pseudo student');
  await page.getByTestId('student-rounds').fill('1');
  await page.getByTestId('train-student').click();
  const run = page.getByTestId('student-run').filter({ hasText: 'Metric pseudo student' });
  await expect(run).toBeVisible({ timeout: 240_000 });
  const rounds = run.getByTestId('pseudo-round');
  await expect(rounds).toHaveCount(2);
  // Round 1 tried every target on dev and says which it kept; round 0 (seeds only) tried none.
  await expect(rounds.nth(1).getByTestId('threshold-candidates')).toContainText(/precision target 0\.(8|9|95) kept; tried 0\.8: .+; 0\.9: .+; 0\.95: /);
  await expect(rounds.nth(0).getByTestId('threshold-candidates')).toHaveCount(0);
  const stored = (await readStore<{ kind: string; results: { candidates?: { target: number }[]; keptTarget?: number } }>(page, 'runs')).filter((r) => r.kind === 'pseudo-label-round');
  expect(stored.find((r) => r.results.candidates)?.results.candidates?.map((c) => c.target)).toEqual([0.8, 0.9, 0.95]);
});

test('distills a student from another one and exports it to the model registry', async ({ page }) => {
  await loadSpamPool(page);
  await trainSeedsStudent(page, 'Teacher student');
  await page.getByTestId('mode-distill').check();
  await page.getByTestId('student-teacher').selectOption({ label: 'Teacher student' });
  await page.getByTestId('student-temperature').fill('2');
  await page.getByTestId('student-alpha').fill('0.5');
  await page.getByTestId('student-name').fill('Distilled student');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  const run = page.getByTestId('student-run').filter({ hasText: 'Distilled student' });
  await expect(run).toBeVisible({ timeout: 120_000 });
  await expect(run).toContainText('soft labels of 1,586 pool items from a teacher (T 2, α 0.5)');
  await run.getByTestId('export-student').click();
  await expect(run.getByTestId('exported-model')).toContainText('user-student-');
  const models = await page.evaluate(
    () =>
      new Promise<{ id: string; files: string[]; labels: string[]; inputKind: string }[]>((resolve) => {
        const open = indexedDB.open('sift');
        open.onsuccess = () => {
          const request = open.result.transaction('models', 'readonly').objectStore('models').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.map((m: { id: string; files: { path: string }[]; card: { labels: string[]; input_kind: string } }) => ({ id: m.id, files: m.files.map((f) => f.path), labels: m.card.labels, inputKind: m.card.input_kind })));
          };
        };
      }),
  );
  expect(models).toHaveLength(1);
  expect(models[0].files).toEqual(['model.onnx', 'tfjs/model.json', 'tfjs/weights.bin', 'card.json']);
  expect(models[0].labels).toEqual(['ham', 'spam']);
  expect(models[0].inputKind).toBe('text');
});

test('bad input: T ≤ 0 and one-class seeds give specific messages, store no output, and keep each refusal as a failed run', async ({ page }) => {
  await loadSpamPool(page);
  await trainSeedsStudent(page, 'Base');
  const runs = await countRecords(page, 'runs', 'student');
  await page.getByTestId('mode-distill').check();
  await page.getByTestId('student-temperature').fill('0');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  await expect(page.getByTestId('message-error')).toContainText('The distillation temperature must be a number above 0; got 0');
  // Without the dev labels, this pool has no human label to train on at all.
  await page.getByTestId('mode-seeds').check();
  await page.getByTestId('dev-seeds').uncheck();
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  await expect(page.getByTestId('message-error').filter({ hasText: 'at least 2 classes' })).toContainText('A student needs at least 2 classes among the seed labels; no class at all');
  expect(await countRecords(page, 'runs', 'student')).toBe(runs + 2);
  const failed = (await readStore<{ kind: string; status: string; results: { error?: string } }>(page, 'runs')).filter((r) => r.kind === 'student' && r.status === 'failed');
  expect(failed.map((r) => r.results.error).sort()).toEqual([expect.stringContaining('at least 2 classes'), expect.stringContaining('temperature must be a number above 0')]);
  expect(await countRecords(page, 'sources')).toBe(1);
});

test('the canary report compares every output: table, chart, confusion heatmap, costs', async ({ page }) => {
  await loadSpamPool(page);
  await trainSeedsStudent(page, 'Reported student');
  await openTab(page, 'Canary report');
  const table = page.getByTestId('canary-table');
  await expect(table).toBeVisible();
  const row = page.getByTestId('canary-row').filter({ hasText: 'Reported student' });
  await expect(row.getByTestId('canary-accuracy')).toHaveText(/\d+\.\d %/);
  await expect(page.getByTestId('canary-chart')).toBeVisible();
  await expect(page.getByTestId('canary-confusion').locator('rect')).toHaveCount(4);
  const before = Number(await row.getByTestId('canary-cost').textContent());
  await page.locator('details summary', { hasText: 'Costs per class' }).click();
  await page.getByTestId('fn-cost-1').fill('10');
  await page.getByTestId('canary-refresh').click();
  await expect.poll(async () => Number(await row.getByTestId('canary-cost').textContent())).toBeGreaterThan(before);
  await expect(page.getByTestId('canary-progress')).toHaveText('canary: 250 of 250 labelled.');
});

test('a CNN student on the digits sample: pixels decoded in the worker, exported as an image teacher', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the digits sample' }).click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2,000 of 2,000 labeled', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('500');
  await page.getByTestId('dev-size').fill('200');
  await page.getByTestId('split-apply').click();
  await openTab(page, 'Students');
  await expect(page.getByTestId('student-arch')).toHaveValue('cnn');
  await page.getByTestId('student-name').fill('Digit CNN');
  await page.locator('details summary', { hasText: 'Training settings' }).click();
  await page.getByTestId('student-epochs').fill('2');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  const run = page.getByTestId('student-run').filter({ hasText: 'Digit CNN' });
  await expect(run).toBeVisible({ timeout: 200_000 });
  await expect(run).toContainText('28×28 gray pixels');
  // 1,300 labelled pool items and 150 dev items train it; two epochs already beat chance by far.
  expect(Number((await run.getByTestId('student-dev-accuracy').textContent())!.replace(' %', ''))).toBeGreaterThan(50);
  await run.getByTestId('export-student').click();
  await expect(run.getByTestId('exported-model')).toBeVisible();
  await openTab(page, 'Canary report');
  await expect(page.getByTestId('canary-row').filter({ hasText: 'Digit CNN' })).toBeVisible();
  await expect(page.getByTestId('canary-confusion').locator('rect')).toHaveCount(100);
});

test('WRENCH loop: label model → calibration → distilled student → exported → run as a teacher → canary report', async ({ page }) => {
  const run = await distilWrenchStudent(page, 'LM student');
  await run.getByTestId('export-student').click();
  await expect(run.getByTestId('exported-model')).toBeVisible();

  // The exported student runs as a teacher (ONNX in the teacher worker) on the same dataset.
  await openTab(page, 'Teachers');
  await page.getByTestId('teacher-model').selectOption({ label: 'LM student (teacher)' });
  await page.getByTestId('teacher-device').selectOption('wasm');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

  await openTab(page, 'Canary report');
  await expect(page.getByTestId('canary-row')).toHaveCount(10 + 1 + 1 + 1);
  const cellOf = (name: RegExp, cell: string) => page.getByTestId('canary-row').filter({ hasText: name }).first().getByTestId(cell).textContent();
  const student = await cellOf(/^LM student/, 'canary-accuracy');
  const lm = await cellOf(/^Label model/, 'canary-accuracy');
  // Same weights through ONNX Runtime and TF.js: the same probabilities, so the same canary ECE; and the
  // card carries the student's dev-tuned decision, so the teacher votes as the student labels: same accuracy.
  const teacherRow = page.getByTestId('canary-row').filter({ has: page.getByRole('cell', { name: 'teacher', exact: true }) });
  expect(await teacherRow.getByTestId('canary-ece').textContent()).toBe(await cellOf(/^LM student/, 'canary-ece'));
  expect(await teacherRow.getByTestId('canary-accuracy').textContent()).toBe(student);
  expect(parseFloat(student!)).toBeGreaterThan(parseFloat(lm!));

  // The decision's round trip: student run → registry card → teacher run → the teacher's votes on every item.
  type Decision = { kind: 'argmax' } | { kind: 'threshold'; positive: number; threshold: number } | { kind: 'weights'; weights: number[] };
  const runs = await readStore<{ id: string; kind: string; params: { decision?: Decision }; results: { name?: string; decision?: Decision } }>(page, 'runs');
  const studentRun = runs.find((r) => r.kind === 'student' && r.results.name === 'LM student')!;
  const decision = studentRun.results.decision!;
  expect(decision.kind).not.toBe('argmax');
  const [model] = await readStore<{ card: { decision?: Decision } }>(page, 'models');
  expect(model.card.decision).toEqual(decision);
  expect(runs.find((r) => r.kind === 'teacher')!.params.decision).toEqual(decision);
  const sources = await readStore<{ id: string; kind: string; name: string }>(page, 'sources');
  const datasetId = await currentDatasetId(page);
  const studentProbs = await readColumnValues(page, datasetId, `probs:${sources.find((s) => s.kind === 'student' && s.name === 'LM student')!.id}`);
  const teacherVotes = await readColumnValues(page, datasetId, `votes:${sources.find((s) => s.kind === 'teacher')!.id}`);
  const decided = teacherVotes.map((_, i) => {
    const p = [studentProbs[i * 2], studentProbs[i * 2 + 1]];
    if (decision.kind === 'threshold') return p[decision.positive] > decision.threshold ? decision.positive : 1 - decision.positive;
    const w = decision.kind === 'weights' ? decision.weights : [1, 1];
    return p[1] * w[1] > p[0] * w[0] ? 1 : 0;
  });
  const argmax = teacherVotes.map((_, i) => (studentProbs[i * 2 + 1] > studentProbs[i * 2] ? 1 : 0));
  const agree = (labels: number[]) => labels.filter((y, i) => y === teacherVotes[i]).length;
  // ONNX Runtime and TF.js round differently in the last bits: an item on the boundary may flip, no more.
  expect(agree(decided)).toBeGreaterThanOrEqual(teacherVotes.length - 2);
  expect(agree(argmax)).toBeLessThan(agree(decided));
});

test('a student on an embedder’s vectors (the built-in hashed n-gram embedder run in the Teachers tab)', async ({ page }) => {
  await loadSpamPool(page);
  await openTab(page, 'Teachers');
  await page.getByTestId('teacher-model').selectOption('builtin:hashed-ngrams-embedder');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('embeddings')).toHaveText('vec:hashed-ngrams-embedder', { timeout: 60_000 });
  await openTab(page, 'Students');
  await page.getByTestId('student-features').selectOption('vectors:hashed-ngrams-embedder');
  await page.getByTestId('student-name').fill('On vectors');
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  const run = page.getByTestId('student-run').filter({ hasText: 'On vectors' });
  await expect(run).toBeVisible({ timeout: 120_000 });
  await expect(run).toContainText('hashed-ngrams-embedder vectors');
  expect(Number((await run.getByTestId('student-dev-accuracy').textContent())!.replace(' %', ''))).toBeGreaterThan(70);
  // A teacher could not compute these vectors from raw items by itself: no export.
  await expect(run.getByTestId('export-student')).toBeDisabled();
});
