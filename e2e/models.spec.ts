import { readFileSync } from 'node:fs';
import { expect, loadSample, MODEL_LOAD, test, type Page } from './fixtures';
import { hfFolder, spamCard, spamOnnx, spamTfjsModelJson, unsupportedOpOnnx } from './lib/model-fixtures';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';

const file = (name: string, buffer: Buffer, mimeType = 'application/octet-stream') => ({ name, mimeType, buffer });
const json = (name: string, value: unknown) => file(name, Buffer.from(JSON.stringify(value, null, 2)), 'application/json');

async function modelCount(page: Page): Promise<number> {
  return (await readStore(page, 'models')).length;
}

test('a user .onnx with a wrong card: every mismatch is explained, saving waits until the card is fixed', async ({ page }) => {
  await page.goto('/#/models');
  await expect(page.getByTestId('model-row')).toHaveCount(4);
  const card = { ...spamCard(), id: 'my-spam', name: 'My spam model', labels: ['ham', 'spam', 'other'], inputs: [{ name: 'features', dtype: 'float32', shape: ['batch', 4096] }] };
  await page.getByTestId('add-onnx').setInputFiles([file('my-spam.onnx', spamOnnx()), json('card.json', card)]);
  const problems = page.getByTestId('card-problem');
  await expect(problems.filter({ hasText: "the card lists 3 labels (ham, spam, other) but the model's output 'probabilities' has 2 columns" })).toHaveCount(1, MODEL_LOAD);
  await expect(problems.filter({ hasText: "the model has no input 'features'" })).toContainText("Did you mean 'input'?");
  await expect(problems.filter({ hasText: "the model needs input 'input'" })).toHaveCount(1);
  await expect(page.getByTestId('save-model')).toBeDisabled();
  expect(await modelCount(page)).toBe(0);

  // Fix the card in the form: the problems go away and the model can be saved.
  await page.getByTestId('card-labels').fill('ham\nspam');
  await page.getByTestId('card-labels').blur();
  await page.locator('details summary', { hasText: 'Whole card as JSON' }).click();
  const fixed = JSON.parse(await page.getByTestId('card-json').inputValue());
  fixed.inputs[0].name = 'input';
  await page.getByTestId('card-json').fill(JSON.stringify(fixed));
  await expect(page.getByTestId('card-ok')).toBeVisible(MODEL_LOAD);
  await page.getByTestId('save-model').click();
  await expect(page.locator('[data-model="user-my-spam"]')).toBeVisible();
  expect(await modelCount(page)).toBe(1);

  // It runs as a teacher and gives what the built-in (same file) gives.
  await loadSample(page);
  const datasetId = await currentDatasetId(page);
  await page.getByRole('link', { name: 'Teachers' }).click();
  for (const model of ['user:user-my-spam', 'builtin:youtube-spam-teacher']) {
    await page.getByTestId('teacher-model').selectOption(model);
    await page.getByTestId('teacher-device').selectOption('wasm');
    const runs = await page.getByTestId('run-row').count();
    await page.getByTestId('run-teacher').click();
    await expect(page.getByTestId('run-row')).toHaveCount(runs + 1, MODEL_LOAD);
    await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  }
  const sources = (await readStore<{ id: string; datasetId: string; version: string }>(page, 'sources')).filter((s) => s.datasetId === datasetId);
  expect(sources).toHaveLength(2);
  expect(sources[0].version).toBe(sources[1].version);
  const [a, b] = await Promise.all(sources.map((s) => readColumnValues(page, datasetId, `probs:${s.id}`)));
  expect(a).toEqual(b);
});

test('bad model files give specific errors, store nothing, and the worker keeps working', async ({ page }) => {
  await page.goto('/#/models');
  const error = page.getByTestId('add-model-error');
  const cases: [string, () => Promise<void>, RegExp | string][] = [
    ['truncated', () => page.getByTestId('add-onnx').setInputFiles([file('cut.onnx', spamOnnx().subarray(0, 3000))]), /cut\.onnx: .*(truncated|cut off|ends)/i],
    ['not onnx', () => page.getByTestId('add-onnx').setInputFiles([file('picture.onnx', readFileSync(new URL('../public/favicon.svg', import.meta.url)))]), /picture\.onnx: /],
    ['unsupported operator', () => page.getByTestId('add-onnx').setInputFiles([file('col2im.onnx', unsupportedOpOnnx())]), 'onnxruntime-web does not know operator Col2Im at opset 17'],
    ['broken tokenizer', () => page.getByTestId('add-hf').setInputFiles(hfFolder({ tokenizer: '{\n  "model": {"type": "WordPiece",,\n}' })), /tokenizer\.json does not parse as JSON \(line 2, column \d+\)/],
    ['missing TF.js shard', () => page.getByTestId('add-tfjs').setInputFiles([file('model.json', spamTfjsModelJson(), 'application/json')]), "names the weight file 'weights.bin', which is not among the chosen files"],
  ];
  for (const [what, pick, message] of cases) {
    await pick();
    await expect(error, what).toContainText(message, MODEL_LOAD);
    expect(await modelCount(page), what).toBe(0);
  }
  // Same worker, good input: the check runs and drafts a card.
  await page.getByTestId('add-onnx').setInputFiles([file('fine.onnx', spamOnnx())]);
  await expect(page.getByTestId('model-summary')).toContainText('input float32 [batch, 4096]', MODEL_LOAD);
  await expect(page.getByTestId('card-name')).toHaveValue('fine');
});

test('a Hugging Face folder: labels from id2label, tokenized in the worker, mean-pooled logits as a teacher', async ({ page }) => {
  await page.goto('/#/models');
  await page.getByTestId('add-hf').setInputFiles(hfFolder());
  await expect(page.getByTestId('card-ok')).toBeVisible(MODEL_LOAD);
  await expect(page.getByTestId('card-labels')).toHaveValue('ham\nspam');
  await expect(page.getByTestId('model-summary')).toContainText('onnx/model.onnx');
  await page.getByTestId('save-model').click();
  await expect(page.locator('[data-model="user-tiny-spam-bert"]')).toBeVisible();

  await loadSample(page);
  const datasetId = await currentDatasetId(page);
  await page.getByRole('link', { name: 'Teachers' }).click();
  await page.getByTestId('teacher-model').selectOption('user:user-tiny-spam-bert');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const source = (await readStore<{ id: string; datasetId: string }>(page, 'sources')).find((s) => s.datasetId === datasetId)!;
  const probs = await readColumnValues(page, datasetId, `probs:${source.id}`);
  expect(probs).toHaveLength(1956 * 2);
  const chunk = (await readStore<{ datasetId: string; text: string[] }>(page, 'chunks')).find((c) => c.datasetId === datasetId)!;
  const { expectedHfProbabilities } = await import('./lib/hf-expected');
  const expected = expectedHfProbabilities(chunk.text.slice(0, 200));
  for (let i = 0; i < 200; i++) expect(probs[i * 2 + 1]).toBeCloseTo(expected[i], 5);
});
