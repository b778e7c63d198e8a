// The fidelity report's steps, as fidelityOfPrepared runs them, one after another in one worker on the
// profile bench's two tables, with a mark after each so the page can read the renderer's peak memory.
import { detection } from '../../src/core/fidelity/detection';
import { categoricalPair, numericPair, sortedPair, type ColumnPair } from '../../src/core/fidelity/prepare';
import { columnShape, pairTrends } from '../../src/core/fidelity/shapes';
import { columnCoverage, columnTail } from '../../src/core/fidelity/tails';
import { generateColumn, TABLE_COLUMNS } from '../lib/tabular';
import { utf8Length } from '../lib/utf8-length';

export interface StepsRequest {
  rows: number;
  seed: number;
}

export interface StepsResult {
  input_bytes: number;
  ms: Record<string, number>;
  auc: number;
}

/** Worker → page: mark a step's end ('start' resets the meter); page → worker: 'marked'. */
export type StepMark = { mark: string };

let marked: () => void = () => {};
const mark = (name: string) => new Promise<void>((resolve) => ((marked = resolve), self.postMessage({ mark: name } satisfies StepMark)));

const bytesOf = (values: Float64Array | string[]) => {
  if (values instanceof Float64Array) return values.byteLength;
  let bytes = 0;
  for (const v of values) bytes += utf8Length(v) + 4;
  return bytes;
};

async function steps({ rows, seed }: StepsRequest): Promise<StepsResult> {
  const real = TABLE_COLUMNS.map((spec, i) => generateColumn(spec, i, rows, seed));
  const synthetic = TABLE_COLUMNS.map((spec, i) => generateColumn(spec, i, rows, seed + 1));
  const ms: Record<string, number> = {};
  let started = 0;
  const step = async (name: string) => {
    ms[name] = performance.now() - started;
    await mark(name);
    started = performance.now();
  };
  await mark('start');
  started = performance.now();
  const columns: ColumnPair[] = TABLE_COLUMNS.map((spec, i) => {
    const r = real[i];
    const s = synthetic[i];
    return r instanceof Float64Array && s instanceof Float64Array ? numericPair(spec.name, r, s) : categoricalPair(spec.name, r as string[], s as string[]);
  });
  await step('prepare');
  const buffers = { real: new Float64Array(rows), synthetic: new Float64Array(rows) };
  for (const column of columns) {
    const sorted = column.kind === 'numeric' ? sortedPair(column, buffers) : undefined;
    columnShape(column, sorted);
    columnTail(column, sorted);
    columnCoverage(column);
  }
  await step('shapes_tails_coverage');
  pairTrends(columns);
  await step('pair_trends');
  const { auc } = detection(columns, rows, rows);
  await step('detection');
  return { input_bytes: [...real, ...synthetic].reduce((s, v) => s + bytesOf(v), 0), ms, auc };
}

self.onmessage = (event: MessageEvent<StepsRequest | 'marked'>) => {
  if (event.data === 'marked') return marked();
  steps(event.data).then(
    (result) => self.postMessage({ ok: true, result }),
    (error: unknown) => self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
};
