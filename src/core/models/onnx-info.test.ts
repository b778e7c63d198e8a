import fc from 'fast-check';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { opsetOf, readOnnxInfo } from './onnx-info';
import { mlpToOnnx, type MlpLayer } from './onnx-write';

const { onnx } = onnxProto;

function layer(inputs: number, outputs: number, activation: MlpLayer['activation'], seed: number): MlpLayer {
  const weight = Float32Array.from({ length: inputs * outputs }, (_, i) => Math.sin(seed + i));
  const bias = Float32Array.from({ length: outputs }, (_, i) => Math.cos(seed + i));
  return { weight, bias, inputs, outputs, activation };
}

const digitModel = () =>
  mlpToOnnx({ inputShape: ['batch', 1, 4, 4], layers: [layer(16, 8, 'relu', 1), layer(8, 3, 'linear', 2)], metadata: { card: 'x' }, producer: 'test' });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SiftError) return error.code;
    throw error;
  }
  return 'returned';
}

describe('mlpToOnnx + readOnnxInfo', () => {
  it('reads back names, types, shapes, operators, opset and parameter count', () => {
    const info = readOnnxInfo(digitModel());
    expect(info.irVersion).toBe(8);
    expect(opsetOf(info)).toBe(17);
    expect(info.producer).toBe('test');
    expect(info.inputs).toEqual([{ name: 'input', kind: 'tensor', dtype: 'float32', shape: ['batch', 1, 4, 4] }]);
    expect(info.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['logits', ['batch', 3]],
      ['probabilities', ['batch', 3]],
    ]);
    expect(info.operators).toEqual([
      { domain: '', opType: 'Add', count: 2 },
      { domain: '', opType: 'Flatten', count: 1 },
      { domain: '', opType: 'MatMul', count: 2 },
      { domain: '', opType: 'Relu', count: 1 },
      { domain: '', opType: 'Softmax', count: 1 },
    ]);
    expect(info.parameters).toBe(16 * 8 + 8 + 8 * 3 + 3);
    expect(info.initializers).toBe(4);
    expect(info.metadata).toEqual({ card: 'x' });
  });

  it('writes what an independent decoder (onnx-proto) reads the same way', () => {
    const model = onnx.ModelProto.decode(digitModel());
    const graph = model.graph!;
    expect(graph.input![0].type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 1, 4, 4]);
    expect(graph.node!.map((n) => n.opType)).toEqual(['Flatten', 'MatMul', 'Add', 'Relu', 'MatMul', 'Add', 'Softmax']);
    const softmax = graph.node!.at(-1)!;
    expect(Number(softmax.attribute![0].i)).toBe(-1);
    const weight = graph.initializer![0];
    expect(weight.dims!.map(Number)).toEqual([16, 8]);
    expect(new Float32Array(new Uint8Array(weight.rawData!).buffer)[5]).toBeCloseTo(Math.sin(1 + 5), 6);
  });

  it('reads files from another writer: IR-3 initializer inputs, unknown dims, subgraphs, custom ops, external data', () => {
    const dim = (d: number | string | null) => (d === null ? {} : typeof d === 'number' ? { dimValue: d } : { dimParam: d });
    const value = (name: string, elemType: number, dims: (number | string | null)[]) => ({ name, type: { tensorType: { elemType, shape: { dim: dims.map(dim) } } } });
    const branch = (op: string) => ({ name: op, node: [{ opType: op, input: ['x'], output: ['y'] }], output: [value('y', 1, [null])] });
    const bytes = onnx.ModelProto.encode({
      irVersion: 3,
      opsetImport: [{ domain: '', version: 11 }, { domain: 'com.example', version: 1 }],
      graph: {
        name: 'g',
        node: [
          { opType: 'If', input: ['cond'], output: ['y'], attribute: [{ name: 'then_branch', type: 5, g: branch('Relu') }, { name: 'else_branch', type: 5, g: branch('Sigmoid') }] },
          { opType: 'FancyOp', domain: 'com.example', input: ['y', 'w'], output: ['out'] },
        ],
        initializer: [{ name: 'w', dims: [2, 3], dataType: 1, dataLocation: 1, externalData: [{ key: 'location', value: 'weights.bin' }] }],
        input: [value('cond', 9, []), value('ids', 7, ['batch', -1]), value('w', 1, [2, 3])],
        output: [value('out', 1, [null, 3])],
      },
    }).finish();
    const info = readOnnxInfo(bytes);
    expect(info.inputs).toEqual([
      { name: 'cond', kind: 'tensor', dtype: 'bool', shape: [] },
      { name: 'ids', kind: 'tensor', dtype: 'int64', shape: ['batch', -1] },
    ]);
    expect(info.outputs[0].shape).toEqual([null, 3]);
    expect(info.operators.map((o) => `${o.domain}:${o.opType}`)).toEqual([':If', ':Relu', ':Sigmoid', 'com.example:FancyOp']);
    expect(info.externalData).toEqual(['weights.bin']);
    expect(info.parameters).toBe(6);
  });
});

describe('readOnnxInfo on bad bytes', () => {
  it('says what a known non-ONNX file is', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(() => readOnnxInfo(new Uint8Array(0))).toThrow(/empty \(0 bytes\)/);
    expect(() => readOnnxInfo(text('  {"format": "layers-model"}'))).toThrow(/JSON file.*TF\.js model\.json/);
    expect(() => readOnnxInfo(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10))).toThrow(/PNG image/);
    expect(() => readOnnxInfo(Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0))).toThrow(/ZIP archive/);
    expect(() => readOnnxInfo(text('<!doctype html><html>'))).toThrow(/HTML/);
    expect(() => readOnnxInfo(text('hello, this is a text file'))).toThrow(/not an ONNX model: it starts with field 13/);
  });

  it('rejects a protobuf message that has no graph', () => {
    const noGraph = onnx.ModelProto.encode({ irVersion: 8, producerName: 'x', opsetImport: [{ domain: '', version: 17 }] }).finish();
    expect(() => readOnnxInfo(noGraph)).toThrow(/no graph \(ModelProto field 7\)/);
  });

  it('rejects every truncation with a specific error, except cuts between top-level fields after the opset', () => {
    const bytes = digitModel();
    const info = readOnnxInfo(bytes);
    const metadataStart = bytes.length - new TextEncoder().encode('card').length - new TextEncoder().encode('x').length - 6;
    for (let cut = 0; cut < bytes.length; cut++) {
      const code = codeOf(() => readOnnxInfo(bytes.subarray(0, cut)));
      if (code === 'returned') {
        expect(cut).toBe(metadataStart);
        expect(readOnnxInfo(bytes.subarray(0, cut)).inputs).toEqual(info.inputs);
      } else expect(['onnx-truncated', 'not-onnx', 'bad-onnx']).toContain(code);
      if (cut > 20 && cut < metadataStart - 8) expect(code).toBe('onnx-truncated');
    }
    expect(() => readOnnxInfo(bytes.subarray(0, bytes.length - 100))).toThrow(/cut off: it is \d+ bytes, but a field starting at byte \d+ needs bytes up to \d+/);
  });

  it('never throws anything but a SiftError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (bytes) => {
        expect(['not-onnx', 'onnx-truncated', 'bad-onnx']).toContain(codeOf(() => readOnnxInfo(bytes)));
      }),
      { numRuns: 2000 },
    );
  });
});
