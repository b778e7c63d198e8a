import { SiftError, throwIfAborted } from '../../src/core/errors';
import { applyCompiledLfs, compileLf, lfVersion, type CompiledLf, type ExampleItem, type JsItemChunk, type JsLfDef, type LfDef, type TextEmbedder } from '../../src/core/lf/index';
import { exampleIdsOf } from '../../src/core/lf/library';
import { checkVotes } from '../../src/core/lf/vote-check';
import { USER_WRITE_DEADLINE_MS } from '../../src/data/bounded-write';
import type { Dataset, ItemChunk, Source } from '../../src/data/db';
import { readItemChunk } from '../../src/data/items';
import { finishLfApply, readApplyInputs, writeLfVoteChunk } from '../../src/data/lf-apply';
import { newRunId } from '../../src/data/runs';
import { beginRun, endRunWithError, underRunLock } from '../../src/data/run-lifecycle';

/**
 * Runs JS LFs on one chunk (in the sandbox worker in the app, in-process in tests); `onItems` reports
 * how many of the chunk's items are done, so a slow LF still moves the progress bar.
 */
export type JsRunner = (lfs: JsLfDef[], chunk: JsItemChunk, classCount: number, signal: AbortSignal | undefined, onItems?: (done: number) => void) => Promise<Int8Array>;

export interface ApplyOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  runJs: JsRunner;
  /** Turns texts into vectors for similarity LFs; without it a similarity LF fails with a clear message. */
  embed?: TextEmbedder;
  /** How long the store may take to start each of the apply's transactions (tests shorten it). */
  startWithinMs?: number;
}

export interface ApplyResult {
  runId: string;
  items: number;
  /** Non-abstain votes per source, in the order of `sourceIds`. */
  votes: number[];
  ms: number;
}

/** The example items similarity LFs name, found by id (one pass over the chunks, stopping when all are found). */
async function findExamples(dataset: Dataset, ids: Set<string>): Promise<Map<string, ExampleItem>> {
  const found = new Map<string, ExampleItem>();
  if (ids.size === 0) return found;
  for (let c = 0; c < dataset.chunkCount && found.size < ids.size; c++) {
    const chunk = await readItemChunk(dataset.id, c);
    chunk?.ids.forEach((id, i) => ids.has(id) && found.set(id, { text: chunk.text[i] }));
  }
  return found;
}

/** A sandbox error names the item by its place in the chunk; say where it is in the dataset. */
function inDataset(error: unknown, chunk: ItemChunk): unknown {
  if (!(error instanceof SiftError) || typeof error.details.itemIndex !== 'number') return error;
  const local = error.details.itemIndex;
  const message = error.message.replace(`(index ${local})`, `(item #${(chunk.start + local + 1).toLocaleString('en-US')})`);
  return new SiftError(error.code, message, { ...error.details, itemIndex: chunk.start + local, chunkIndex: local });
}

/**
 * Applies LFs to every item, chunk by chunk: rule LFs compiled once and run here, JS LFs in the
 * sandbox. Each chunk's votes (one Int8Array per LF) commit in one transaction. While an apply is under
 * way the LFs' `version` is null ("votes incomplete"); it becomes the LF's version when the last chunk
 * is written, so stored votes always say which definition made them, and a cancelled or failed apply
 * is never mistaken for a complete one. Every apply is a `runs` record.
 */
export async function applyLfs(datasetId: string, sourceIds: readonly string[], options: ApplyOptions): Promise<ApplyResult> {
  const started = performance.now();
  const ms = options.startWithinMs ?? USER_WRITE_DEADLINE_MS;
  const [dataset, stored] = await readApplyInputs(datasetId, sourceIds, ms);
  if (!dataset) throw new SiftError('sources/no-dataset', 'This dataset no longer exists.', { datasetId });
  const sources = stored.map((source, j) => {
    if (!source || source.datasetId !== datasetId) throw new SiftError('sources/missing', `Source ${sourceIds[j]} no longer exists.`, { sourceId: sourceIds[j] });
    if (source.kind !== 'lf' && source.kind !== 'js-lf') throw new SiftError('sources/not-lf', `"${source.name}" is ${source.kind === 'imported' ? 'an imported source: its votes came with the data' : `a ${source.kind} source`} and cannot be applied as an LF.`, { sourceId: source.id });
    return source;
  });
  const k = dataset.classes.length;
  const ruleSources = sources.filter((s) => s.kind === 'lf');
  const jsSources = sources.filter((s) => s.kind === 'js-lf');
  const ruleDefs: LfDef[] = ruleSources.map((s) => ({ ...s.definition, id: s.id, name: s.name }));
  const jsDefs: JsLfDef[] = jsSources.map((s) => ({ ...s.definition, id: s.id, name: s.name }));

  const wanted = new Set<string>();
  ruleDefs.forEach((def) => exampleIdsOf(def.condition, wanted));
  const examples = await findExamples(dataset, wanted);
  const context = { classCount: k, fields: dataset.fields, embed: options.embed, example: (id: string) => examples.get(id) };
  // Every rule LF compiles before anything is written: a bad regex stops the apply with nothing changed.
  const compiled: CompiledLf[] = ruleDefs.map((def, j) => compileLf({ ...def, id: ruleSources[j].id, name: ruleSources[j].name }, context));
  const versions = new Map(sources.map((s) => [s.id, lfVersion(s.definition)]));

  const runId = newRunId('apply');
  const what = sources.length === 1 ? `Applying LF "${sources[0].name}"` : `Applying ${sources.length} LFs`;
  return underRunLock(runId, async () => {
    await beginRun({ id: runId, datasetId, kind: 'apply-lfs', params: { sources: sources.map((s) => s.id) }, inputs: sources.map((s) => ({ sourceId: s.id, version: versions.get(s.id)! })) }, { what, startWithinMs: ms });
    const counts = new Map(sources.map((s) => [s.id, 0]));
    let done = 0;
    try {
      for (let c = 0; c < dataset.chunkCount; c++) {
        throwIfAborted(options.signal);
        const chunk = await readItemChunk(datasetId, c);
        if (!chunk) throw new SiftError('sources/missing-chunk', `Chunk ${c} of the dataset is missing from storage.`, { chunk: c });
        const columns = new Map<string, Int8Array>();
        if (compiled.length > 0) {
          const votes = applyCompiledLfs(compiled, { text: chunk.text, fields: chunk.fields }, context);
          splitColumns(votes, ruleSources, chunk.count, columns);
        }
        if (jsDefs.length > 0) {
          let votes: Int8Array;
          try {
            const before = done;
            votes = await options.runJs(jsDefs, { ids: chunk.ids, text: chunk.text, fields: chunk.fields }, k, options.signal, (items) =>
              options.onProgress?.(before + items, dataset.itemCount),
            );
          } catch (error) {
            throw inDataset(error, chunk);
          }
          // The sandbox runs user code that may have subverted it: nothing it sends is stored unchecked.
          const m = jsSources.length;
          checkVotes(votes, chunk.count * m, k, 'The JS LF sandbox', (at) => `LF "${jsSources[at % m].name}" on item "${chunk.ids[Math.floor(at / m)]}" (item #${(chunk.start + Math.floor(at / m) + 1).toLocaleString('en-US')})`);
          splitColumns(votes, jsSources, chunk.count, columns);
        }
        await writeLfVoteChunk(datasetId, c, columns, c === 0 ? sources.map((s) => s.id) : [], what, ms);
        for (const [id, data] of columns) {
          let voted = 0;
          for (let i = 0; i < data.length; i++) if (data[i] !== -1) voted++;
          counts.set(id, counts.get(id)! + voted);
        }
        done += chunk.count;
        options.onProgress?.(done, dataset.itemCount);
      }
      const votes = sources.map((s) => counts.get(s.id)!);
      // The versions that make the votes usable and the run's "done" commit together.
      const applied = sources.map((s) => ({ sourceId: s.id, version: versions.get(s.id)! }));
      const took = performance.now() - started;
      await finishLfApply(datasetId, runId, applied, { items: done, votes: Object.fromEntries(sources.map((s, j) => [s.id, votes[j]])), ms: took }, what, ms);
      return { runId, items: done, votes, ms: took };
    } catch (error) {
      // Behind a stuck writer this returns at once; the run's record follows when the store frees.
      await endRunWithError(runId, error, { items: done });
      throw error;
    }
  });
}

function splitColumns(votes: Int8Array, sources: readonly Source[], n: number, into: Map<string, Int8Array>): void {
  const m = sources.length;
  sources.forEach((source, j) => {
    const column = new Int8Array(n);
    for (let i = 0, at = j; i < n; i++, at += m) column[i] = votes[at];
    into.set(source.id, column);
  });
}
