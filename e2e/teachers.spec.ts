import { csvFile, expect, importThroughWizard, loadSample, test, type Page } from './fixtures';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';

async function runTeacher(page: Page, options: { model?: string; device?: 'auto' | 'wasm' | 'webgpu'; runtime?: 'onnx' | 'tfjs' } = {}) {
  await page.getByRole('link', { name: 'Teachers' }).click();
  if (options.model) await page.getByTestId('teacher-model').selectOption({ label: options.model });
  if (options.runtime) await page.getByTestId('teacher-runtime').selectOption(options.runtime);
  if (options.device) await page.getByTestId('teacher-device').selectOption(options.device);
  const before = await page.getByTestId('run-row').count();
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row')).toHaveCount(before + 1, { timeout: 90_000 });
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
}

interface SourceRecord {
  id: string;
  datasetId: string;
  kind: string;
  version: string | null;
}

test('the built-in text teacher on WASM and on WebGPU (SwiftShader) stores the same probabilities', async ({ page }) => {
  await loadSample(page);
  const datasetId = await currentDatasetId(page);
  await runTeacher(page, { device: 'wasm' });
  await expect(page.getByTestId('run-device').first()).toContainText('WASM, as you chose');
  const source = (await readStore<SourceRecord>(page, 'sources')).find((s) => s.datasetId === datasetId && s.kind === 'teacher')!;
  expect(source.version).toMatch(/^[0-9a-f]{64}$/);
  const wasm = await readColumnValues(page, datasetId, `probs:${source.id}`);
  const wasmVotes = await readColumnValues(page, datasetId, `votes:${source.id}`);
  expect(wasm).toHaveLength(1956 * 2);

  await runTeacher(page, { device: 'webgpu' });
  await expect(page.getByTestId('run-device').first()).toContainText('WebGPU, as you chose');
  const webgpu = await readColumnValues(page, datasetId, `probs:${source.id}`);
  let maxDiff = 0;
  for (let i = 0; i < wasm.length; i++) maxDiff = Math.max(maxDiff, Math.abs(wasm[i] - webgpu[i]));
  console.log(`max |p_wasm - p_webgpu| over ${wasm.length} values: ${maxDiff.toExponential(2)}`);
  expect(maxDiff).toBeLessThan(1e-3);
  expect(await readColumnValues(page, datasetId, `votes:${source.id}`)).toEqual(wasmVotes);

  // A new vote threshold is applied from the stored probabilities, without running the model again.
  await page.getByTestId('teacher-source').getByRole('textbox').fill('0.99');
  await page.getByTestId('teacher-source').getByRole('button', { name: 'Apply threshold' }).click();
  const sure = webgpu.filter((p, i) => i % 2 === 0 && Math.max(p, webgpu[i + 1]) >= 0.99).length;
  await expect(page.getByTestId('message-info').last()).toContainText(`now votes on ${sure.toLocaleString('en-US')} of 1,956 items`);
  const retuned = await readColumnValues(page, datasetId, `votes:${source.id}`);
  retuned.forEach((v, i) => expect(v).toBe(Math.max(webgpu[2 * i], webgpu[2 * i + 1]) >= 0.99 ? wasmVotes[i] : -1));
});

test('the built-in text teacher through TF.js (wasm backend) gives what ONNX gives', async ({ page }) => {
  await loadSample(page);
  const datasetId = await currentDatasetId(page);
  await runTeacher(page, { device: 'wasm', runtime: 'onnx' });
  const source = (await readStore<SourceRecord>(page, 'sources')).find((s) => s.datasetId === datasetId)!;
  const onnx = await readColumnValues(page, datasetId, `probs:${source.id}`);
  await runTeacher(page, { device: 'wasm', runtime: 'tfjs' });
  await expect(page.getByTestId('run-row').first()).toContainText('TFJS');
  // TF.js runs its own files: a different model hash, and a second source.
  const tfjsSource = (await readStore<SourceRecord & { definition: { runtime: string } }>(page, 'sources')).find((s) => s.datasetId === datasetId)!;
  expect(tfjsSource.definition.runtime).toBe('tfjs');
  const tfjs = await readColumnValues(page, datasetId, `probs:${tfjsSource.id}`);
  let maxDiff = 0;
  for (let i = 0; i < onnx.length; i++) maxDiff = Math.max(maxDiff, Math.abs(onnx[i] - tfjs[i]));
  expect(maxDiff).toBeLessThan(1e-5);
});

test('label mapping by hand, a vote threshold, a new threshold without re-running, and the text embedder', async ({ page }) => {
  await page.goto('/');
  const rows = ['id,text', 'a,check out my channel http://spam.example', 'b,I love this song so much', 'c,subscribe to me please', 'd,great video', 'e,hmm', 'f,Check out my channel: http://spam.example !!'];
  await importThroughWizard(page, csvFile('mine.csv', rows.join('\n')));
  const datasetId = await currentDatasetId(page);
  await page.getByRole('link', { name: 'Teachers' }).click();
  // The wizard's default classes (negative, positive) share no name with the teacher's (ham, spam).
  await expect(page.getByTestId('mapping-problem')).toContainText("None of the labels of the teacher 'YouTube comment spam teacher' (ham, spam) matches a class of this dataset (negative, positive)");
  await expect(page.getByTestId('run-teacher')).toBeDisabled();
  await page.getByTestId('map-spam').selectOption({ label: 'positive' });
  await expect(page.getByTestId('mapping-problem')).toHaveCount(0);
  await page.getByTestId('teacher-threshold').fill('0.9');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

  const source = (await readStore<SourceRecord>(page, 'sources')).find((s) => s.datasetId === datasetId)!;
  const probs = await readColumnValues(page, datasetId, `probs:${source.id}`);
  const votes = await readColumnValues(page, datasetId, `votes:${source.id}`);
  // ham maps to nothing: all probability goes to 'positive' (spam), and the vote is spam only when the
  // teacher thinks spam more likely than ham and at least 0.9 sure.
  expect(probs.filter((_, i) => i % 2 === 0).every((p) => p === 0)).toBe(true);
  expect(votes[0]).toBe(1);
  expect(votes[1]).toBe(-1);
  expect(votes).toContain(-1);

  // New threshold, applied from the stored probabilities (no inference): refused while a label is unmapped.
  await page.getByTestId('teacher-source').getByRole('textbox').fill('');
  await page.getByTestId('teacher-source').getByRole('button', { name: 'Apply threshold' }).click();
  await expect(page.getByTestId('message-error').last()).toContainText('labels map to no class');

  await page.getByTestId('teacher-model').selectOption('builtin:hashed-ngrams-embedder');
  await expect(page.getByTestId('webgpu-probe')).toContainText('Built-in embedder');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('embeddings')).toHaveText('vec:hashed-ngrams-embedder', { timeout: 30_000 });
  const vectors = await readColumnValues(page, datasetId, 'vec:hashed-ngrams-embedder');
  expect(vectors).toHaveLength(6 * 1024);
  const dot = (i: number, j: number) => vectors.slice(i * 1024, (i + 1) * 1024).reduce((s, x, k) => s + x * vectors[j * 1024 + k], 0);
  expect(dot(0, 0)).toBeCloseTo(1, 5);
  // A near-duplicate is close; unrelated comments are not.
  expect(dot(0, 5)).toBeGreaterThan(0.8);
  expect(dot(0, 3)).toBeLessThan(0.2);
});
