import { describe, expect, it } from 'vitest';
import { hfOnnx, spamOnnx } from '../../../e2e/lib/model-fixtures';
import { SiftError } from '../errors';
import { parseCard } from './card';
import { validateCard } from './card-validate';
import { suggestCard } from './card-suggest';
import { findHfFiles, labelsFromConfig, licenseFromReadme, suggestHfCard } from './hf-folder';
import { readOnnxInfo } from './onnx-info';
import { mlpToOnnx } from './onnx-write';

describe('findHfFiles', () => {
  it('finds the files under a picked folder and prefers the full-precision ONNX', () => {
    const found = findHfFiles(['m/config.json', 'm/tokenizer.json', 'm/onnx/model_quantized.onnx', 'm/onnx/model.onnx', 'm/README.md', 'm/tokenizer_config.json']);
    expect(found).toEqual({ root: 'm/', config: 'm/config.json', tokenizer: 'm/tokenizer.json', tokenizerConfig: 'm/tokenizer_config.json', readme: 'm/README.md', onnx: ['m/onnx/model.onnx', 'm/onnx/model_quantized.onnx'] });
  });
  it('names the missing file', () => {
    expect(() => findHfFiles(['m/config.json', 'm/onnx/model.onnx'])).toThrow(/no tokenizer\.json/);
    expect(() => findHfFiles(['m/config.json', 'm/tokenizer.json'])).toThrow(/no ONNX model/);
  });
});

describe('config and README', () => {
  it('reads id2label in index order and rejects gaps', () => {
    expect(labelsFromConfig({ id2label: { 1: 'POSITIVE', 0: 'NEGATIVE' } })).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(labelsFromConfig({})).toBeNull();
    expect(() => labelsFromConfig({ id2label: { 0: 'a', 2: 'b' } })).toThrow(SiftError);
  });
  it('reads the license from the front matter', () => {
    expect(licenseFromReadme('---\nlanguage: en\nlicense: apache-2.0\n---\n# x')).toBe('apache-2.0');
    expect(licenseFromReadme('# no front matter')).toBeNull();
  });
});

describe('suggested cards validate against their model', () => {
  it('a Hugging Face classifier: tokenizer inputs, logits, id2label, max length', () => {
    const onnx = readOnnxInfo(new Uint8Array(hfOnnx()));
    const card = suggestHfCard({ folderName: 'tiny', onnxPath: 'onnx/model.onnx', config: { id2label: { 0: 'ham', 1: 'spam' }, max_position_embeddings: 16 }, tokenizerConfig: { model_max_length: 512 }, readme: '---\nlicense: mit\n---', onnx });
    const parsed = parseCard(card);
    expect(parsed.problems).toEqual([]);
    expect(validateCard(parsed.card!, onnx)).toEqual([]);
    expect(parsed.card).toMatchObject({ task: 'classify', labels: ['ham', 'spam'], license: { model: 'mit' }, preprocessing: { kind: 'tokenizer', max_length: 16, inputs: { input_ids: 'input_ids', attention_mask: 'attention_mask' } } });
  });
  it('a folder without id2label becomes a mean-pooled embedder', () => {
    const onnx = readOnnxInfo(new Uint8Array(hfOnnx()));
    const perToken = { ...onnx, outputs: [{ name: 'last_hidden_state', kind: 'tensor' as const, dtype: 'float32', shape: ['batch', 'sequence', 2] }] };
    const card = parseCard(suggestHfCard({ folderName: 'e', onnxPath: 'onnx/model.onnx', config: {}, tokenizerConfig: null, readme: null, onnx: perToken })).card!;
    expect(card).toMatchObject({ task: 'embed', preprocessing: { pooling: 'mean' }, outputs: [{ role: 'embedding' }] });
    expect(validateCard(card, perToken)).toEqual([]);
  });
  it('a bare ONNX: text features or an image, placeholder labels of the right count', () => {
    const spam = readOnnxInfo(new Uint8Array(spamOnnx()));
    const textCard = parseCard(suggestCard(spam, 'spam.onnx', 'onnx')).card!;
    expect(textCard).toMatchObject({ input_kind: 'text', preprocessing: { kind: 'hashed-ngrams', dim: 4096 }, labels: ['class_0', 'class_1'] });
    expect(validateCard(textCard, spam)).toEqual([]);
    const layer = (i: number, o: number) => ({ inputs: i, outputs: o, activation: 'linear' as const, weight: new Float32Array(i * o), bias: new Float32Array(o) });
    const image = readOnnxInfo(mlpToOnnx({ inputShape: ['batch', 3, 8, 8], layers: [layer(192, 5)] }));
    const imageCard = parseCard(suggestCard(image, 'cifar.onnx', 'onnx')).card!;
    expect(imageCard).toMatchObject({ input_kind: 'image', preprocessing: { kind: 'image', width: 8, height: 8, channels: 3, layout: 'NCHW' }, labels: ['class_0', 'class_1', 'class_2', 'class_3', 'class_4'] });
    expect(validateCard(imageCard, image)).toEqual([]);
  });
});
