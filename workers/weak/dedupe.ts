import { cosineRadiusPairs } from '../../src/core/curation/cosine-radius';
import { dedupeTextChunks } from '../../src/core/curation/dedupe';
import { exactCopyGroups } from '../../src/core/curation/exact-copies';
import { standardizedFieldVectors } from '../../src/core/curation/field-vectors';
import { nearDuplicateClusters } from '../../src/core/curation/near-duplicates';
import { normalizeForShingles } from '../../src/core/curation/shingles';
import { SiftError, throwIfAborted } from '../../src/core/errors';
import { readColumn } from '../../src/data/columns';
import { getDataset } from '../../src/data/datasets';
import type { Dataset } from '../../src/data/db';
import { readItemChunk } from '../../src/data/items';
import { beginRun, endRunWithError, finishRun, underRunLock } from '../../src/data/run-lifecycle';
import { listRuns, newRunId } from '../../src/data/runs';
import { probsColumn } from '../../src/data/sources';
import { listEmbeddings, readVectors } from '../../src/data/vectors';
import { runStepTitle } from '../../src/core/records/run-titles';

export interface DedupeRequest {
  datasetId: string;
  /** The page's human labels (the keep policy prefers them; disagreement reads them). */
  labels: Int16Array;
  /** Text: Jaccard of character 5-gram sets; images and tables: cosine similarity of vectors. */
  threshold: number;
}

export interface DedupeSummary {
  runId: string;
  method: 'text' | 'vectors' | 'exact';
  threshold: number;
  /** The vectors compared (an embedder's id, or "standardised fields"); null for text and exact copies only. */
  vectors: string | null;
  items: number;
  pairs: number;
  exactGroups: number;
  clusters: number[][];
  keep: number[];
  disagreeing: number[];
  labelModelRunId: string | null;
  /** Per item: the label model's argmax (-1: none), for showing members' labels. */
  predicted: Int16Array;
}

interface Contents {
  exact: (string | Uint8Array)[];
  fields: string[][];
}

async function* textChunks(dataset: Dataset, signal: AbortSignal): AsyncGenerator<string[]> {
  for (let c = 0; c < dataset.chunkCount; c++) {
    throwIfAborted(signal);
    const chunk = await readItemChunk(dataset.id, c);
    if (!chunk) throw new SiftError('dedupe/chunk', `Chunk ${c} of this dataset is missing: its import did not finish.`);
    yield chunk.text;
  }
}

async function readContents(dataset: Dataset, signal: AbortSignal): Promise<Contents> {
  const exact: (string | Uint8Array)[] = [];
  const fields: string[][] = dataset.fields.map(() => []);
  for (let c = 0; c < dataset.chunkCount; c++) {
    throwIfAborted(signal);
    const chunk = await readItemChunk(dataset.id, c);
    if (!chunk) throw new SiftError('dedupe/chunk', `Chunk ${c} of this dataset is missing: its import did not finish.`);
    for (let i = 0; i < chunk.count; i++) {
      // Exact copies: the image's bytes, a row's cells, a text normalised as the shingles are.
      if (dataset.kind === 'image' && chunk.images) exact.push(chunk.images[i]);
      else if (dataset.kind === 'table') exact.push(dataset.fields.map((f) => chunk.fields[f]?.[i] ?? '').join('\u001f'));
      else exact.push(normalizeForShingles(chunk.text[i]));
    }
    dataset.fields.forEach((f, j) => fields[j].push(...(chunk.fields[f] ?? new Array<string>(chunk.count).fill(''))));
  }
  return { exact, fields };
}

/** The newest label model's argmax and its probability per item, when there is one. */
async function predictions(dataset: Dataset): Promise<{ runId: string | null; predicted: Int16Array; confidence: Float32Array }> {
  const n = dataset.itemCount;
  const k = dataset.classes.length;
  const predicted = new Int16Array(n).fill(-1);
  const confidence = new Float32Array(n);
  const run = (await listRuns(dataset.id, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
  if (!run) return { runId: null, predicted, confidence };
  const probs = await readColumn(dataset, probsColumn(run.id), Float32Array, k);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
    // A uniform row is no evidence: no prediction to agree or disagree with.
    if (probs[i * k + best] > 1 / k + 1e-6) predicted[i] = best;
    confidence[i] = probs[i * k + best];
  }
  return { runId: run.id, predicted, confidence };
}

type Method = DedupeSummary['method'];

async function vectorsFor(dataset: Dataset, contents: Contents): Promise<{ data: Float32Array; dim: number; name: string } | null> {
  const [embedder] = await listEmbeddings(dataset.id);
  if (embedder) {
    const stored = await readVectors(dataset, embedder);
    if (stored) return { data: stored.data, dim: stored.dim, name: embedder };
  }
  if (dataset.kind !== 'table') return null;
  const numeric = dataset.fields.map((f, j) => (dataset.columnTypes?.[f] === 'numeric' ? contents.fields[j] : null)).filter((c): c is string[] => c !== null);
  const { data, dim } = standardizedFieldVectors(numeric, dataset.itemCount);
  return dim > 0 ? { data, dim, name: 'standardised fields' } : null;
}

/**
 * Finds near-duplicate clusters as a `dedupe` run: text by MinHash LSH and exact Jaccard, images and
 * tables by cosine radius on stored vectors (tables without any: standardised numeric fields), and
 * exact copies by content in every case. Each cluster keeps one item (a person's label first, then the
 * label model's most confident); clusters whose members' labels differ are marked for review.
 */
export function runDedupe(request: DedupeRequest, signal: AbortSignal): Promise<DedupeSummary> {
  const runId = newRunId('dedupe');
  return underRunLock(runId, async () => {
    const dataset = await getDataset(request.datasetId);
    if (!dataset) throw new SiftError('dedupe/dataset', 'This dataset no longer exists.');
    if (!(request.threshold > 0 && request.threshold <= 1)) throw new SiftError('dedupe/threshold', `The similarity threshold must be in (0, 1]; got ${request.threshold}.`, { threshold: request.threshold });
    const planned: Method = dataset.kind === 'text' ? 'text' : 'vectors';
    await beginRun({ id: runId, datasetId: dataset.id, kind: 'dedupe', params: { threshold: request.threshold, method: planned }, inputs: [] });
    try {
      return await findClusters(runId, dataset, request, signal);
    } catch (error) {
      await endRunWithError(runId, error);
      throw error;
    }
  });
}

async function findClusters(runId: string, dataset: Dataset, request: DedupeRequest, signal: AbortSignal): Promise<DedupeSummary> {
  const started = performance.now();
  const n = dataset.itemCount;
  if (request.labels.length !== n) throw new SiftError('dedupe/labels', `Expected labels for ${n} items, got ${request.labels.length}.`);
  const { runId: labelModelRunId, predicted, confidence } = await predictions(dataset);
  let method: Method = 'exact';
  let pairs: [number, number, number][] = [];
  let groups: number[][];
  let vectors: string | null = null;
  if (dataset.kind === 'text') {
    // Two passes over the stored chunks, never all texts at once; exact copies come from the same passes.
    method = 'text';
    ({ pairs, copies: groups } = await dedupeTextChunks(n, () => textChunks(dataset, signal), { threshold: request.threshold, signal }));
  } else {
    const contents = await readContents(dataset, signal);
    groups = exactCopyGroups(contents.exact);
    const found = await vectorsFor(dataset, contents);
    if (found) {
      method = 'vectors';
      vectors = found.name;
      pairs = cosineRadiusPairs(found.data, found.dim, request.threshold, signal);
    }
  }
  throwIfAborted(signal);
  const { clusters, keep, disagreeing } = nearDuplicateClusters(n, pairs, groups, { human: request.labels, predicted, confidence });
  const results = { method, threshold: request.threshold, vectors, items: n, pairs: pairs.length, exactGroups: groups.length, clusters, keep, disagreeing, labelModelRunId, ms: Math.round(performance.now() - started) };
  await finishRun(runId, results, { what: runStepTitle('dedupe', 'finish'), inputs: labelModelRunId ? [{ sourceId: labelModelRunId, version: null }] : [], audit: { method, threshold: request.threshold, clusters: clusters.length } });
  return { runId, ...results, predicted };
}

/** The newest finished dedupe run's clusters, for showing them again after a reload; keep and disagreement follow the labels as they are now. */
export async function latestDedupe(datasetId: string, labels: Int16Array): Promise<DedupeSummary | null> {
  const run = (await listRuns(datasetId, 'dedupe')).find((r) => r.status === 'done');
  const dataset = await getDataset(datasetId);
  if (!run || !dataset) return null;
  const r = run.results;
  const { runId: labelModelRunId, predicted, confidence } = await predictions(dataset);
  const fresh = labels.length === dataset.itemCount ? nearDuplicateClusters(dataset.itemCount, [], r.clusters ?? [], { human: labels, predicted, confidence }) : null;
  return {
    runId: run.id,
    method: r.method ?? run.params.method,
    threshold: r.threshold ?? run.params.threshold,
    vectors: r.vectors ?? null,
    items: r.items ?? dataset.itemCount,
    pairs: r.pairs ?? 0,
    exactGroups: r.exactGroups ?? 0,
    clusters: fresh?.clusters ?? r.clusters ?? [],
    keep: fresh?.keep ?? r.keep ?? [],
    disagreeing: fresh?.disagreeing ?? r.disagreeing ?? [],
    labelModelRunId,
    predicted,
  };
}
