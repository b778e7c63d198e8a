// The snapshot benchmark's body: the same code runs in Node (Dexie on fake-indexeddb) and in a Chromium
// page (Dexie on the browser's IndexedDB, on-disk profile); see bench/snapshot.ts.
import { syntheticVotes } from '../../src/core/labelmodel/synthetic';
import { mulberry32, shuffleInPlace } from '../../src/core/random';
import { Split } from '../../src/core/types';
import { useDatabase, type ColumnChunk, type Dataset, type ItemChunk } from '../../src/data/db';
import { loadLabelState, replicaOf, writeLabels } from '../../src/data/labels';
import { diffSnapshots, rollbackTo, takeSnapshot } from '../../src/data/snapshots';
import { predColumn, probsColumn, votesColumn } from '../../src/data/sources';

const utf8 = new TextEncoder();
const CHUNK = 8192;
const K = 4;
const WORDS = ['free', 'check', 'my', 'channel', 'song', 'love', 'video', 'subscribe', 'great', 'music', 'please', 'best', 'watch', 'new', 'here'];

function chunksOf<T extends Int8Array | Uint8Array | Float32Array>(datasetId: string, name: string, values: T, n: number, width: number): ColumnChunk[] {
  const out: ColumnChunk[] = [];
  for (let c = 0; c * CHUNK < n; c++) out.push({ datasetId, name, chunk: c, data: values.slice(c * CHUNK * width, Math.min(n, (c + 1) * CHUNK) * width) as T });
  return out;
}

/** Probabilities from majority vote with add-one smoothing: a stand-in label-model output of the right shape. */
function probsFromVotes(votes: Int8Array, n: number, m: number, shift: number): { probs: Float32Array; pred: Int8Array } {
  const probs = new Float32Array(n * K);
  const pred = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    let total = K;
    for (let c = 0; c < K; c++) probs[i * K + c] = c === (i + shift) % K ? 1.5 : 1;
    for (let j = 0; j < m; j++) {
      const v = votes[i * m + j];
      if (v >= 0) {
        probs[i * K + v]++;
        total++;
      }
    }
    let best = 0;
    for (let c = 0; c < K; c++) {
      probs[i * K + c] /= total + 0.5;
      if (probs[i * K + c] > probs[i * K + best]) best = c;
    }
    pred[i] = best;
  }
  return { probs, pred };
}

const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await work();
  return [out, Math.round(performance.now() - t0)];
};

export async function snapshotBench(n: number, m: number, onLog: (line: string) => void) {
  const database = useDatabase(`bench-snapshot-${Date.now()}`);
  const log = (line: string) => onLog(line);
  const id = 'bench';
  const chunkCount = Math.ceil(n / CHUNK);
  const dataset: Dataset = {
    id, name: 'bench', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: n, chunkSize: CHUNK, chunkCount,
    classes: Array.from({ length: K }, (_, c) => ({ name: `c${c}`, key: String(c + 1), color: '#888' })) as Dataset['classes'],
    fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: n, notices: [],
 };
log(`generating ${n.toLocaleString('en-US')} items × ${m} sources…`);
  const { matrix, gold } = syntheticVotes({ n, m, k: K, seed: 20261129 });
  const random = mulberry32(7);
  let itemBytes = 0;
  await database.datasets.put(dataset);
  for (let c = 0; c < chunkCount; c++) {
    const start = c * CHUNK;
    const count = Math.min(CHUNK, n - start);
    const ids = Array.from({ length: count }, (_, i) => `row-${start + i + 1}`);
    const text = Array.from({ length: count }, () => Array.from({ length: 12 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' '));
    for (let i = 0; i < count; i++) itemBytes += utf8.encode(ids[i]).length + utf8.encode(text[i]).length + 4;
    const chunk: ItemChunk = { datasetId: id, index: c, start, count, ids, text, fields: {}, hashes: new Uint32Array(count) };
    await database.chunks.put(chunk);
  }
  // Splits: 1 % canary, 1 % dev; gold labels imported for them and for 3 % of the pool.
  const splits = new Uint8Array(n);
  const order = shuffleInPlace(Uint32Array.from({ length: n }, (_, i) => i), random);
  const canary = Math.floor(n / 100);
  for (let t = 0; t < canary; t++) splits[order[t]] = Split.canary;
  for (let t = canary; t < 2 * canary; t++) splits[order[t]] = Split.dev;
  const labeled = Uint32Array.from(order.subarray(0, 5 * canary)).sort();
  await database.labelEvents.add({ datasetId: id, kind: 'set', by: 'import', at: 1, items: labeled, labels: Int16Array.from(labeled, (i) => gold[i]), prev: new Int16Array(labeled.length).fill(-1) });
  const columns: ColumnChunk[] = chunksOf(id, 'split', splits, n, 1);
  for (let j = 0; j < m; j++) {
    const votes = new Int8Array(n);
    for (let i = 0; i < n; i++) votes[i] = matrix.votes[i * m + j];
    const sourceId = `src-${j}`;
    await database.sources.put({ id: sourceId, datasetId: id, kind: 'imported', name: `lf_${j}`, version: `v${j}`, definition: null, createdAt: j, updatedAt: j, enabled: true });
    columns.push(...chunksOf(id, votesColumn(sourceId), votes, n, 1));
  }
  const lm = probsFromVotes(matrix.votes, n, m, 0);
  await database.runs.put({ id: 'run-lm-1', datasetId: id, kind: 'label-model', status: 'done', createdAt: 10, params: { method: 'mv' }, inputs: [], results: {} });
  columns.push(...chunksOf(id, probsColumn('run-lm-1'), lm.probs, n, K), ...chunksOf(id, predColumn('run-lm-1'), lm.pred, n, 1));
  await database.columns.bulkPut(columns);
  const columnBytes = columns.reduce((sum, c) => sum + c.data.byteLength, 0);
  const datasetBytes = itemBytes + columnBytes;
  log(`dataset: ${(itemBytes / 1e6).toFixed(1)} MB items + ${(columnBytes / 1e6).toFixed(1)} MB columns`);

  const [first, firstMs] = await time(() => takeSnapshot(id, { by: 'you', reason: 'bench', name: 'first' }));
  const [unchanged, unchangedMs] = await time(() => takeSnapshot(id, { by: 'you', reason: 'bench', name: 'unchanged' }));
  log(`first ${firstMs} ms, unchanged ${unchangedMs} ms (+${unchanged.bytes.added} B)`);

  // Relabel 10 % of the items (random, one bulk label through the app's path, which snapshots first).
  const { state, events } = await loadLabelState(id, n);
  const relabel = Uint32Array.from(order.subarray(n - Math.floor(n / 10)));
  const [written, bulkMs] = await time(() => writeLabels(replicaOf(id, state, events), relabel, Int16Array.from(relabel, (i) => state.label[i]), 1, 'you', 'overwrite'));
  const change = written.event!;
  const labelLogBytes = change.items.byteLength + change.labels.byteLength + change.prev.byteLength;
  const [relabeled, relabeledMs] = await time(() => takeSnapshot(id, { by: 'you', reason: 'bench', name: 'relabeled 10%' }));
  // The label model refitted after the relabel: every chunk of its output changes.
  const refit = probsFromVotes(matrix.votes, n, m, 1);
  await database.runs.put({ id: 'run-lm-2', datasetId: id, kind: 'label-model', status: 'done', createdAt: 20, params: { method: 'mv' }, inputs: [], results: {} });
  await database.columns.bulkPut([...chunksOf(id, probsColumn('run-lm-2'), refit.probs, n, K), ...chunksOf(id, predColumn('run-lm-2'), refit.pred, n, 1)]);
  // One source's votes rewritten on a contiguous 10 % of the items (an LF edit that only touches some items).
  const edited = new Int8Array(n);
  for (let i = 0; i < n; i++) edited[i] = i < n / 10 ? (matrix.votes[i * m] + 1) % K : matrix.votes[i * m];
  await database.columns.bulkPut(chunksOf(id, votesColumn('src-0'), edited, n, 1));
  const [refitted, refittedMs] = await time(() => takeSnapshot(id, { by: 'you', reason: 'bench', name: 'relabeled + refit' }));
  log(`relabeled ${relabeledMs} ms (+${relabeled.bytes.added} B), refit ${refittedMs} ms (+${refitted.bytes.added} B)`);

  const [diff, diffMs] = await time(() => diffSnapshots(id, first.id, refitted.id));
  log(`diff ${diffMs} ms: ${diff.changed} items changed`);
  const [rollback, rollbackMs] = await time(() => rollbackTo(id, first.id));
  log(`rollback ${rollbackMs} ms: ${rollback.labelsRestored} labels, ${rollback.chunksWritten} chunks`);
  const [, undoMs] = await time(() => rollbackTo(id, rollback.before.id));

  const share = (bytes: number) => Number((bytes / datasetBytes).toFixed(6));
  return {
    dataset: { items: n, sources: m, classes: K, chunk_size: CHUNK, chunks: chunkCount, item_bytes: itemBytes, column_bytes: columnBytes, dataset_bytes: datasetBytes },
    results: {
      first_snapshot: { ms: firstMs, bytes_added: first.bytes.added, share_of_dataset: share(first.bytes.added) },
      unchanged_snapshot: { ms: unchangedMs, bytes_added: unchanged.bytes.added, share_of_dataset: share(unchanged.bytes.added), target: '≤ 1 s and ≤ 1 % of the dataset bytes' },
      relabel_10pct: {
        items: change.items.length,
        bulk_label_ms_including_auto_snapshot: bulkMs,
        snapshot_ms: relabeledMs,
        bytes_added: relabeled.bytes.added,
        label_log_bytes: labelLogBytes,
        share_of_dataset: share(relabeled.bytes.added + labelLogBytes),
        note: 'human labels are a log position, not a column: the snapshot adds none of their bytes; the share counts the new label event too',
      },
      relabel_10pct_refit_and_lf_edit: { snapshot_ms: refittedMs, bytes_added: refitted.bytes.added, share_of_dataset: share(refitted.bytes.added + labelLogBytes), target: '≤ 15 % of the dataset bytes', what: 'label-model output rewritten for every item (new run) + one source re-voted on 10 % of items (contiguous)' },
      diff: { ms: diffMs, items_changed: diff.changed, target: '≤ 2 s' },
      rollback: { ms: rollbackMs, labels_restored: rollback.labelsRestored, chunks_written: rollback.chunksWritten, includes: 'the snapshot taken first', target: '≤ 5 s' },
      undo_rollback: { ms: undoMs },
    },
  };
}

export type SnapshotBenchResult = Awaited<ReturnType<typeof snapshotBench>>;
