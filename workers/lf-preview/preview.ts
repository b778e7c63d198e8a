import { AbortedError, SiftError } from '../../src/core/errors';
import { ChunkView, compileLf, validateLf, PreviewCollector, previewSample, type Condition, type LfPreview } from '../../src/core/lf/index';
import { Split } from '../../src/core/types';
import { getDataset } from '../../src/data/datasets';
import { readItemChunk } from '../../src/data/items';

/**
 * The LF editor's live preview, one request per pause in typing. The dataset's text stays here between
 * requests (with the folded text and lengths each ChunkView derives once), so a keystroke costs one
 * pass of the LF over the sample, not a read of IndexedDB.
 */

/** Items looked at per preview: dev items plus a seeded sample of the rest, so a request's cost does not grow with the dataset. */
export const PREVIEW_SAMPLE = 50_000;
export const PREVIEW_EXAMPLES = 20;

export interface PreviewRequest {
  datasetId: string;
  /** The LF as edited (untrusted: validated and compiled here). */
  def: unknown;
  /** The page's current human labels and splits; only dev labels are read, canary items are skipped. */
  labels: Int16Array;
  splits: Uint8Array;
}

export interface PreviewResult extends LfPreview {
  /** Time to run the LF over the sample, and to load the dataset's text when this request had to. */
  ms: number;
  loadMs: number;
}

interface CachedChunk {
  start: number;
  ids: string[];
  view: ChunkView;
}

let cached: { key: string; classCount: number; fields: string[]; itemCount: number; chunks: CachedChunk[] } | null = null;

/** Lets the abort message of a superseded request in before the next chunk. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}

async function loadDataset(datasetId: string, signal: AbortSignal): Promise<{ data: NonNullable<typeof cached>; loadMs: number }> {
  const dataset = await getDataset(datasetId);
  if (!dataset) throw new SiftError('sources/no-dataset', 'This dataset no longer exists.', { datasetId });
  const key = `${dataset.id}|${dataset.updatedAt}|${dataset.itemCount}|${dataset.chunkCount}`;
  if (cached?.key === key) return { data: cached, loadMs: 0 };
  const started = performance.now();
  cached = null;
  const chunks: CachedChunk[] = [];
  for (let c = 0; c < dataset.chunkCount; c++) {
    if (signal.aborted) throw new AbortedError();
    const chunk = await readItemChunk(datasetId, c);
    if (!chunk) throw new SiftError('sources/missing-chunk', `Chunk ${c} of the dataset is missing from storage.`, { chunk: c });
    chunks.push({ start: chunk.start, ids: chunk.ids, view: new ChunkView({ text: chunk.text, fields: chunk.fields }) });
  }
  cached = { key, classCount: dataset.classes.length, fields: dataset.fields, itemCount: dataset.itemCount, chunks };
  return { data: cached, loadMs: performance.now() - started };
}

function usesSimilarity(condition: Condition): boolean {
  if (condition.kind === 'similarity') return true;
  if (condition.kind === 'and' || condition.kind === 'or') return condition.conditions.some(usesSimilarity);
  if (condition.kind === 'not') return usesSimilarity(condition.condition);
  return false;
}

export async function previewLf(request: PreviewRequest, signal: AbortSignal): Promise<PreviewResult> {
  const { data, loadMs } = await loadDataset(request.datasetId, signal);
  if (request.splits.length !== data.itemCount || request.labels.length !== data.itemCount) {
    throw new SiftError('preview/stale', `The page sent ${request.splits.length} splits for ${data.itemCount} items; reopen the dataset.`, {});
  }
  const started = performance.now();
  const context = { classCount: data.classCount, fields: data.fields };
  validateLf(request.def, context);
  // Vectors for every item would cost far more memory and time than a keystroke allows.
  if (usesSimilarity(request.def.condition)) {
    throw new SiftError('preview/similarity', 'No live preview for similarity conditions: apply the LF to see its votes.', {});
  }
  const lf = compileLf(request.def, context);
  const sample = previewSample(request.splits, PREVIEW_SAMPLE);
  let eligible = 0;
  for (let i = 0; i < request.splits.length; i++) if (request.splits[i] !== Split.canary) eligible++;
  const collector = new PreviewCollector({ classCount: data.classCount, datasetItems: data.itemCount, eligible, splits: request.splits, gold: request.labels, exampleCount: PREVIEW_EXAMPLES });
  let at = 0;
  for (const chunk of data.chunks) {
    const end = chunk.start + chunk.view.size;
    const from = at;
    while (at < sample.length && sample[at] < end) at++;
    if (at === from) continue;
    const rows = new Uint32Array(at - from);
    for (let r = 0; r < rows.length; r++) rows[r] = sample[from + r] - chunk.start;
    collector.add(chunk.start, rows, lf.bind(chunk.view), lf.vote);
    await yieldToEvents();
    if (signal.aborted) throw new AbortedError();
  }
  const preview = collector.result((index) => {
    const chunk = data.chunks.find((c) => index >= c.start && index < c.start + c.view.size)!;
    return { id: chunk.ids[index - chunk.start], text: chunk.view.chunk.text[index - chunk.start] };
  });
  return { ...preview, ms: performance.now() - started, loadMs };
}

export function forgetPreviewData(): void {
  cached = null;
}
