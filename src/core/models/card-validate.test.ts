import { describe, expect, it } from 'vitest';
import { cardOrThrow, parseCard, type CardInput, type ModelCard } from './card';
import { CARD_PROBLEM_CODES, validateCard, type ModelInfo } from './card-validate';
import { modelInfoFromOrt, modelInfoFromTfjs } from './model-info';
import { readOnnxInfo } from './onnx-info';
import { mlpToOnnx } from './onnx-write';

const textCard: CardInput = {
  format: 'sift-model-card',
  format_version: 1,
  id: 'spam',
  name: 'Spam',
  version: '1',
  task: 'classify',
  input_kind: 'text',
  runtime: 'onnx',
  preprocessing: { kind: 'hashed-ngrams', dim: 64 },
  inputs: [{ name: 'input', dtype: 'float32', shape: ['batch', 64] }],
  outputs: [
    { name: 'logits', dtype: 'float32', shape: ['batch', 2], role: 'logits' },
    { name: 'probabilities', dtype: 'float32', shape: ['batch', 2], role: 'probabilities' },
  ],
  labels: ['ham', 'spam'],
  license: { model: 'MIT' },
  provenance: { data: 'test' },
};
const textModel: ModelInfo = {
  inputs: [{ name: 'input', dtype: 'float32', shape: ['batch', 64], kind: 'tensor' }],
  outputs: [
    { name: 'logits', dtype: 'float32', shape: ['batch', 2] },
    { name: 'probabilities', dtype: 'float32', shape: ['batch', 2] },
  ],
  operators: [{ domain: '', opType: 'MatMul' }],
};
const imageCard: CardInput = {
  ...textCard,
  id: 'digits',
  input_kind: 'image',
  preprocessing: { kind: 'image', width: 28, height: 28, channels: 1, layout: 'NCHW', mean: [0], std: [1] },
  inputs: [{ name: 'input', dtype: 'float32', shape: ['batch', 1, 28, 28] }],
  outputs: [{ name: 'logits', dtype: 'float32', shape: ['batch', 10], role: 'logits' }],
  labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
};
const imageModel: ModelInfo = { inputs: [{ name: 'input', dtype: 'float32', shape: ['batch', 1, 28, 28] }], outputs: [{ name: 'logits', dtype: 'float32', shape: ['batch', 10] }] };
const bertCard: CardInput = {
  ...textCard,
  id: 'bert',
  preprocessing: { kind: 'tokenizer', max_length: 128, padding: 'max_length', inputs: { input_ids: 'input_ids', attention_mask: 'attention_mask' } },
  inputs: [
    { name: 'input_ids', dtype: 'int64', shape: ['batch', 'sequence'] },
    { name: 'attention_mask', dtype: 'int64', shape: ['batch', 'sequence'] },
  ],
  outputs: [{ name: 'logits', dtype: 'float32', shape: ['batch', 2], role: 'logits' }],
};
const bertModel: ModelInfo = {
  inputs: [
    { name: 'input_ids', dtype: 'int64', shape: ['batch', 128] },
    { name: 'attention_mask', dtype: 'int64', shape: ['batch', 128] },
  ],
  outputs: [{ name: 'logits', dtype: 'float32', shape: ['batch', 2] }],
};
const embedderCard: CardInput = {
  ...textCard,
  id: 'text-embedder',
  task: 'embed',
  runtime: 'builtin',
  inputs: [],
  outputs: [{ name: 'embedding', dtype: 'float32', shape: ['batch', 64], role: 'embedding' }],
  labels: undefined,
};

type Mutation = [code: string, message: RegExp, card: CardInput, model: ModelInfo | null];
const edit = <T,>(value: T, change: (copy: T) => void): T => {
  const copy = structuredClone(value);
  change(copy);
  return copy;
};

const cases: Mutation[] = [
  ['kind-mismatch', /input_kind is 'image', which takes preprocessing 'image', 'image-pixels', not 'hashed-ngrams'/, { ...textCard, input_kind: 'image' }, null],
  ['image-channels', /channels is 3, so mean and std need 3 value\(s\) each; got 1 and 1/, edit(imageCard, (c) => ((c.preprocessing as { channels: number }).channels = 3)), null],
  ['builtin', /only for the built-in embedders/, { ...textCard, runtime: 'builtin' }, null],
  ['input-count', /lists no model inputs/, { ...textCard, inputs: [] }, null],
  ['input-count', /feeds one input, but the card lists 2/, { ...textCard, inputs: [textCard.inputs[0], { name: 'other', dtype: 'float32', shape: [1] }] }, null],
  ['tokenizer-input', /preprocessing.inputs.attention_mask is 'mask', which is not among/, edit(bertCard, (c) => ((c.preprocessing as { inputs: { attention_mask: string } }).inputs.attention_mask = 'mask')), null],
  ['duplicate-name', /outputs name 'logits' more than once/, { ...textCard, outputs: [textCard.outputs[0], textCard.outputs[0]] }, null],
  ['input-dtype', /feeds float32, but inputs\[0\] \('input'\) says int64/, edit(textCard, (c) => (c.inputs[0].dtype = 'int64')), null],
  ['input-dtype', /feeds int64 or int32, but inputs\[0\] \('input_ids'\) says float32/, edit(bertCard, (c) => (c.inputs[0].dtype = 'float32')), null],
  ['input-rank', /makes rank-4 input \[\?, 1, 28, 28\], but inputs\[0\].shape is \[batch, 784\]/, edit(imageCard, (c) => (c.inputs[0].shape = ['batch', 784])), null],
  ['input-shape', /inputs\[0\].shape is \[batch, 4096\], but preprocessing gives 64 features per item/, edit(textCard, (c) => (c.inputs[0].shape = ['batch', 4096])), null],
  ['labels-missing', /needs its label names.*got 0/, { ...textCard, labels: undefined }, null],
  ['labels-duplicate', /label 'spam' appears more than once/, { ...textCard, labels: ['spam', 'spam'] }, null],
  ['labels-empty', /a label name is empty/, { ...textCard, labels: ['ham', ' '] }, null],
  ['output-role', /task 'classify' needs an output with role 'logits' or 'probabilities'/, edit(textCard, (c) => c.outputs.forEach((o) => (o.role = 'embedding'))), null],
  ['output-dtype', /output 'logits' is int64; Sift reads float32/, edit(textCard, (c) => (c.outputs[0].dtype = 'int64')), null],
  ['output-rank', /classifier output 'logits' must be \[batch, classes\]/, edit(textCard, (c) => (c.outputs[0].shape = ['batch', 2, 1])), null],
  ['output-rank', /set preprocessing.pooling to 'mean' or 'cls'/, edit(embedderCard, (c) => (c.outputs[0].shape = ['batch', 'sequence', 64])), null],
  ['labels-count', /the card lists 3 labels \(ham, spam, other\) but output 'logits' has 2 columns/, { ...textCard, labels: ['ham', 'spam', 'other'] }, null],
  ['output-shape', /the built-in embedder makes 64 values per item, but outputs\[0\].shape ends in 128/, edit(embedderCard, (c) => (c.outputs[0].shape = ['batch', 128])), null],
  // Against the model.
  ['input-missing', /the model has no input 'pixels'; its inputs are 'input' \(float32 \[batch, 1, 28, 28\]\). Did you mean 'input'\?/, edit(imageCard, (c) => (c.inputs[0].name = 'pixels')), imageModel],
  ['input-kind', /'input' is a sequence, not a tensor/, textCard, edit(textModel, (m) => (m.inputs[0].kind = 'sequence'))],
  ['dtype-mismatch', /the model's input 'input' is float16, the card says float32/, textCard, edit(textModel, (m) => (m.inputs[0].dtype = 'float16'))],
  ['dtype-mismatch', /the model's output 'logits' is float64, the card says float32/, textCard, edit(textModel, (m) => (m.outputs[0].dtype = 'float64'))],
  ['rank-mismatch', /the model's input 'input' has rank 2 \[batch, 784\], the card says rank 4/, imageCard, edit(imageModel, (m) => (m.inputs[0].shape = ['batch', 784]))],
  ['rank-mismatch', /the model's output 'logits' has rank 3/, textCard, edit(textModel, (m) => (m.outputs[0].shape = ['batch', 1, 2]))],
  ['dim-mismatch', /input 'input' is \[batch, 4096\]: it takes 4096 features per item, but the card gives 64/, textCard, edit(textModel, (m) => (m.inputs[0].shape = ['batch', 4096]))],
  ['dim-mismatch', /input 'input' is \[batch, 4096\]: it takes 4096 features per item, but the card gives 64/, edit(textCard, (c) => (c.inputs[0].shape = ['batch', null])), edit(textModel, (m) => (m.inputs[0].shape = ['batch', 4096]))],
  ['dim-mismatch', /\[batch, 28, 28, 1\], which looks channels-last: set preprocessing.layout to 'NHWC'/, imageCard, edit(imageModel, (m) => (m.inputs[0].shape = ['batch', 28, 28, 1]))],
  ['dim-mismatch', /\[batch, 3, 224, 224\]: it takes 3 channels, but the card's preprocessing gives 1/, edit(imageCard, (c) => (c.inputs[0].shape = ['batch', 1, null, null])), edit(imageModel, (m) => (m.inputs[0].shape = ['batch', 3, 224, 224]))],
  ['dim-mismatch', /\[batch, 1, 32, 32\]: it takes 32 height, but the card's preprocessing gives 28/, imageCard, edit(imageModel, (m) => (m.inputs[0].shape = ['batch', 1, 32, 32]))],
  ['dim-mismatch', /'input_ids' is \[batch, 64\]: it takes 64 sequence length, but the card gives 128/, bertCard, edit(bertModel, (m) => m.inputs.forEach((t) => (t.shape = ['batch', 64])))],
  ['dim-mismatch', /the model's output 'emb' is \[batch, 32\], the card says \[batch, 64\]/, edit(embedderCard, (c) => ((c.runtime = 'onnx'), (c.inputs = textCard.inputs), (c.outputs[0].name = 'emb'))), { inputs: textModel.inputs, outputs: [{ name: 'emb', dtype: 'float32', shape: ['batch', 32] }] }],
  ['fixed-batch', /fixed batch size of 1; Sift will run 1 item\(s\) per call/, textCard, edit(textModel, (m) => (m.inputs[0].shape = [1, 64]))],
  ['input-unfed', /the model needs input 'token_type_ids' \(int64 \[batch, 128\]\), which the card does not list/, bertCard, edit(bertModel, (m) => m.inputs.push({ name: 'token_type_ids', dtype: 'int64', shape: ['batch', 128] }))],
  ['output-missing', /the model has no output 'probabilities'; its outputs are 'logits'/, textCard, edit(textModel, (m) => m.outputs.pop())],
  ['labels-count', /the card lists 2 labels \(ham, spam\) but the model's output 'logits' has 3 columns/, edit(textCard, (c) => c.outputs.forEach((o) => (o.shape = ['batch', null]))), edit(textModel, (m) => (m.outputs[0].shape = ['batch', 3]))],
  ['custom-ops', /operators onnxruntime-web does not have: com.example.FancyOp/, textCard, edit(textModel, (m) => m.operators!.push({ domain: 'com.example', opType: 'FancyOp' }))],
];

describe('validateCard', () => {
  const valid: [string, CardInput, ModelInfo | null][] = [
    ['text classifier', textCard, textModel],
    ['image classifier', imageCard, imageModel],
    ['tokenizer classifier', bertCard, bertModel],
    ['built-in embedder', embedderCard, null],
  ];
  it.each(valid)('accepts a correct %s card', (_, json, model) => {
    expect(validateCard(cardOrThrow(json), model)).toEqual([]);
  });

  it.each(cases)('catches %s: %s', (code, message, json, model) => {
    const problems = validateCard(cardOrThrow(json), model);
    const hit = problems.find((p) => p.code === code);
    expect(hit, JSON.stringify(problems, null, 1)).toBeDefined();
    expect(hit!.message).toMatch(message);
    expect(hit!.path).toBeTypeOf('string');
  });

  it('has a case for every problem code it claims to catch', () => {
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(Object.keys(CARD_PROBLEM_CODES)));
  });

  it('marks only the fixed batch as a warning', () => {
    const problems = validateCard(cardOrThrow(textCard), edit(textModel, (m) => (m.inputs[0].shape = [1, 64])));
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['fixed-batch', 'warning']]);
  });
});

describe('parseCard', () => {
  it('reports schema problems with their path', () => {
    const { problems } = parseCard({ ...textCard, lables: [], task: 'regress', preprocessing: { kind: 'image', width: 28 } });
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('lables: unknown field (not part of a Sift model card; check the spelling)');
    expect(messages.some((m) => m.startsWith('task: expected ("classify" | "embed"), got "regress"'))).toBe(true);
    expect(messages).toContain('preprocessing.height: is required');
    expect(() => cardOrThrow({ ...textCard, id: 'Has Spaces' })).toThrow(/id: .*lower-case letters/);
  });

  it('reads an optional decision (cards without one still load) and refuses one that does not fit the labels by name', () => {
    expect(cardOrThrow(textCard).decision).toBeUndefined();
    expect(cardOrThrow({ ...textCard, decision: { kind: 'threshold', positive: 1, threshold: 0.3 } }).decision).toEqual({ kind: 'threshold', positive: 1, threshold: 0.3 });
    expect(cardOrThrow({ ...textCard, decision: { kind: 'weights', weights: [1, 2.5] } }).decision).toEqual({ kind: 'weights', weights: [1, 2.5] });
    const messages = (decision: unknown, card: Partial<CardInput> = {}) => parseCard({ ...textCard, ...card, decision }).problems.map((p) => p.message);
    expect(messages({ kind: 'weights', weights: [1, 2, 3] })).toEqual(['decision: 3 class weights for 2 classes (the card lists 2 labels)']);
    expect(messages({ kind: 'threshold', positive: 0, threshold: 0.5 }, { labels: ['a', 'b', 'c'] })).toEqual(['decision: a threshold decision needs two classes, but there are 3 (the card lists 3 labels)']);
    expect(messages({ kind: 'threshold', positive: 1, threshold: 1.5 })[0]).toMatch(/^decision\.threshold: /);
    expect(messages({ kind: 'cutoff' })).toEqual(["decision.kind: kind must be one of 'argmax', 'threshold' or 'weights', got \"cutoff\""]);
    expect(messages({ kind: 'weights', weights: [1, 0] })[0]).toMatch(/^decision\.weights\[1\]: /);
    expect(messages({ kind: 'threshold', positive: 1, threshold: 0.5 }, { labels: undefined })).toEqual(["decision: a decision needs the card's labels (the classes it decides between)"]);
  });

  it('fills featurizer defaults so a card always states the full algorithm', () => {
    const card: ModelCard = cardOrThrow(textCard);
    expect(card.preprocessing).toMatchObject({ kind: 'hashed-ngrams', version: 1, dim: 64, word_ngrams: [1, 2], char_ngrams: [3, 5], sublinear_tf: true });
  });
});

describe('model info sources agree', () => {
  const onnxBytes = mlpToOnnx({ inputShape: ['batch', 64], layers: [{ inputs: 64, outputs: 2, weight: new Float32Array(128), bias: new Float32Array(2), activation: 'linear' }] });
  it('an ONNX file read by readOnnxInfo validates against its card', () => {
    expect(validateCard(cardOrThrow(textCard), readOnnxInfo(onnxBytes))).toEqual([]);
  });

  it('ORT session metadata converts ([] = unknown, negative = free)', () => {
    const info = modelInfoFromOrt({
      inputMetadata: [{ name: 'input', isTensor: true, type: 'float32', shape: ['batch', 64] }],
      outputMetadata: [
        { name: 'logits', isTensor: true, type: 'float32', shape: [-1, 2] },
        { name: 'probabilities', isTensor: true, type: 'float32', shape: [] },
      ],
    });
    expect(info.outputs.map((o) => o.shape)).toEqual([[null, 2], null]);
    expect(validateCard(cardOrThrow(textCard), info)).toEqual([]);
  });

  it('TF.js graph-model signatures convert, and a missing signature is explained', () => {
    const info = modelInfoFromTfjs({
      format: 'graph-model',
      modelTopology: { node: [] },
      signature: {
        inputs: { input: { name: 'input:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '-1' }, { size: '64' }] } } },
        outputs: { logits: { name: 'Identity:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '-1' }, { size: '2' }] } }, probabilities: { name: 'Identity_1:0', dtype: 'DT_FLOAT' } },
      },
    });
    expect(info.inputs).toEqual([{ name: 'input', kind: 'tensor', dtype: 'float32', shape: [null, 64] }]);
    expect(validateCard(cardOrThrow(textCard), info)).toEqual([]);
    expect(() => modelInfoFromTfjs({ format: 'graph-model', modelTopology: { node: [] } })).toThrow(/has no signature/);
    expect(() => modelInfoFromTfjs({ weightsManifest: [] })).toThrow(/no modelTopology/);
  });
});
