/**
 * `ModelInfo` (what `validateCard` compares a card with) from the other places a model describes itself:
 * an onnxruntime session's metadata, and a TF.js model.json (layers or graph format). Plain objects in,
 * so this stays free of onnxruntime and tfjs imports. ONNX files: `readOnnxInfo` returns a ModelInfo.
 */
import { SiftError } from '../errors';
import type { ModelInfo, ModelTensorInfo } from './card-validate';
import type { Dim } from './onnx-info';

/** The shape of onnxruntime-common's `InferenceSession.ValueMetadata`. */
export interface OrtValueMetadata {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}

export function modelInfoFromOrt(session: { inputMetadata: readonly OrtValueMetadata[]; outputMetadata: readonly OrtValueMetadata[] }): ModelInfo {
  // ORT reports an unknown shape as [], so [] is read as "unknown", not as a scalar.
  const convert = (m: OrtValueMetadata): ModelTensorInfo => ({
    name: m.name,
    kind: m.isTensor ? 'tensor' : 'unknown',
    dtype: m.type ?? 'unknown',
    shape: m.shape && m.shape.length ? m.shape.map((d) => (typeof d === 'number' && d < 0 ? null : d)) : null,
  });
  return { inputs: session.inputMetadata.map(convert), outputs: session.outputMetadata.map(convert) };
}

const TF_DTYPES: Record<string, string> = { DT_FLOAT: 'float32', DT_HALF: 'float16', DT_DOUBLE: 'float64', DT_INT32: 'int32', DT_INT64: 'int64', DT_BOOL: 'bool', DT_STRING: 'string', DT_UINT8: 'uint8', DT_INT8: 'int8' };

interface LayerJson {
  class_name: string;
  name?: string;
  config: { name: string; units?: number; batch_input_shape?: (number | null)[]; dtype?: string };
  inbound_nodes?: unknown[][];
}

function layersInfo(topology: { class_name: string; config: unknown }): ModelInfo {
  const config = topology.config as { layers?: LayerJson[]; input_layers?: unknown[][]; output_layers?: unknown[][] } | LayerJson[];
  const layers: LayerJson[] = Array.isArray(config) ? config : (config.layers ?? []);
  if (layers.length === 0) throw new SiftError('bad-tfjs', 'The TF.js model.json has no layers in modelTopology.config', {});
  const byName = new Map(layers.map((l) => [l.config.name, l]));
  const inbound = (layer: LayerJson): string | undefined => {
    const first = layer.inbound_nodes?.[0]?.[0];
    return Array.isArray(first) ? String(first[0]) : undefined;
  };
  const shapeOf = (name: string, depth = 0): Dim[] | null => {
    const layer = byName.get(name);
    if (!layer || depth > 50) return null;
    if (typeof layer.config.units === 'number') return [null, layer.config.units];
    if (layer.config.batch_input_shape) return layer.config.batch_input_shape;
    if (['Activation', 'Softmax', 'Dropout', 'ReLU'].includes(layer.class_name)) {
      const previous = inbound(layer);
      return previous ? shapeOf(previous, depth + 1) : null;
    }
    return null;
  };
  const sequential = Array.isArray(config) || topology.class_name === 'Sequential';
  const inputNames = sequential ? [layers[0].config.name] : ((config as { input_layers?: unknown[][] }).input_layers ?? []).map((e) => String(e[0]));
  const outputNames = sequential ? [layers[layers.length - 1].config.name] : ((config as { output_layers?: unknown[][] }).output_layers ?? []).map((e) => String(e[0]));
  return {
    inputs: inputNames.map((name) => {
      const layer = byName.get(name);
      return { name, kind: 'tensor', dtype: layer?.config.dtype ?? 'float32', shape: layer?.config.batch_input_shape ?? null };
    }),
    outputs: outputNames.map((name) => ({ name, kind: 'tensor', dtype: 'float32', shape: shapeOf(name) })),
  };
}

/** From a TF.js model.json: layers models by layer names, graph models by their signature. */
export function modelInfoFromTfjs(modelJson: unknown): ModelInfo {
  const json = modelJson as { format?: string; modelTopology?: { class_name?: string; config?: unknown; node?: unknown }; signature?: Record<string, Record<string, { name: string; dtype: string; tensorShape?: { dim?: { size?: string }[]; unknownRank?: boolean } }>> };
  if (!json || typeof json !== 'object' || !json.modelTopology)
    throw new SiftError('bad-tfjs', 'This is not a TF.js model.json: it has no modelTopology', {});
  if (json.format === 'graph-model' || json.modelTopology.node) {
    if (!json.signature?.inputs || !json.signature.outputs)
      throw new SiftError('bad-tfjs', 'This TF.js graph model has no signature, so its input and output names and shapes are unknown; re-convert it with tensorflowjs_converter from a SavedModel with a serving signature', {});
    const convert = ([key, t]: [string, { name: string; dtype: string; tensorShape?: { dim?: { size?: string }[]; unknownRank?: boolean } }]): ModelTensorInfo => ({
      name: key,
      kind: 'tensor',
      dtype: TF_DTYPES[t.dtype] ?? t.dtype,
      shape: t.tensorShape?.unknownRank || !t.tensorShape ? null : (t.tensorShape.dim ?? []).map((d) => (d.size === undefined || Number(d.size) < 0 ? null : Number(d.size))),
    });
    return { inputs: Object.entries(json.signature.inputs).map(convert), outputs: Object.entries(json.signature.outputs).map(convert) };
  }
  const topology = json.modelTopology as { class_name?: string; config?: unknown; model_config?: { class_name: string; config: unknown } };
  const model = topology.model_config ?? { class_name: topology.class_name ?? '', config: topology.config };
  return layersInfo(model);
}
