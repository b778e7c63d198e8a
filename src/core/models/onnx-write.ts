/**
 * Writes small ONNX models (MLPs: optional Flatten, then MatMul + Add (+ Relu) per layer, then Softmax;
 * small CNNs: Conv + Relu (+ MaxPool) layers in front of such an MLP)
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
const ATTRIBUTE_INTS = 7;

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

function node(opType: string, inputs: string[], outputs: string[], name: string, intAttributes: Record<string, number | number[]> = {}): Message {
  const n = new Message();
  for (const input of inputs) n.string(1, input);
  for (const output of outputs) n.string(2, output);
  n.string(3, name).string(4, opType);
  for (const [key, value] of Object.entries(intAttributes)) {
    const attribute = new Message().string(1, key);
    if (Array.isArray(value)) {
      for (const v of value) attribute.int(8, v);
      attribute.int(20, ATTRIBUTE_INTS);
    } else attribute.int(3, value).int(20, ATTRIBUTE_INT);
    n.message(5, attribute);
  }
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
  if (layers.length === 0) throw new RangeError('mlpToOnnx: no layers');
  const graph = new Message();
  const flat = inputShape.slice(1).reduce<number>((a, d) => a * (typeof d === 'number' ? d : NaN), 1);
  if (flat !== layers[0].inputs) throw new RangeError(`mlpToOnnx: input shape [${inputShape}] has ${flat} features per item, the first layer takes ${layers[0].inputs}`);
  let current = inputName;
  if (inputShape.length > 2) {
    graph.message(1, node('Flatten', [current], ['flat'], 'flatten', { axis: 1 }));
    current = 'flat';
  }
  return finishModel(graph, current, [], options);
}

export interface ConvLayer {
  /** TF.js Conv2D kernel, [kernelHeight, kernelWidth, inChannels, outChannels]. */
  kernel: Float32Array;
  bias: Float32Array;
  kernelHeight: number;
  kernelWidth: number;
  inChannels: number;
  outChannels: number;
  /** Followed by Relu, then (when set) a max-pool of this size and stride, both 'valid'. */
  pool: number | null;
}

export interface ConvNetOnnxOptions extends MlpOnnxOptions {
  /** [batch, height, width, channels]: NHWC, as TF.js trains it; the graph transposes to ONNX's NCHW. */
  inputShape: Dim[];
  convs: ConvLayer[];
}

/**
 * A small CNN: per conv layer Conv ('valid', stride 1) + Relu (+ MaxPool), then the dense layers of
 * `layers` as in mlpToOnnx. The input stays NHWC so the same tensors feed the TF.js and ONNX models;
 * before Flatten the activations go back to NHWC order, so TF.js Dense kernels apply unchanged.
 */
export function convNetToOnnx(options: ConvNetOnnxOptions): Uint8Array {
  const { inputShape, convs, layers } = options;
  const inputName = options.inputName ?? 'input';
  if (inputShape.length !== 4) throw new RangeError(`convNetToOnnx: input shape [${inputShape}] must be [batch, height, width, channels]`);
  let [height, width, channels] = inputShape.slice(1) as number[];
  const graph = new Message();
  const initializers: Message[] = [];
  graph.message(1, node('Transpose', [inputName], ['nchw'], 'to_nchw', { perm: [0, 3, 1, 2] }));
  let current = 'nchw';
  convs.forEach((conv, i) => {
    if (conv.inChannels !== channels) throw new RangeError(`convNetToOnnx: conv ${i} takes ${conv.inChannels} channels, gets ${channels}`);
    // [kh, kw, in, out] → ONNX's [out, in, kh, kw].
    const { kernelHeight: kh, kernelWidth: kw, inChannels: ci, outChannels: co } = conv;
    const weight = new Float32Array(conv.kernel.length);
    for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let c = 0; c < ci; c++) for (let o = 0; o < co; o++) weight[((o * ci + c) * kh + y) * kw + x] = conv.kernel[((y * kw + x) * ci + c) * co + o];
    initializers.push(floatTensor(`conv_${i}.weight`, [co, ci, kh, kw], weight), floatTensor(`conv_${i}.bias`, [co], conv.bias));
    graph.message(1, node('Conv', [current, `conv_${i}.weight`, `conv_${i}.bias`], [`conv_${i}.out`], `conv_${i}/Conv`, { kernel_shape: [kh, kw], strides: [1, 1], pads: [0, 0, 0, 0] }));
    graph.message(1, node('Relu', [`conv_${i}.out`], [`conv_${i}.relu`], `conv_${i}/Relu`));
    current = `conv_${i}.relu`;
    height -= kh - 1;
    width -= kw - 1;
    channels = co;
    if (conv.pool) {
      graph.message(1, node('MaxPool', [current], [`pool_${i}.out`], `pool_${i}/MaxPool`, { kernel_shape: [conv.pool, conv.pool], strides: [conv.pool, conv.pool] }));
      current = `pool_${i}.out`;
      height = Math.floor((height - conv.pool) / conv.pool) + 1;
      width = Math.floor((width - conv.pool) / conv.pool) + 1;
    }
  });
  if (layers.length === 0 || layers[0].inputs !== height * width * channels) {
    throw new RangeError(`convNetToOnnx: the convolutions give ${height}×${width}×${channels} = ${height * width * channels} features, the first dense layer takes ${layers[0]?.inputs}`);
  }
  graph.message(1, node('Transpose', [current], ['nhwc'], 'to_nhwc', { perm: [0, 2, 3, 1] }));
  graph.message(1, node('Flatten', ['nhwc'], ['flat'], 'flatten', { axis: 1 }));
  return finishModel(graph, 'flat', initializers, options);
}

/** Appends the dense layers, Softmax, initializers and graph inputs/outputs; returns the model bytes. */
function finishModel(graph: Message, input: string, initializers: Message[], options: MlpOnnxOptions): Uint8Array {
  const { inputShape, layers } = options;
  const inputName = options.inputName ?? 'input';
  const logitsName = options.logitsName === undefined ? 'logits' : options.logitsName;
  const probabilitiesName = options.probabilitiesName === undefined ? 'probabilities' : options.probabilitiesName;
  if (layers.length === 0) throw new RangeError('onnx-write: no dense layers');
  if (!logitsName && !probabilitiesName) throw new RangeError('onnx-write: name at least one output');
  let current = input;
  layers.forEach((layer, i) => {
    if (i > 0 && layer.inputs !== layers[i - 1].outputs) throw new RangeError(`onnx-write: layer ${i} takes ${layer.inputs} inputs, layer ${i - 1} gives ${layers[i - 1].outputs}`);
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
