import { describe, expect, it } from 'vitest';
import { preprocessImageInto, resolveImagePreprocessing, type PixelBuffer } from '../features/image';
import { TextHasher } from '../features/text-hash';
import { cardOrThrow, type CardInput } from './card';
import { createEncoder, encodeBatch, type InputEncoder } from './encode';

const base = {
  format: 'sift-model-card',
  format_version: 1,
  id: 'm',
  name: 'M',
  version: '1',
  task: 'classify',
  runtime: 'onnx',
  outputs: [{ name: 'logits', dtype: 'float32', shape: ['batch', 2], role: 'logits' }],
  labels: ['a', 'b'],
  license: { model: 'MIT' },
  provenance: { data: 'none' },
} as const;
const card = (extra: Partial<CardInput>) => cardOrThrow({ ...structuredClone(base), inputs: [{ name: 'input', dtype: 'float32', shape: ['batch', 3] }], input_kind: 'text', ...extra } as CardInput);

describe('createEncoder', () => {
  it('encodes text with the card\'s hashed n-grams', () => {
    const encoder = createEncoder(card({ preprocessing: { kind: 'hashed-ngrams', dim: 32, char_ngrams: null } })) as InputEncoder<string>;
    const { data, dims } = encodeBatch(encoder, ['free money now', 'hello']);
    expect(dims).toEqual([2, 32]);
    const hasher = new TextHasher({ dim: 32, char_ngrams: null });
    expect(data.subarray(32)).toEqual(hasher.featurize('hello'));
  });

  it('encodes images with the card\'s layout', () => {
    const preprocessing = { kind: 'image', width: 2, height: 2, channels: 3, layout: 'NHWC', mean: [0, 0, 0], std: [1, 1, 1] } as const;
    const encoder = createEncoder(card({ input_kind: 'image', preprocessing: structuredClone(preprocessing) as never })) as InputEncoder<PixelBuffer>;
    const image: PixelBuffer = { data: Uint8Array.from({ length: 16 }, (_, i) => i * 10), width: 2, height: 2, channels: 4 };
    const { data, dims } = encodeBatch(encoder, [image]);
    expect(dims).toEqual([1, 2, 2, 3]);
    const want = new Float32Array(12);
    preprocessImageInto(image, resolveImagePreprocessing(structuredClone(preprocessing) as never), want);
    expect(data).toEqual(want);
  });

  it('standardises table columns and names a bad value', () => {
    const encoder = createEncoder(card({ input_kind: 'table', preprocessing: { kind: 'table', columns: [{ name: 'age', mean: 40, std: 10 }, { name: 'x' }, { name: 'y', std: 2 }] } })) as InputEncoder<ArrayLike<number>>;
    expect([...encodeBatch(encoder, [[50, 3, 4]]).data]).toEqual([1, 3, 2]);
    expect(() => encodeBatch(encoder, [[50, NaN, 4]])).toThrow(/Column 'x' is NaN/);
    expect(() => encodeBatch(encoder, [[50, 3]])).toThrow(/has 2 values; the card's preprocessing.columns lists 3/);
  });

  it('leaves tokenizers to the worker', () => {
    const c = card({ preprocessing: { kind: 'tokenizer', max_length: 8, inputs: { input_ids: 'input' } }, inputs: [{ name: 'input', dtype: 'int64', shape: ['batch', 8] }] });
    expect(() => createEncoder(c)).toThrow(/uses a tokenizer/);
  });
});
