/**
 * A first draft of a model card from what the model file says about itself (inputs, outputs), for a
 * user who brings a model without a card. The draft is shown in the card form; the user fills in what a
 * file cannot tell (label names, license, preprocessing details) before the model is saved.
 */
import type { CardInput } from './card';
import type { ModelInfo } from './card-validate';

const fixed = (d: unknown): d is number => typeof d === 'number' && d > 0;
const slug = (name: string) => name.toLowerCase().replace(/\.[a-z]+$/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '') || 'model';

export function suggestCard(info: ModelInfo, fileName: string, runtime: 'onnx' | 'tfjs-layers' | 'tfjs-graph'): CardInput {
  const input = info.inputs[0];
  const shape = input?.shape ?? null;
  let preprocessing: CardInput['preprocessing'];
  let inputKind: CardInput['input_kind'] = 'text';
  if (shape && shape.length === 4) {
    inputKind = 'image';
    const nhwc = [1, 3].includes(shape[3] as number) && ![1, 3].includes(shape[1] as number);
    const channels = (nhwc ? shape[3] : shape[1]) === 3 ? 3 : 1;
    const [h, w] = nhwc ? [shape[1], shape[2]] : [shape[2], shape[3]];
    preprocessing = {
      kind: 'image',
      width: fixed(w) ? w : 224,
      height: fixed(h) ? h : 224,
      channels,
      layout: nhwc ? 'NHWC' : 'NCHW',
      scale: 1 / 255,
      mean: Array(channels).fill(0),
      std: Array(channels).fill(1),
    };
  } else {
    const dim = shape && fixed(shape[shape.length - 1]) ? (shape[shape.length - 1] as number) : 4096;
    preprocessing = { kind: 'hashed-ngrams', dim };
  }
  const output = info.outputs.find((o) => o.shape?.length === 2) ?? info.outputs[0];
  const width = output?.shape?.[output.shape.length - 1];
  const classes = fixed(width) ? width : 2;
  const role = output && /prob|softmax/i.test(output.name) ? 'probabilities' : 'logits';
  return {
    format: 'sift-model-card',
    format_version: 1,
    id: slug(fileName),
    name: fileName.replace(/\.[a-z]+$/i, ''),
    version: '1',
    task: 'classify',
    input_kind: inputKind,
    runtime,
    files: runtime === 'onnx' ? { onnx: fileName } : { tfjs: fileName },
    preprocessing,
    inputs: input ? [{ name: input.name, dtype: (input.dtype === 'unknown' ? 'float32' : input.dtype) as never, shape: shape ?? ['batch', null] }] : [],
    outputs: output ? [{ name: output.name, dtype: (output.dtype === 'unknown' ? 'float32' : output.dtype) as never, shape: output.shape ?? ['batch', classes], role }] : [],
    labels: Array.from({ length: classes }, (_, i) => `class_${i}`),
    license: { model: 'unknown: state the license before sharing labels made with it' },
    provenance: { data: 'unknown: say what the model was trained on' },
    metrics: [],
  };
}
