/**
 * Reads what card validation needs from an ONNX file without running it: graph inputs/outputs (names,
 * element types, shapes), opsets, the operators used (subgraphs included), initializer and parameter
 * counts, external-data files and metadata. Field numbers are those of onnx/onnx.proto (IR 3–10).
 * A file that is not ONNX, or is cut off, gives a SiftError that says which and where.
 */
import { SiftError } from '../errors';
import { MalformedError, ProtoReader, TruncatedError, WIRE_LEN, WIRE_VARINT } from './protobuf';

/** A dimension: a size, a symbolic name ('batch'), or null when the file leaves it unknown. */
export type Dim = number | string | null;

export interface OnnxValueInfo {
  name: string;
  /** 'tensor' for tensors; other kinds (sequence, map, optional, sparse_tensor) are reported, not run. */
  kind: 'tensor' | 'sparse_tensor' | 'sequence' | 'map' | 'optional' | 'unknown';
  /** onnxruntime's type names ('float32', 'int64'…), or `elem_type_<n>` for one it has no name for. */
  dtype: string;
  /** null when the file gives no shape (rank unknown). */
  shape: Dim[] | null;
}

export interface OnnxOperator {
  domain: string;
  opType: string;
  count: number;
}

export interface OnnxInfo {
  irVersion: number;
  /** Opset version per domain ('' is the default ONNX domain). */
  opsets: { domain: string; version: number }[];
  producer: string;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  operators: OnnxOperator[];
  /** Model-local functions (their ops are defined in the file). */
  functions: { domain: string; name: string }[];
  initializers: number;
  parameters: number;
  /** Files named by initializers stored outside the .onnx (external data). */
  externalData: string[];
  metadata: Record<string, string>;
}

export const ONNX_DTYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
  17: 'float8e4m3fn', 18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz', 21: 'uint4', 22: 'int4', 23: 'float4e2m1',
};

interface GraphState {
  ops: Map<string, OnnxOperator>;
  initializerNames: Set<string>;
  initializers: number;
  parameters: number;
  externalData: Set<string>;
}

function wireCheck(reader: ProtoReader, wire: number, expected: number, what: string): void {
  if (wire !== expected) throw new MalformedError(reader.pos, `${what} has wire type ${wire}, ONNX uses ${expected}`);
}

function readShape(r: ProtoReader): Dim[] {
  const dims: Dim[] = [];
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field !== 1 || wire !== WIRE_LEN) {
      r.skip(wire);
      continue;
    }
    const d = r.sub();
    let dim: Dim = null;
    while (!d.done) {
      const [f, w] = d.tag();
      if (f === 1 && w === WIRE_VARINT) dim = d.varint();
      else if (f === 2 && w === WIRE_LEN) dim = d.string();
      else d.skip(w);
    }
    dims.push(dim);
  }
  return dims;
}

const TYPE_KINDS: Record<number, OnnxValueInfo['kind']> = { 1: 'tensor', 4: 'sequence', 5: 'map', 8: 'sparse_tensor', 9: 'optional' };

function readValueInfo(r: ProtoReader): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '', kind: 'unknown', dtype: 'unknown', shape: null };
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WIRE_LEN) info.name = r.string();
    else if (field === 2 && wire === WIRE_LEN) {
      const type = r.sub();
      while (!type.done) {
        const [f, w] = type.tag();
        const kind = TYPE_KINDS[f];
        if (!kind || w !== WIRE_LEN) {
          type.skip(w);
          continue;
        }
        info.kind = kind;
        const tensor = type.sub();
        if (kind !== 'tensor' && kind !== 'sparse_tensor') continue;
        while (!tensor.done) {
          const [tf, tw] = tensor.tag();
          if (tf === 1 && tw === WIRE_VARINT) {
            const elem = tensor.varint();
            info.dtype = ONNX_DTYPES[elem] ?? `elem_type_${elem}`;
          } else if (tf === 2 && tw === WIRE_LEN) info.shape = readShape(tensor.sub());
          else tensor.skip(tw);
        }
      }
    } else r.skip(wire);
  }
  return info;
}

function readTensor(r: ProtoReader, state: GraphState): void {
  const dims: number[] = [];
  let name = '';
  let external = false;
  let location = '';
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) r.int64s(wire, dims);
    else if (field === 8 && wire === WIRE_LEN) name = r.string();
    else if (field === 14 && wire === WIRE_VARINT) external = r.varint() === 1;
    else if (field === 13 && wire === WIRE_LEN) {
      const entry = r.sub();
      let key = '';
      let value = '';
      while (!entry.done) {
        const [f, w] = entry.tag();
        if (f === 1 && w === WIRE_LEN) key = entry.string();
        else if (f === 2 && w === WIRE_LEN) value = entry.string();
        else entry.skip(w);
      }
      if (key === 'location') location = value;
    } else r.skip(wire);
  }
  state.initializerNames.add(name);
  state.initializers++;
  state.parameters += dims.reduce((a, b) => a * Math.max(0, b), 1);
  if (external) state.externalData.add(location || '(no location given)');
}

function readNode(r: ProtoReader, state: GraphState): void {
  let opType = '';
  let domain = '';
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 4 && wire === WIRE_LEN) opType = r.string();
    else if (field === 7 && wire === WIRE_LEN) domain = r.string();
    else if (field === 5 && wire === WIRE_LEN) {
      // Attributes may hold subgraphs (If, Loop, Scan): their operators count too.
      const attribute = r.sub();
      while (!attribute.done) {
        const [f, w] = attribute.tag();
        if ((f === 6 || f === 11) && w === WIRE_LEN) readGraph(attribute.sub(), state, null);
        else attribute.skip(w);
      }
    } else r.skip(wire);
  }
  const normalDomain = domain === 'ai.onnx' ? '' : domain;
  const key = `${normalDomain}\u0000${opType}`;
  const op = state.ops.get(key);
  if (op) op.count++;
  else state.ops.set(key, { domain: normalDomain, opType, count: 1 });
}

function readGraph(r: ProtoReader, state: GraphState, io: { inputs: OnnxValueInfo[]; outputs: OnnxValueInfo[] } | null): void {
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      wireCheck(r, wire, WIRE_LEN, 'graph.node');
      readNode(r.sub(), state);
    } else if (field === 5) {
      wireCheck(r, wire, WIRE_LEN, 'graph.initializer');
      readTensor(r.sub(), state);
    } else if (field === 15 && wire === WIRE_LEN) {
      const sparse = r.sub();
      while (!sparse.done) {
        const [f, w] = sparse.tag();
        if (f === 1 && w === WIRE_LEN) readTensor(sparse.sub(), state);
        else sparse.skip(w);
      }
    } else if ((field === 11 || field === 12) && io) {
      wireCheck(r, wire, WIRE_LEN, field === 11 ? 'graph.input' : 'graph.output');
      (field === 11 ? io.inputs : io.outputs).push(readValueInfo(r.sub()));
    } else r.skip(wire);
  }
}

/** Field number → wire type of ModelProto's fields; the first tag must be one of them. */
const MODEL_FIELDS: Record<number, number> = { 1: WIRE_VARINT, 2: WIRE_LEN, 3: WIRE_LEN, 4: WIRE_LEN, 5: WIRE_VARINT, 6: WIRE_LEN, 7: WIRE_LEN, 8: WIRE_LEN, 14: WIRE_LEN, 20: WIRE_LEN, 25: WIRE_LEN };

function sniff(bytes: Uint8Array): string | null {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (bytes.length === 0) return 'The file is empty (0 bytes).';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'This is a ZIP archive (or a PyTorch .pt file), not an ONNX model. Unzip it, or export the model to ONNX first.';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'This is a PNG image, not an ONNX model.';
  if (bytes[0] === 0x89 && head.slice(1, 4) === 'HDF') return 'This is an HDF5 file (a Keras .h5 model?), not ONNX. Convert it to ONNX or to a TF.js model first.';
  if (head.startsWith('{') || head.startsWith('[')) return 'This is a JSON file, not an ONNX model. A TF.js model.json is added as a TF.js model; a config.json belongs to a Hugging Face folder.';
  if (head.startsWith('<')) return 'This is an HTML/XML file (a saved web page?), not an ONNX model.';
  if (head.startsWith('GGUF')) return 'This is a GGUF file (llama.cpp), not an ONNX model.';
  if (head.slice(4, 8) === 'TFL3') return 'This is a TensorFlow Lite model, not an ONNX model.';
  return null;
}

/** Decodes the parts of an ONNX ModelProto that validation needs; throws SiftError `not-onnx` or `onnx-truncated`. */
export function readOnnxInfo(bytes: Uint8Array): OnnxInfo {
  const sniffed = sniff(bytes);
  if (sniffed) throw new SiftError('not-onnx', sniffed, { bytes: bytes.length });
  const info: OnnxInfo = { irVersion: 0, opsets: [], producer: '', inputs: [], outputs: [], operators: [], functions: [], initializers: 0, parameters: 0, externalData: [], metadata: {} };
  const state: GraphState = { ops: new Map(), initializerNames: new Set(), initializers: 0, parameters: 0, externalData: new Set() };
  const r = new ProtoReader(bytes);
  let fieldsSeen = 0;
  let graphSeen = false;
  try {
    while (!r.done) {
      const at = r.pos;
      const [field, wire] = r.tag();
      const expected = MODEL_FIELDS[field];
      if (expected !== undefined && wire !== expected) throw new MalformedError(at, `field ${field} has wire type ${wire}, ONNX's ModelProto uses ${expected}`);
      if (fieldsSeen++ === 0 && expected === undefined) throw new MalformedError(at, `it starts with field ${field}, which an ONNX ModelProto does not have`);
      if (field === 1) info.irVersion = r.varint();
      else if (field === 2) info.producer = r.string();
      else if (field === 7) {
        graphSeen = true;
        readGraph(r.sub(), state, info);
      } else if (field === 8) {
        const opset = r.sub();
        const entry = { domain: '', version: 0 };
        while (!opset.done) {
          const [f, w] = opset.tag();
          if (f === 1 && w === WIRE_LEN) entry.domain = opset.string();
          else if (f === 2 && w === WIRE_VARINT) entry.version = opset.varint();
          else opset.skip(w);
        }
        info.opsets.push({ domain: entry.domain === 'ai.onnx' ? '' : entry.domain, version: entry.version });
      } else if (field === 14) {
        const entry = r.sub();
        let key = '';
        let value = '';
        while (!entry.done) {
          const [f, w] = entry.tag();
          if (f === 1 && w === WIRE_LEN) key = entry.string();
          else if (f === 2 && w === WIRE_LEN) value = entry.string();
          else entry.skip(w);
        }
        info.metadata[key] = value;
      } else if (field === 25) {
        const fn = r.sub();
        const entry = { domain: '', name: '' };
        while (!fn.done) {
          const [f, w] = fn.tag();
          if (f === 1 && w === WIRE_LEN) entry.name = fn.string();
          else if (f === 10 && w === WIRE_LEN) entry.domain = fn.string();
          else fn.skip(w);
        }
        info.functions.push(entry);
      } else r.skip(wire);
    }
  } catch (error) {
    if (error instanceof TruncatedError && fieldsSeen > 1)
      throw new SiftError('onnx-truncated', `The ONNX file is cut off: it is ${bytes.length} bytes, but a field starting at byte ${error.at} needs bytes up to ${error.needed}. Was the download or copy incomplete?`, { bytes: bytes.length, at: error.at, needed: error.needed });
    if (error instanceof TruncatedError || error instanceof MalformedError)
      throw new SiftError('not-onnx', `This is not an ONNX model: ${error instanceof MalformedError ? error.message : 'its bytes do not form a protobuf message'} (at byte ${error.at}).`, { at: error.at });
    throw error;
  }
  if (!graphSeen || info.irVersion <= 0)
    throw new SiftError('not-onnx', `This is not an ONNX model: it parses as protobuf but has ${graphSeen ? 'no ir_version' : 'no graph (ModelProto field 7)'}. A TensorFlow SavedModel .pb or another protobuf file looks like this.`, { irVersion: info.irVersion });
  if (info.opsets.length === 0)
    throw new SiftError('bad-onnx', 'The ONNX model declares no opset_import, which ONNX requires (is the file cut off right after its graph?).', {});
  info.inputs = info.inputs.filter((input) => !state.initializerNames.has(input.name));
  if (info.outputs.length === 0) throw new SiftError('not-onnx', 'The ONNX graph declares no outputs, so nothing can be read from it.', {});
  info.operators = [...state.ops.values()].sort((a, b) => a.domain.localeCompare(b.domain) || a.opType.localeCompare(b.opType));
  info.initializers = state.initializers;
  info.parameters = state.parameters;
  info.externalData = [...state.externalData];
  return info;
}

/** The opset version of a domain ('' = default ONNX ops), or undefined if the model does not import it. */
export function opsetOf(info: OnnxInfo, domain = ''): number | undefined {
  return info.opsets.find((o) => o.domain === domain)?.version;
}
