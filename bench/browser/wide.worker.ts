// The wide-table bench's steps inside one dedicated worker, through the app's own functions (the data,
// table and drift workers call the same): preview + type inference, import (parse and store in
// IndexedDB), profile, the fidelity report of dev against train, drift of train against dev.
import type { FidelityReport } from '../../src/core/fidelity/report';
import { previewFile } from '../../src/core/formats/preview';
import { drawPoolSplits } from '../../src/core/split-pool';
import { useDatabase, db, type ImportMapping } from '../../src/data/db';
import { computeDrift } from '../../src/data/drift';
import { beginImport, runImport } from '../../src/data/import';
import { writeSplits } from '../../src/data/splits';
import { fidelityOfSets } from '../../src/data/synthetic-run';
import { profileDataset } from '../../src/data/table-profile';

export type WideStep = 'generate' | 'preview' | 'import' | 'profile' | 'fidelity' | 'drift';
export interface WideRequest { step: WideStep; rows: number; columns: number }
export interface WideResult { ms: number; details: Record<string, unknown> }

const COLORS = ['red', 'green', 'blue', 'amber'];
let file: File | null = null;
let mapping: ImportMapping | null = null;

/** id, label, a text column, three categorical ones, then numbers with two decimals ("523.47"). */
function generate(rows: number, columns: number): Record<string, unknown> {
  const numeric = columns - 6;
  const header = ['id', 'label', 'note', 'cat_a', 'cat_b', 'cat_c', ...Array.from({ length: numeric }, (_, c) => `x${c}`)].join(',');
  const lines: string[] = [header + '\n'];
  const cells = new Array<string>(numeric);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < numeric; c++) cells[c] = (((r * 7919 + c * 104_729) % 100_000) / 100).toFixed(2);
    lines.push(`r${r},${r % 3 === 0 ? 'yes' : 'no'},row ${r} measured on bench ${r % 7},${COLORS[r % 4]},${COLORS[(r + 1) % 3]},zone${r % 5},${cells.join(',')}\n`);
  }
  file = new File(lines, 'wide.csv', { type: 'text/csv' });
  return { bytes: file.size };
}

async function step(request: WideRequest): Promise<Record<string, unknown>> {
  if (request.step === 'generate') {
    useDatabase('sift-bench-wide');
    return generate(request.rows, request.columns);
  }
  if (!file) throw new Error('generate first');
  if (request.step === 'preview') {
    const preview = await previewFile(file);
    const keep = preview.columns.filter((c) => c !== 'id' && c !== 'label');
    mapping = { format: 'csv', delimiter: ',', textColumn: null, columnTypes: Object.fromEntries(keep.map((c) => [c, preview.types[c]])), idColumn: 'id', labelColumn: 'label', labelValues: { no: 0, yes: 1 }, keepColumns: keep };
    const counts: Record<string, number> = {};
    for (const c of keep) counts[preview.types[c]] = (counts[preview.types[c]] ?? 0) + 1;
    return { columns: preview.columns.length, profiled_rows: preview.profiledRows, types: counts };
  }
  if (request.step === 'import') {
    const before = (await navigator.storage.estimate()).usage ?? 0;
    await beginImport({ datasetId: 'wide', name: 'wide', files: [file], mapping: mapping!, classes: [{ name: 'no', color: '#000000', key: '' }, { name: 'yes', color: '#000000', key: '' }] });
    const dataset = await runImport('wide', [file], undefined, () => undefined);
    const after = (await navigator.storage.estimate()).usage ?? 0;
    return { items: dataset.itemCount, rows_per_chunk: dataset.chunkSize, chunks: dataset.chunkCount, store_bytes: after - before };
  }
  if (request.step === 'profile') {
    const profiles = await profileDataset('wide');
    const types: Record<string, number> = {};
    for (const p of profiles) types[p.type] = (types[p.type] ?? 0) + 1;
    return { columns: profiles.length, types };
  }
  if (request.step === 'fidelity') {
    // Splits as the Splits… dialog draws them from the pool: the two sets the Fidelity tab compares by default.
    const dataset = (await db().datasets.get('wide'))!;
    const dev = Math.floor(dataset.itemCount * 0.45);
    await writeSplits(dataset, drawPoolSplits(dataset.itemCount, { canary: dataset.itemCount - 2 * dev, dev, seed: 1 }), { bench: 'wide' });
    const { report, rows } = await fidelityOfSets('wide', { set: { kind: 'split', split: 'train' }, classIndex: null }, { set: { kind: 'split', split: 'dev' }, classIndex: null });
    const r = report as FidelityReport;
    return {
      rows,
      columns: Object.keys(r.columns).length,
      quality: r.quality,
      column_shapes: r.column_shapes,
      column_pair_trends: r.column_pair_trends,
      pairs_sampled: r.pairs_sampled,
      detection: r.detection && { auc: r.detection.auc, features: r.detection.features, hashed_from: r.detection.hashed_from },
    };
  }
  const drift = await computeDrift({ datasetId: 'wide', reference: { items: { kind: 'split', split: 'dev' }, labels: { kind: 'current' } }, current: { items: { kind: 'split', split: 'train' }, labels: { kind: 'current' } } });
  await db().delete();
  const tested = Object.values(drift.features.columns);
  return { sizes: drift.sizes, columns: tested.length, drifted: tested.filter((c) => c.drift).length, dataset_drift: drift.features.dataset_drift };
}

self.onmessage = async (event: MessageEvent<WideRequest>) => {
  try {
    const started = performance.now();
    const details = await step(event.data);
    self.postMessage({ ok: true, result: { ms: performance.now() - started, details } satisfies WideResult });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
  }
};
