// One phase of the profile bench inside a dedicated worker, as the app's data worker runs it: the same
// core functions as bench/profile.ts's Node phases, on the same seeded table. Generation is not timed:
// around each timed piece of work the worker asks the page to read the renderer's CPU time and reset
// its peak-memory mark (bench/browser/profile.ts), and waits until it has.
import { columnDrift, type Sample } from '../../src/core/drift/report';
import { fidelityOfPrepared } from '../../src/core/fidelity/report';
import { categoricalPair, numericPair, type ColumnPair } from '../../src/core/fidelity/prepare';
import { inferColumnType } from '../../src/core/table/infer';
import { profileColumn } from '../../src/core/table/profile';
import { generateColumn, TABLE_COLUMNS } from '../lib/tabular';
import { utf8Length } from '../lib/utf8-length';

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

/** Worker → page: start or stop the meters; page → worker: 'metered' once it has. */
export type MeterRequest = { meter: 'start' | 'stop'; inputBytes: number };

let metered: (() => void) | null = null;
const meter = (request: MeterRequest) => new Promise<void>((resolve) => ((metered = resolve), self.postMessage(request)));

/** Runs `work` between the page's meters; returns its wall time. `inputBytes`: the data it works on. */
async function timed<T>(inputBytes: number, work: () => T): Promise<{ ms: number; result: T }> {
  await meter({ meter: 'start', inputBytes });
  const started = performance.now();
  const result = work();
  const ms = performance.now() - started;
  await meter({ meter: 'stop', inputBytes });
  return { ms, result };
}

/** As bench/lib/tabular.ts columnBytes, without Node's Buffer. */
const bytesOf = (values: Float64Array | string[]) => {
  if (values instanceof Float64Array) return values.byteLength;
  let bytes = 0;
  for (const v of values) bytes += utf8Length(v) + 4;
  return bytes;
};
const asText = (v: Float64Array | string[]) => (v instanceof Float64Array ? Array.from(v, String) : v);
const sampleOf = (values: Float64Array | string[]): Sample => (values instanceof Float64Array ? { kind: 'numeric', sorted: values.slice().sort() } : { kind: 'categorical', values });

async function profile({ rows, seed }: PhaseRequest): Promise<PhaseResult> {
  let ms = 0;
  let input = 0;
  const types: Record<string, string> = {};
  const columns: Record<string, { infer_ms: number; profile_ms: number }> = {};
  for (const [i, spec] of TABLE_COLUMNS.entries()) {
    const cells = asText(generateColumn(spec, i, rows, seed));
    const bytes = bytesOf(cells);
    input += bytes;
    const { ms: columnMs, result } = await timed(bytes, () => {
      const started = performance.now();
      const type = inferColumnType(cells);
      const inferMs = performance.now() - started;
      profileColumn(spec.name, cells, type);
      return { type, inferMs };
    });
    ms += columnMs;
    const type = result.type;
    if (type !== spec.kind) throw new Error(`${spec.name} was inferred as ${type}, generated as ${spec.kind}`);
    types[spec.name] = type;
    columns[spec.name] = { infer_ms: Math.round(result.inferMs), profile_ms: Math.round(columnMs - result.inferMs) };
  }
  return { ms, input_bytes: input, details: { types, columns } };
}

async function drift({ rows, seed }: PhaseRequest): Promise<PhaseResult> {
  let ms = 0;
  let input = 0;
  let drifted = 0;
  for (const [i, spec] of TABLE_COLUMNS.entries()) {
    const values = generateColumn(spec, i, rows, seed);
    const bytes = bytesOf(values);
    input += bytes;
    const half = rows / 2;
    const run = await timed(bytes, () => {
      const ref = sampleOf(values instanceof Float64Array ? values.subarray(0, half) : values.slice(0, half));
      const cur = sampleOf(values instanceof Float64Array ? values.subarray(half) : values.slice(half));
      return columnDrift(ref, cur).drift;
    });
    if (run.result) drifted++;
    ms += run.ms;
  }
  return { ms, input_bytes: input, details: { share_drifted: drifted / TABLE_COLUMNS.length } };
}

async function fidelity({ rows, seed }: PhaseRequest): Promise<PhaseResult> {
  const real = TABLE_COLUMNS.map((spec, i) => generateColumn(spec, i, rows, seed));
  const synthetic = TABLE_COLUMNS.map((spec, i) => generateColumn(spec, i, rows, seed + 1));
  const input = [...real, ...synthetic].reduce((s, v) => s + bytesOf(v), 0);
  const { ms, result: report } = await timed(input, () => {
    const columns: ColumnPair[] = TABLE_COLUMNS.map((spec, i) => {
      const r = real[i];
      const s = synthetic[i];
      return r instanceof Float64Array && s instanceof Float64Array ? numericPair(spec.name, r, s) : categoricalPair(spec.name, r as string[], s as string[]);
    });
    return fidelityOfPrepared({ columns, realRows: rows, syntheticRows: rows, skipped: [] });
  });
  return { ms, input_bytes: input, details: { pairs: report.pairs.length + report.undefined_pairs.length, quality: report.quality, detection_auc: report.detection?.auc } };
}

const phases = { profile, drift, fidelity };

self.onmessage = (event: MessageEvent<PhaseRequest | 'metered'>) => {
  if (event.data === 'metered') {
    metered?.();
    return;
  }
  phases[event.data.phase](event.data).then(
    (result) => self.postMessage({ ok: true, result }),
    (error: unknown) => self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
};
