/**
 * Writes small ONNX models (MLPs: optional Flatten, then MatMul + Add (+ Relu) per layer, then Softmax)
 * with no dependency, so the same code exports built-in teachers in Node and trained students in a
 * worker. Output is deterministic: same weights and options → same bytes. Field numbers are those of
 * onnx/onnx.proto; repeated int64 are written unpacked, as proto2 does.
 */
import type { Dim } from './onnx-info';

class Message {
  private parts: Uint8Array[] = [];

  private tag(field: number, wire: number): void {
    this.parts.push(varint(field * 8 + wire));
  }

  int(field: number, value: number): this {
    this.tag(field, 0);
    this.parts.push(varint(value));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.parts.push(varint(value.length), value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: Message): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

function varint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value)) throw new RangeError(`varint: ${value} is not a safe integer`);
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Uint8Array.from(out);
}

const FLOAT = 1;
const ATTRIBUTE_INT = 2;

function floatTensor(name: string, dims: number[], values: Float32Array): Message {
  if (values.length !== dims.reduce((a, b) => a * b, 1)) throw new RangeError(`${name}: ${values.length} values for dims [${dims}]`);
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  const tensor = new Message();
  for (const d of dims) tensor.int(1, d);
  return tensor.int(2, FLOAT).string(8, name).bytes(9, raw);
}

function valueInfo(name: string, shape: Dim[]): Message {
  const dims = new Message();
  for (const d of shape) {
    const dim = new Message();
    if (typeof d === 'number') dim.int(1, d);
    else if (typeof d === 'string') dim.string(2, d);
    dims.message(1, dim);
  }
  const tensorType = new Message().int(1, FLOAT).message(2, dims);
  return new Message().string(1, name).message(2, new Message().message(1, tensorType));
}

function node(opType: string, inputs: string[], outputs: string[], name: string, intAttributes: Record<string, number> = {}): Message {
  const n = new Message();
  for (const input of inputs) n.string(1, input);
  for (const output of outputs) n.string(2, output);
  n.string(3, name).string(4, opType);
  for (const [key, value] of Object.entries(intAttributes)) n.message(5, new Message().string(1, key).int(3, value).int(20, ATTRIBUTE_INT));
  return n;
}

export interface MlpLayer {
  /** Row-major [inputs, outputs] (X·W), as TF.js Dense kernels are stored. */
  weight: Float32Array;
  bias: Float32Array;
  inputs: number;
  outputs: number;
  activation: 'linear' | 'relu';
}

export interface MlpOnnxOptions {
  /** Shape of the input; the first dimension is the batch (use a name such as 'batch'). Rank > 2 is flattened. */
  inputShape: Dim[];
  layers: MlpLayer[];
  inputName?: string;
  /** Output names; either or both. The last layer's result is the logits; probabilities = Softmax(logits). */
  logitsName?: string | null;
  probabilitiesName?: string | null;
  graphName?: string;
  producer?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
  opset?: number;
}

/** Serialises an MLP to ONNX bytes (IR 8, default opset 17). */
export function mlpToOnnx(options: MlpOnnxOptions): Uint8Array {
  const { inputShape, layers } = options;
  const inputName = options.inputName ?? 'input';
  const logitsName = options.logitsName === undefined ? 'logits' : options.logitsName;
  const probabilitiesName = options.probabilitiesName === undefined ? 'probabilities' : options.probabilitiesName;
  if (layers.length === 0) throw new RangeError('mlpToOnnx: no layers');
  if (!logitsName && !probabilitiesName) throw new RangeError('mlpToOnnx: name at least one output');
  const graph = new Message();
  const flat = inputShape.slice(1).reduce<number>((a, d) => a * (typeof d === 'number' ? d : NaN), 1);
  if (flat !== layers[0].inputs) throw new RangeError(`mlpToOnnx: input shape [${inputShape}] has ${flat} features per item, the first layer takes ${layers[0].inputs}`);
  let current = inputName;
  if (inputShape.length > 2) {
    graph.message(1, node('Flatten', [current], ['flat'], 'flatten', { axis: 1 }));
    current = 'flat';
  }
  const initializers: Message[] = [];
  layers.forEach((layer, i) => {
    if (i > 0 && layer.inputs !== layers[i - 1].outputs) throw new RangeError(`mlpToOnnx: layer ${i} takes ${layer.inputs} inputs, layer ${i - 1} gives ${layers[i - 1].outputs}`);
    const last = i === layers.length - 1;
    initializers.push(floatTensor(`dense_${i}.weight`, [layer.inputs, layer.outputs], layer.weight));
    initializers.push(floatTensor(`dense_${i}.bias`, [layer.outputs], layer.bias));
    graph.message(1, node('MatMul', [current, `dense_${i}.weight`], [`dense_${i}.matmul`], `dense_${i}/MatMul`));
    const added = last && layer.activation === 'linear' ? (logitsName ?? 'logits') : `dense_${i}.out`;
    graph.message(1, node('Add', [`dense_${i}.matmul`, `dense_${i}.bias`], [added], `dense_${i}/Add`));
    current = added;
    if (layer.activation === 'relu') {
      const activated = last ? (logitsName ?? 'logits') : `dense_${i}.relu`;
      graph.message(1, node('Relu', [current], [activated], `dense_${i}/Relu`));
      current = activated;
    }
  });
  if (probabilitiesName) graph.message(1, node('Softmax', [current], [probabilitiesName], 'softmax', { axis: -1 }));
  graph.string(2, options.graphName ?? 'mlp');
  for (const init of initializers) graph.message(5, init);
  if (options.docString) graph.string(10, options.docString);
  graph.message(11, valueInfo(inputName, inputShape));
  const classes = layers[layers.length - 1].outputs;
  const batch = inputShape[0];
  if (logitsName) graph.message(12, valueInfo(logitsName, [batch, classes]));
  if (probabilitiesName) graph.message(12, valueInfo(probabilitiesName, [batch, classes]));

  const model = new Message().int(1, 8).string(2, options.producer ?? 'sift').string(3, options.producerVersion ?? '1');
  model.message(7, graph);
  model.message(8, new Message().string(1, '').int(2, options.opset ?? 17));
  for (const [key, value] of Object.entries(options.metadata ?? {})) model.message(14, new Message().string(1, key).string(2, value));
  return model.finish();
}
