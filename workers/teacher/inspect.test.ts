/**
 * Model inspection in Node with onnxruntime-web's WASM backend (the same code the worker runs): file
 * problems throw specific errors, card problems come back for the form, drafts validate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { hfFolder, hfOnnx, spamCard, spamOnnx, unsupportedOpOnnx } from '../../e2e/lib/model-fixtures';
import { REPO } from '../../models/build/data';
import { inspectModel, type InspectEnvironment, type InspectRequest } from './inspect';
import { tfjsArtifacts } from './tfjs-runtime';

ort.env.wasm.numThreads = 1;
const env: InspectEnvironment = {
  ort: async () => ort as never,
  loadTfjs: async (files) => {
    const { handler } = await tfjsArtifacts(files);
    (await loadLayersModel(handler)).dispose();
  },
};
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const blob = (bytes: Uint8Array | Buffer | string) => new Blob([bytes as BlobPart]);
const onnxFile = (bytes: Uint8Array | Buffer, path = 'model.onnx') => ({ path, blob: blob(bytes) });
const inspect = (request: Partial<InspectRequest> & Pick<InspectRequest, 'files'>) => inspectModel({ format: 'onnx', card: null, ...request }, env);

describe('ONNX files', () => {
  it('drafts a card that matches the model, and hashes its bytes', async () => {
    const result = await inspect({ files: [onnxFile(spamOnnx(), 'folder/spam.onnx')] });
    expect(result.cardSource).toBe('draft');
    expect(result.problems).toEqual([]);
    expect(result.files.map((f) => f.path)).toEqual(['spam.onnx']);
    expect(result.model.summary).toContain('input float32 [batch, 4096]');
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns every mismatch of a wrong card (and uses a card.json among the files)', async () => {
    const card = { ...spamCard(), labels: ['ham', 'spam', 'other'], inputs: [{ name: 'features', dtype: 'float32', shape: ['batch', 4096] }] };
    const result = await inspect({ files: [onnxFile(spamOnnx()), { path: 'card.json', blob: blob(JSON.stringify(card)) }] });
    expect(result.cardSource).toBe('file');
    expect(result.problems.map((p) => p.code).sort()).toEqual(['input-missing', 'input-unfed', 'labels-count']);
    expect(result.problems.find((p) => p.code === 'input-missing')!.message).toContain("Did you mean 'input'?");
  });

  it('throws specific errors for a cut-off file, a non-ONNX file, an unknown operator, a custom operator', async () => {
    await expect(inspect({ files: [onnxFile(spamOnnx().subarray(0, 3000), 'cut.onnx')] })).rejects.toMatchObject({ code: 'onnx-truncated', message: expect.stringMatching(/^cut\.onnx: /) });
    await expect(inspect({ files: [onnxFile(readFileSync(join(REPO, 'public/favicon.svg')), 'icon.onnx')] })).rejects.toMatchObject({ message: expect.stringMatching(/^icon\.onnx: /) });
    await expect(inspect({ files: [onnxFile(unsupportedOpOnnx())] })).rejects.toMatchObject({ code: 'unsupported-op', details: { op: 'Col2Im', opset: 17 } });
    const { onnx } = onnxProto;
    const tensor = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 2 }] } } } });
    const custom = onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }, { domain: 'com.example', version: 1 }], graph: { name: 'g', node: [{ opType: 'Fancy', domain: 'com.example', input: ['x'], output: ['y'] }], input: [tensor('x')], output: [tensor('y')] } }).finish();
    await expect(inspect({ files: [onnxFile(custom)] })).rejects.toMatchObject({ code: 'unsupported-op', message: expect.stringContaining('com.example.Fancy') });
    await expect(inspect({ files: [onnxFile(spamOnnx()), onnxFile(spamOnnx(), 'b.onnx')] })).rejects.toMatchObject({ code: 'onnx-count' });
  });
});

const folderFiles = (dir: string) =>
  ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'README.md', 'onnx/model.onnx'].map((rel) => ({ path: `tiny/${rel}`, blob: blob(readFileSync(join(dir, rel))) }));

describe('Hugging Face folders', () => {
  it('drafts a classifier card from config.json and the ONNX file, storing only what it needs', async () => {
    const result = await inspectModel({ format: 'hf', card: null, files: [...folderFiles(hfFolder()), { path: 'tiny/onnx/model_quantized.onnx', blob: blob(hfOnnx()) }] }, env);
    expect(result.problems).toEqual([]);
    expect(result.card).toMatchObject({ id: 'tiny-spam-bert', task: 'classify', labels: ['ham', 'spam'], files: { onnx: 'onnx/model.onnx' }, license: { model: 'mit' } });
    expect(result.files.map((f) => f.path).sort()).toEqual(['README.md', 'config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
    expect(result.model.summary).toContain('also found onnx/model_quantized.onnx (not stored)');
  });

  it('a tokenizer.json that does not parse says where', async () => {
    await expect(inspectModel({ format: 'hf', card: null, files: folderFiles(hfFolder({ tokenizer: '{\n  "model": {,}\n}' })) }, env)).rejects.toMatchObject({ code: 'bad-tokenizer', message: expect.stringMatching(/^tokenizer\.json does not parse as JSON \(line 2, column \d+\)/) });
    await expect(inspectModel({ format: 'hf', card: null, files: folderFiles(hfFolder({ tokenizer: '{"version": "1.0"}' })) }, env)).rejects.toMatchObject({ code: 'bad-tokenizer', message: expect.stringContaining('no "model" section') });
  });
});

describe('TF.js models', () => {
  const dir = join(REPO, 'models/builtin/youtube-spam-teacher/tfjs');
  it('validates the built-in card against the layers model.json', async () => {
    const files = [{ path: 'model.json', blob: blob(readFileSync(join(dir, 'model.json'))) }, { path: 'weights.bin', blob: blob(readFileSync(join(dir, 'weights.bin'))) }];
    const result = await inspectModel({ format: 'tfjs', card: { ...spamCard(), runtime: 'tfjs-layers' }, files }, env);
    expect(result.problems).toEqual([]);
    expect(result.model.summary).toContain('layers model');
  });
  it('names a missing weight file, and a card for the wrong runtime', async () => {
    await expect(inspectModel({ format: 'tfjs', card: null, files: [{ path: 'model.json', blob: blob(readFileSync(join(dir, 'model.json'))) }] }, env)).rejects.toMatchObject({ code: 'tfjs-missing-shard' });
    const files = [{ path: 'model.json', blob: blob(readFileSync(join(dir, 'model.json'))) }, { path: 'weights.bin', blob: blob(readFileSync(join(dir, 'weights.bin'))) }];
    const result = await inspectModel({ format: 'tfjs', card: spamCard(), files }, env);
    expect(result.problems.map((p) => p.code)).toEqual(['runtime']);
  });
});
