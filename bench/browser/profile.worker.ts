// One phase of the profile bench inside a dedicated worker, as the app's data worker runs it: the same
// core functions as bench/profile.ts's Node phases, on the same seeded table. Generation is not timed.
import { columnDrift, type Sample } from '../../src/core/drift/report';
import { fidelityOfPrepared } from '../../src/core/fidelity/report';
import { categoricalPair, numericPair, type ColumnPair } from '../../src/core/fidelity/prepare';
import { inferColumnType } from '../../src/core/table/infer';
import { profileColumn } from '../../src/core/table/profile';
import { generateColumn, TABLE_COLUMNS } from '../lib/tabular';

export interface PhaseRequest {
  phase: 'profile' | 'drift' | 'fidelity';
  rows: number;
  seed: number;
}

export interface PhaseResult {
  ms: number;
  input_bytes: number;
  details: Record<string, unknown>;
}

const encoder = new TextEncoder();
/** As bench/lib/tabular.ts columnBytes, without Node's Buffer. */
const bytesOf = (values: Float64Array | string[]) => (values instanceof Float64Array ? values.byteLength : values.reduce((s, v) => s + encoder.encode(v).length + 4, 0));
const asText = (v: Float64Array | string[]) => (v instanceof Float64Array ? Array.from(v, String) : v);
const sampleOf = (values: Float64Array | string[]): Sample => (values instanceof Float64Array ? { kind: 'numeric', sorted: values.slice().sort() } : { kind: 'categorical', values });

function profile({ rows, seed }: PhaseRequest): PhaseResult {
  let ms = 0;
  let input = 0;
  const types: Record<string, string> = {};
  TABLE_COLUMNS.forEach((spec, i) => {
    const cells = asText(generateColumn(spec, i, rows, seed));
    input += bytesOf(cells);
    const started = performance.now();
    const type = inferColumnType(cells);
    profileColumn(spec.name, cells, type);
    ms += performance.now() - started;
    if (type !== spec.kind) throw new Error(`${spec.name} was inferred as ${type}, generated as ${spec.kind}`);
    types[spec.name] = type;
  });
  return { ms, input_bytes: input, details: { types } };
}

function drift({ rows, seed }: PhaseRequest): PhaseResult {
  let ms = 0;
  let input = 0;
  let drifted = 0;
  TABLE_COLUMNS.forEach((spec, i) => {
    const values = generateColumn(spec, i, rows, seed);
    input += bytesOf(values);
    const half = rows / 2;
    const started = performance.now();
    const ref = sampleOf(values instanceof Float64Array ? values.subarray(0, half) : values.slice(0, half));
    const cur = sampleOf(values instanceof Float64Array ? values.subarray(half) : values.slice(half));
    if (columnDrift(ref, cur).drift) drifted++;
    ms += performance.now() - started;
  });
  return { ms, input_bytes: input, details: { share_drifted: drifted / TABLE_COLUMNS.length } };
}

function fidelity({ rows, seed }: PhaseRequest): PhaseResult {
  const real = TABLE_COLUMNS.map((spec, i) => generateColumn(spec, i, rows, seed));
  const synthetic = TABLE_COLUMNS.map((spec, i) => generateColumn(spec, i, rows, seed + 1));
  const input = [...real, ...synthetic].reduce((s, v) => s + bytesOf(v), 0);
  const started = performance.now();
  const columns: ColumnPair[] = TABLE_COLUMNS.map((spec, i) => {
    const r = real[i];
    const s = synthetic[i];
    return r instanceof Float64Array && s instanceof Float64Array ? numericPair(spec.name, r, s) : categoricalPair(spec.name, r as string[], s as string[]);
  });
  const report = fidelityOfPrepared({ columns, realRows: rows, syntheticRows: rows, skipped: [] });
  const ms = performance.now() - started;
  return { ms, input_bytes: input, details: { pairs: report.pairs.length + report.undefined_pairs.length, quality: report.quality, detection_auc: report.detection?.auc } };
}

const phases = { profile, drift, fidelity };

self.onmessage = (event: MessageEvent<PhaseRequest>) => {
  try {
    self.postMessage({ ok: true, result: phases[event.data.phase](event.data) });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
