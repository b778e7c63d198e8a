import { diverseSelection, diversityCandidates } from '../../src/core/curation/diverse-selection';
import { kCenterCoverAsync, sampleCandidates } from '../../src/core/curation/diversity';
import { SiftError, throwIfAborted } from '../../src/core/errors';
import { readColumn } from '../../src/data/columns';
import { checkSelectionName, readCuratedSelection, saveCuratedSelection } from '../../src/data/curated-selections';
import { getDataset } from '../../src/data/datasets';
import type { Dataset } from '../../src/data/db';
import { beginRun, endRunWithError, finishRun, underRunLock } from '../../src/data/run-lifecycle';
import { listRuns, newRunId } from '../../src/data/runs';
import { latestHeldOutCopies } from '../../src/data/held-out-copies';
import { predColumn, probsColumn } from '../../src/data/sources';
import { decidedLabels } from '../../src/data/dataset-labels';
import type { HeldOutFilter } from './curate';
import { listEmbeddings, readVectors } from '../../src/data/vectors';
import { kCenterThreads, nextTurn, sameThreadShard, threadShards, webWorkerShard } from './kcenter-threads';
import { runStepTitle } from '../../src/core/records/run-titles';

export interface DiversityRequest {
  datasetId: string;
  /** Name of the selection the picks are saved as. */
  name: string;
  size: number;
  embedderId: string;
  /** Pick among this saved selection's members (null: the whole pool). */
  within: string | null;
  /** Split the picking across two threads (pays on a busy machine, not on a quiet one). */
  secondThread?: boolean;
  /** The page's human labels and splits. */
  labels: Int16Array;
  splits: Uint8Array;
}

export interface DiversitySummary {
  runId: string;
  name: string;
  picked: number;
  candidates: number;
  /** Candidates k-center measured (all of them, or a seeded sample on a large pool). */
  sampled: number;
  /** Farthest a measured candidate lies from its nearest pick, in the vectors' own units. */
  radius: number;
  /** Threads the picking ran on. */
  threads: number;
  /** Per class, then items with no label: candidates and picks. */
  before: number[];
  after: number[];
  afterWeight: number[];
  labelsFrom: string;
  /** Near-duplicates of dev or canary items left out of the candidates (null: no dedupe run to tell). */
  heldOut: HeldOutFilter | null;
  /** Candidates left out as such near-duplicates. */
  heldOutLeft: number;
}

/** Before every cluster has a pick each pick measures every candidate, so a large pool is sampled (10 per pick, at least this many). */
const MAX_EXACT = 50_000;
const SAMPLE_SEED = 1;

/**
 * Human labels first, then the newest label model's own labels (its dev-tuned decision; argmax for a run
 * without them), so picks outside a selection still train with a label.
 */
async function proposals(dataset: Dataset): Promise<{ proposed: Int16Array | null; from: string }> {
  const run = (await listRuns(dataset.id, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
  if (!run) return { proposed: null, from: 'human labels only (no label model run yet)' };
  const decided = await decidedLabels(dataset, { probsName: probsColumn(run.id), predName: predColumn(run.id), labelRule: null });
  return { proposed: decided, from: `human labels, else label model run ${run.id}` };
}

/** An embedder's vectors of every item, or a specific error (none stored, or a run not finished). */
export async function vectorsOf(dataset: Dataset, embedderId: string) {
  const vectors = await readVectors(dataset, embedderId);
  if (!vectors) {
    const stored = await listEmbeddings(dataset.id);
    throw new SiftError(
      'diversity/no-vectors',
      stored.length
        ? `The embedder "${embedderId}" has no vectors for this dataset; it has vectors of ${stored.join(', ')}.`
        : 'This dataset has no stored vectors: run an embedder in the Teachers tab first (the built-in hashed n-gram embedder for text, image pixels for images, or an embedding model of your own).',
    );
  }
  if (!vectors.complete) throw new SiftError('diversity/partial-vectors', `The embedder "${embedderId}" has vectors for ${vectors.chunksPresent} of ${dataset.chunkCount} chunks: finish (resume) its run in the Teachers tab first.`);
  return vectors;
}

export function runDiversity(request: DiversityRequest, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<DiversitySummary> {
  const runId = newRunId('diversity');
  const params = { name: request.name, size: request.size, embedderId: request.embedderId, within: request.within };
  return underRunLock(runId, async () => {
    await beginRun({ id: runId, datasetId: request.datasetId, kind: 'diversity', params, inputs: [] });
    try {
      return await pick(runId, request, signal, onProgress);
    } catch (error) {
      await endRunWithError(runId, error);
      throw error;
    }
  });
}

async function pick(runId: string, request: DiversityRequest, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<DiversitySummary> {
  const started = Date.now();
  const name = checkSelectionName(request.name);
  if (!Number.isInteger(request.size) || request.size < 1) throw new SiftError('diversity/size', `Pick at least 1 item; got ${request.size}.`);
  const dataset = await getDataset(request.datasetId);
  if (!dataset) throw new SiftError('diversity/dataset', 'This dataset no longer exists.');
  const vectors = await vectorsOf(dataset, request.embedderId);
  const base = request.within ? await readCuratedSelection(dataset, request.within) : null;
  const { proposed, from } = base ? { proposed: null, from: `selection “${request.within}”` } : await proposals(dataset);
  const copies = await latestHeldOutCopies(dataset.id, request.splits);
  const heldOut = copies && { dedupeRunId: copies.runId, items: copies.items.length, kept: false };
  const input = { n: dataset.itemCount, k: dataset.classes.length, splits: request.splits, labels: request.labels, proposed, base };
  const heldOutLeft = copies ? diversityCandidates(input).length - diversityCandidates({ ...input, heldOutCopies: copies.items }).length : 0;
  const candidates = diversityCandidates({ ...input, heldOutCopies: copies?.items });
  if (candidates.length === 0) throw new SiftError('diversity/no-candidates', request.within ? `Selection “${request.within}” has no pool items to pick from.` : 'The pool (train split) has no items to pick from.');
  const sampleSize = Math.max(MAX_EXACT, 10 * request.size);
  const measured = candidates.length > sampleSize ? Uint32Array.from(sampleCandidates(candidates.length, sampleSize, SAMPLE_SEED), (j) => candidates[j]) : candidates;
  throwIfAborted(signal);
  const take = Math.min(request.size, measured.length);
  onProgress(0, take);
  const threads = kCenterThreads(measured.length, vectors.dim, globalThis.navigator?.hardwareConcurrency ?? 1, request.secondThread ?? false);
  const workers = threads > 1 ? threadShards(webWorkerShard) : null;
  const options = { candidates: measured, signal, onProgress: (done: number) => onProgress(done, take), shards: threads, pause: nextTurn };
  const { picks, radius } = await kCenterCoverAsync(vectors.data, vectors.dim, take, options, workers ? workers.connect : sameThreadShard).finally(() => workers?.stop());
  const selection = diverseSelection(input, candidates, picks);
  const built = { method: 'diversity (k-center greedy)', diversity_run: runId, vectors: request.embedderId, size: request.size, within: request.within, sampled: measured.length, radius, labels: from, held_out_copies: heldOut };
  const removed = { threshold: 0, duplicate: 0, balance: candidates.length - picks.length, ...(copies ? { heldOutCopy: heldOutLeft } : {}) };
  await saveCuratedSelection(dataset, name, { ...selection, removed, devPrecision: [] }, built);
  const summary = { name, picked: picks.length, candidates: candidates.length, sampled: measured.length, radius, threads, before: selection.before, after: selection.after, afterWeight: selection.afterWeight, labelsFrom: from, heldOut, heldOutLeft };
  await finishRun(runId, { ...summary, ms: Date.now() - started }, { what: runStepTitle('diversity', 'finish'), audit: { name, picked: picks.length, radius } });
  onProgress(take, take);
  return { runId, ...summary };
}
