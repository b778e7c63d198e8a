/**
 * Checks a model card against itself (labels vs outputs, preprocessing vs declared shapes) and against
 * the model's real inputs/outputs (from `readOnnxInfo`, an ORT session's metadata, or a TF.js model.json),
 * before anything runs. Every problem names the card field and says what was expected and found.
 */
import type { CardProblem, ModelCard } from './card';
import type { Dim } from './onnx-info';

export interface ModelTensorInfo {
  name: string;
  dtype: string;
  /** null when the model does not say (rank unknown). */
  shape: Dim[] | null;
  kind?: string;
}

export interface ModelInfo {
  inputs: ModelTensorInfo[];
  outputs: ModelTensorInfo[];
  operators?: { domain: string; opType: string }[];
  functions?: { domain: string; name: string }[];
}

/** Every problem `validateCard` reports, by code (the test proves each one is caught). */
export const CARD_PROBLEM_CODES = {
  'kind-mismatch': 'preprocessing kind does not fit input_kind',
  'image-channels': 'image mean/std length differs from channels',
  builtin: "runtime 'builtin' used for something other than a built-in embedder",
  'input-count': 'no model input listed, or several for a one-input preprocessing',
  'tokenizer-input': 'tokenizer maps to an input the card does not list',
  'duplicate-name': 'an input or output name appears twice',
  'input-dtype': 'the fed input dtype is not what the preprocessing makes',
  'input-rank': "the card's input rank differs from the preprocessing's",
  'input-shape': "the card's input dims differ from the preprocessing's",
  'labels-missing': 'a classifier without (at least 2) label names',
  'labels-duplicate': 'a label name twice',
  'labels-empty': 'an empty label name',
  'output-role': 'no output with the role the task needs',
  'output-dtype': 'an output that is not floating point',
  'output-rank': 'classifier output not [batch, classes]; embedding rank vs pooling',
  'labels-count': 'number of labels differs from the output width',
  'output-shape': "built-in embedder's output width differs from its dimension",
  'input-missing': "a card input the model does not have",
  'input-kind': 'a model input that is not a tensor',
  'dtype-mismatch': "card dtype differs from the model's",
  'rank-mismatch': "card rank differs from the model's",
  'dim-mismatch': "a fixed dimension differs from the model's (features, channels, size, layout)",
  'fixed-batch': 'warning: the model has a fixed batch size',
  'input-unfed': 'a model input the card does not feed',
  'output-missing': "a card output the model does not have",
  'custom-ops': 'operators from domains onnxruntime-web does not implement',
} as const;
export type CardProblemCode = keyof typeof CARD_PROBLEM_CODES;

/** Operator domains onnxruntime-web implements; anything else needs a custom-op library it cannot load. */
export const ORT_WEB_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft']);

const isFixed = (d: Dim | undefined): d is number => typeof d === 'number' && d >= 0;
export const formatShape = (shape: Dim[] | null) => (shape === null ? '(unknown shape)' : `[${shape.map((d) => (d === null || d === -1 ? '?' : d)).join(', ')}]`);
const quoteAll = (names: string[]) => (names.length ? names.map((n) => `'${n}'`).join(', ') : '(none)');

/** The shape the card's preprocessing produces for its main input; null entries are free. */
export function preprocessingShape(card: ModelCard): { shape: Dim[]; what: string[]; dtypes: string[] } | null {
  const p = card.preprocessing;
  switch (p.kind) {
    case 'hashed-ngrams':
      return { shape: [null, p.dim], what: ['batch', 'features per item (preprocessing.dim)'], dtypes: ['float32'] };
    case 'image-pixels':
      return { shape: [null, p.grid * p.grid * p.channels], what: ['batch', 'features per item (grid·grid·channels)'], dtypes: ['float32'] };
    case 'table':
      return { shape: [null, p.columns.length], what: ['batch', 'features per item (number of preprocessing.columns)'], dtypes: ['float32'] };
    case 'image':
      return p.layout === 'NCHW'
        ? { shape: [null, p.channels, p.height, p.width], what: ['batch', 'channels (preprocessing.channels)', 'height (preprocessing.height)', 'width (preprocessing.width)'], dtypes: ['float32'] }
        : { shape: [null, p.height, p.width, p.channels], what: ['batch', 'height (preprocessing.height)', 'width (preprocessing.width)', 'channels (preprocessing.channels)'], dtypes: ['float32'] };
    case 'tokenizer':
      return { shape: [null, p.padding === 'max_length' ? p.max_length : null], what: ['batch', 'sequence length'], dtypes: ['int64', 'int32'] };
  }
}

/** Inputs the preprocessing feeds: all tokenizer-mapped inputs, else the card's first input. */
function fedInputs(card: ModelCard): string[] {
  const p = card.preprocessing;
  if (p.kind === 'tokenizer') return [p.inputs.input_ids, p.inputs.attention_mask, p.inputs.token_type_ids].filter((n): n is string => !!n);
  return card.inputs.length ? [card.inputs[0].name] : [];
}

const KIND_FOR_INPUT: Record<ModelCard['input_kind'], string[]> = { text: ['hashed-ngrams', 'tokenizer'], image: ['image', 'image-pixels'], table: ['table'] };

function checkCardItself(card: ModelCard, problems: CardProblem[]): void {
  const error = (code: CardProblemCode, path: string, message: string) => problems.push({ code, path, message, severity: 'error' });
  const p = card.preprocessing;
  if (!KIND_FOR_INPUT[card.input_kind].includes(p.kind))
    error('kind-mismatch', 'preprocessing.kind', `input_kind is '${card.input_kind}', which takes preprocessing ${quoteAll(KIND_FOR_INPUT[card.input_kind])}, not '${p.kind}'`);
  if (p.kind === 'image' && (p.mean.length !== p.channels || p.std.length !== p.channels))
    error('image-channels', p.mean.length !== p.channels ? 'preprocessing.mean' : 'preprocessing.std', `preprocessing.channels is ${p.channels}, so mean and std need ${p.channels} value(s) each; got ${p.mean.length} and ${p.std.length}`);
  const builtin = card.runtime === 'builtin';
  if (builtin && (card.task !== 'embed' || (p.kind !== 'hashed-ngrams' && p.kind !== 'image-pixels')))
    error('builtin', 'runtime', `runtime 'builtin' is only for the built-in embedders (task 'embed' with 'hashed-ngrams' or 'image-pixels' preprocessing)`);
  if (!builtin && card.inputs.length === 0) error('input-count', 'inputs', 'the card lists no model inputs; name the input Sift feeds');
  if (!builtin && p.kind !== 'tokenizer' && card.inputs.length > 1)
    error('input-count', 'inputs', `'${p.kind}' preprocessing feeds one input, but the card lists ${card.inputs.length}: ${quoteAll(card.inputs.map((t) => t.name))}`);
  if (p.kind === 'tokenizer')
    for (const [role, name] of Object.entries(p.inputs))
      if (name && !card.inputs.some((t) => t.name === name)) error('tokenizer-input', `preprocessing.inputs.${role}`, `preprocessing.inputs.${role} is '${name}', which is not among the card's inputs ${quoteAll(card.inputs.map((t) => t.name))}`);
  for (const list of ['inputs', 'outputs'] as const) {
    const names = card[list].map((t) => t.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) error('duplicate-name', list, `${list} name '${dup}' more than once`);
  }
  const expected = preprocessingShape(card);
  const fed = fedInputs(card);
  card.inputs.forEach((input, at) => {
    if (!expected || !fed.includes(input.name)) return;
    if (!expected.dtypes.includes(input.dtype))
      error('input-dtype', `inputs[${at}].dtype`, `'${p.kind}' preprocessing feeds ${expected.dtypes.join(' or ')}, but inputs[${at}] ('${input.name}') says ${input.dtype}`);
    if (input.shape.length !== expected.shape.length)
      error('input-rank', `inputs[${at}].shape`, `'${p.kind}' preprocessing makes rank-${expected.shape.length} input ${formatShape(expected.shape)}, but inputs[${at}].shape is ${formatShape(input.shape)}`);
    else
      expected.shape.forEach((want, axis) => {
        if (isFixed(want) && isFixed(input.shape[axis]) && want !== input.shape[axis])
          error('input-shape', `inputs[${at}].shape`, `inputs[${at}].shape is ${formatShape(input.shape)}, but preprocessing gives ${want} ${expected.what[axis]} at axis ${axis}`);
      });
  });

  const labels = card.labels ?? [];
  if (card.task === 'classify') {
    if (labels.length < 2) error('labels-missing', 'labels', `a classifier needs its label names, one per output column (at least 2); got ${labels.length}`);
    const dup = labels.find((l, i) => labels.indexOf(l) !== i);
    if (dup !== undefined) error('labels-duplicate', 'labels', `label '${dup}' appears more than once`);
    if (labels.some((l) => l.trim() === '')) error('labels-empty', 'labels', 'a label name is empty');
  }
  const roles = card.task === 'classify' ? ['logits', 'probabilities'] : ['embedding'];
  if (!card.outputs.some((o) => roles.includes(o.role)))
    error('output-role', 'outputs', `task '${card.task}' needs an output with role ${roles.map((r) => `'${r}'`).join(' or ')}; the card has ${quoteAll(card.outputs.map((o) => `${o.name}: ${o.role}`))}`);
  card.outputs.forEach((output, at) => {
    const path = `outputs[${at}]`;
    if (!['float32', 'float16', 'float64'].includes(output.dtype)) error('output-dtype', `${path}.dtype`, `output '${output.name}' is ${output.dtype}; Sift reads float32, float16 or float64 scores`);
    const last = output.shape[output.shape.length - 1];
    if ((output.role === 'logits' || output.role === 'probabilities') && card.task === 'classify') {
      if (output.shape.length !== 2) error('output-rank', `${path}.shape`, `classifier output '${output.name}' must be [batch, classes], got ${formatShape(output.shape)}`);
      else if (isFixed(last) && labels.length >= 2 && last !== labels.length)
        error('labels-count', 'labels', `the card lists ${labels.length} labels (${labels.join(', ')}) but output '${output.name}' has ${last} columns`);
    }
    if (output.role === 'embedding') {
      const pooling = p.kind === 'tokenizer' ? p.pooling : 'none';
      if (pooling === 'none' && output.shape.length !== 2)
        error('output-rank', `${path}.shape`, `embedding output '${output.name}' is ${formatShape(output.shape)}; without pooling it must be [batch, dim]${output.shape.length === 3 ? " (set preprocessing.pooling to 'mean' or 'cls' for per-token outputs)" : ''}`);
      if (pooling !== 'none' && output.shape.length !== 3)
        error('output-rank', `${path}.shape`, `preprocessing.pooling '${pooling}' expects a per-token output [batch, sequence, hidden], got ${formatShape(output.shape)}`);
      if (builtin && expected && isFixed(last) && last !== expected.shape[1])
        error('output-shape', `${path}.shape`, `the built-in embedder makes ${expected.shape[1]} values per item, but ${path}.shape ends in ${last}`);
    }
  });
}

function describeDimMismatch(card: ModelCard, tensor: string, axis: number, cardDim: number, modelDim: number, modelShape: Dim[]): string {
  const p = card.preprocessing;
  const base = `the model's input '${tensor}' is ${formatShape(modelShape)}`;
  if (p.kind === 'image' && modelShape.length === 4) {
    const c = p.channels;
    const looksNhwc = modelShape[3] === c || (isFixed(modelShape[3]) && modelShape[3] <= 4 && !(isFixed(modelShape[1]) && modelShape[1] <= 4));
    const looksNchw = modelShape[1] === c || (isFixed(modelShape[1]) && modelShape[1] <= 4 && !(isFixed(modelShape[3]) && modelShape[3] <= 4));
    if (p.layout === 'NCHW' && looksNhwc && !looksNchw) return `${base}, which looks channels-last: set preprocessing.layout to 'NHWC'`;
    if (p.layout === 'NHWC' && looksNchw && !looksNhwc) return `${base}, which looks channels-first: set preprocessing.layout to 'NCHW'`;
    const what = (preprocessingShape(card)?.what[axis] ?? `axis ${axis}`).replace(/ \(.*\)$/, '');
    return `${base}: it takes ${modelDim} ${what}, but the card's preprocessing gives ${cardDim}`;
  }
  const what = preprocessingShape(card)?.what[axis];
  if (what && axis > 0) return `${base}: it takes ${modelDim} ${what.replace(/ \(.*\)$/, '')}, but the card gives ${cardDim}`;
  return `${base}, but the card says ${cardDim} at axis ${axis}`;
}

function checkAgainstModel(card: ModelCard, model: ModelInfo, problems: CardProblem[]): void {
  const error = (code: CardProblemCode, path: string, message: string) => problems.push({ code, path, message, severity: 'error' });
  const modelInputs = model.inputs.map((t) => `'${t.name}' (${t.dtype} ${formatShape(t.shape)})`).join(', ') || '(none)';
  const expected = preprocessingShape(card);
  const fed = fedInputs(card);
  card.inputs.forEach((input, at) => {
    const real = model.inputs.find((t) => t.name === input.name);
    if (!real) {
      const hint = model.inputs.length === 1 && card.inputs.length === 1 ? ` Did you mean '${model.inputs[0].name}'?` : '';
      error('input-missing', `inputs[${at}].name`, `the model has no input '${input.name}'; its inputs are ${modelInputs}.${hint}`);
      return;
    }
    if (real.kind && real.kind !== 'tensor') error('input-kind', `inputs[${at}]`, `the model's input '${real.name}' is a ${real.kind}, not a tensor; Sift feeds tensors only`);
    if (real.dtype !== input.dtype) error('dtype-mismatch', `inputs[${at}].dtype`, `the model's input '${real.name}' is ${real.dtype}, the card says ${input.dtype}`);
    if (!real.shape) return;
    // Where the card leaves a dimension free, the preprocessing still fixes it.
    const cardShape = input.shape.map((dim, axis) => (isFixed(dim) ? dim : fed.includes(input.name) && expected?.shape.length === input.shape.length ? expected.shape[axis] : dim));
    if (real.shape.length !== cardShape.length) {
      error('rank-mismatch', `inputs[${at}].shape`, `the model's input '${real.name}' has rank ${real.shape.length} ${formatShape(real.shape)}, the card says rank ${cardShape.length} ${formatShape(input.shape)}`);
      return;
    }
    const first = cardShape.findIndex((dim, axis) => isFixed(dim) && isFixed(real.shape![axis]) && dim !== real.shape![axis]);
    if (first >= 0) error('dim-mismatch', `inputs[${at}].shape`, describeDimMismatch(card, real.name, first, cardShape[first] as number, real.shape[first] as number, real.shape));
    if (isFixed(real.shape[0]) && first !== 0)
      problems.push({ code: 'fixed-batch' satisfies CardProblemCode, path: `inputs[${at}].shape`, severity: 'warning', message: `the model's input '${real.name}' has a fixed batch size of ${real.shape[0]}; Sift will run ${real.shape[0]} item(s) per call` });
  });
  for (const real of model.inputs)
    if (!card.inputs.some((t) => t.name === real.name))
      error('input-unfed', 'inputs', `the model needs input '${real.name}' (${real.dtype} ${formatShape(real.shape)}), which the card does not list, so Sift cannot feed it`);

  const labels = card.labels ?? [];
  card.outputs.forEach((output, at) => {
    const real = model.outputs.find((t) => t.name === output.name);
    if (!real) {
      error('output-missing', `outputs[${at}].name`, `the model has no output '${output.name}'; its outputs are ${quoteAll(model.outputs.map((t) => t.name))}`);
      return;
    }
    if (real.dtype !== output.dtype) error('dtype-mismatch', `outputs[${at}].dtype`, `the model's output '${real.name}' is ${real.dtype}, the card says ${output.dtype}`);
    if (!real.shape) return;
    if (real.shape.length !== output.shape.length) {
      error('rank-mismatch', `outputs[${at}].shape`, `the model's output '${real.name}' has rank ${real.shape.length} ${formatShape(real.shape)}, the card says ${formatShape(output.shape)}`);
      return;
    }
    const width = real.shape[real.shape.length - 1];
    if (card.task === 'classify' && output.role !== 'embedding' && isFixed(width) && labels.length >= 2 && width !== labels.length)
      error('labels-count', 'labels', `the card lists ${labels.length} labels (${labels.join(', ')}) but the model's output '${real.name}' has ${width} columns ${formatShape(real.shape)}`);
    else {
      const axis = output.shape.findIndex((dim, i) => isFixed(dim) && isFixed(real.shape![i]) && dim !== real.shape![i]);
      if (axis >= 0) error('dim-mismatch', `outputs[${at}].shape`, `the model's output '${real.name}' is ${formatShape(real.shape)}, the card says ${formatShape(output.shape)}`);
    }
  });

  const local = new Set((model.functions ?? []).map((f) => `${f.domain}\u0000${f.name}`));
  const custom = (model.operators ?? []).filter((op) => !ORT_WEB_DOMAINS.has(op.domain) && !local.has(`${op.domain}\u0000${op.opType}`));
  if (custom.length)
    error('custom-ops', '', `the model uses operators onnxruntime-web does not have: ${custom.map((op) => `${op.domain}.${op.opType}`).join(', ')}`);
}

/** Every problem with the card, and with the card against `model` when given (empty list: all good). */
export function validateCard(card: ModelCard, model?: ModelInfo | null): CardProblem[] {
  const problems: CardProblem[] = [];
  checkCardItself(card, problems);
  if (model) checkAgainstModel(card, model, problems);
  return problems;
}
