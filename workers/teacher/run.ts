/**
 * A model run over a dataset, chunk by chunk: a teacher writes `probs:<source>` (n×k over the dataset's
 * classes) and `votes:<source>`; an embedder writes `vec:<model>` (n×dim, L2-normalised). Each chunk's
 * outputs and the checkpoint after it commit together, so a reload resumes at the first unfinished
 * chunk. If the GPU fails mid-run, the run continues on WASM from the chunk it was on.
 */
import { AbortedError, isAbort, SiftError, throwIfAborted } from '../../src/core/errors';
import type { ModelCard } from '../../src/core/models/card';
import { deviceLostReason, type DeviceChoice, type DeviceDecision, type WebGpuProbe } from '../../src/core/models/device';
import { agreement, checkLabelMap, mapTeacherOutputs, softmaxRowsInPlace, suggestLabelMap } from '../../src/core/models/label-map';
import { l2NormalizeRows, poolTokens } from '../../src/core/models/pooling';
import { NO_LABEL } from '../../src/core/types';
import { readColumn, readColumnChunk } from '../../src/data/columns';
import { getDataset } from '../../src/data/datasets';
import type { Dataset, ItemChunk, Run } from '../../src/data/db';
import { startBoundedRead, USER_WRITE_DEADLINE_MS } from '../../src/data/bounded-write';
import { readItemChunk } from '../../src/data/items';
import { loadLabelState } from '../../src/data/labels';
import { beginModelRun, EMBED_RUN, finishModelRun, getRun, teacherProbsColumn, teacherSourceId, teacherVotesColumn, TEACHER_RUN, vectorsColumn, type ModelRunCheckpoint, type ModelRunParams } from '../../src/data/model-runs';
import type { ModelRunResults, TeacherDefinition } from '../../src/core/records';
import type { ModelRef } from '../../src/data/models';
import { commitRunChunk, endRunWithError, resumeRun } from '../../src/data/run-lifecycle';
import type { Progress } from '../bridge/protocol';
import { chooseRuntime, probeWebGpu } from './device-choice';
import { createBatchEncoder, type BatchEncoder, type DecodeImage } from './inputs';
import type { Feed, ModelRuntime, RunDevice } from './runtime';
import type { BatchTokenizer } from './tokenize';
import { runStepTitle } from '../../src/core/records/run-titles';

export interface LoadedModel {
  ref: ModelRef;
  /** Stable id used in column and source names. */
  key: string;
  name: string;
  card: ModelCard;
  runtime: 'onnx' | 'tfjs' | 'builtin';
  hash: string;
  /** The model files (ONNX file, or model.json and shards); none for built-in embedders. */
  files: { path: string; blob: Blob }[];
  tokenizer: BatchTokenizer | null;
}

export interface RunEnvironment {
  loadModel(ref: ModelRef, runtime: 'onnx' | 'tfjs' | 'builtin' | undefined): Promise<LoadedModel>;
  createRuntime(model: LoadedModel, device: 'webgpu' | 'wasm'): Promise<ModelRuntime>;
  decodeImage: DecodeImage;
  probeWebGpu?: () => Promise<WebGpuProbe>;
  /** Whether the runtime for `device` has already started in this worker (a warm start), for the run record. */
  runtimeReady?: (device: 'webgpu' | 'wasm') => boolean;
}

export interface StartModelRun {
  runId: string;
  datasetId: string;
  model: ModelRef;
  /** Built-in teachers come as ONNX and TF.js; user models have one runtime. */
  runtime?: 'onnx' | 'tfjs';
  device: DeviceChoice;
  labelMap?: number[];
  threshold?: number | null;
  batchSize?: number;
  /** When the user asked for the run (`now()` on the page's clock), so its first prediction is timed from there. */
  requestedAt?: number;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable between a page and its workers. */
export const now = () => performance.timeOrigin + performance.now();

/** How long the user waited for a run's first prediction, and whether the model runtime was already running. */
export interface FirstPrediction {
  /** From asking for the run (or resuming it) to the first batch's outputs. */
  ms: number;
  /** Of that, opening the model's runtime (with onnxruntime's start when it was not running yet). */
  runtimeMs: number;
  /** true: a warm start; false: the runtime started for this run; null: no runtime to start (built-in embedder, TF.js). */
  runtimeWasReady: boolean | null;
}

export interface ModelRunSummary {
  runId: string;
  status: 'done';
  results: ModelRunResults;
}

interface Context {
  signal: AbortSignal;
  progress(p: Progress): void;
}

/** The output a run reads: class scores (probabilities preferred: no softmax needed) or the embedding. */
export function chosenOutput(card: ModelCard): ModelCard['outputs'][number] {
  const output = card.task === 'classify' ? (card.outputs.find((o) => o.role === 'probabilities') ?? card.outputs.find((o) => o.role === 'logits')) : card.outputs.find((o) => o.role === 'embedding');
  if (!output) throw new SiftError('output-role', `Card '${card.id}' names no ${card.task === 'classify' ? "'probabilities' or 'logits'" : "'embedding'"} output`, {});
  return output;
}

export function defaultBatchSize(card: ModelCard): number {
  const fixed = card.inputs[0]?.shape[0];
  if (typeof fixed === 'number' && fixed > 0) return fixed;
  return card.preprocessing.kind === 'tokenizer' ? 32 : card.preprocessing.kind === 'image' ? 128 : 256;
}

/** Whether the error came from the GPU runtime (so WASM may still do the job). */
class GpuFailure extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export async function startModelRun(request: StartModelRun, env: RunEnvironment, ctx: Context): Promise<ModelRunSummary> {
  const requestedAt = request.requestedAt ?? now();
  const dataset = await getDataset(request.datasetId);
  if (!dataset || dataset.status !== 'ready') throw new SiftError('dataset-missing', 'The dataset does not exist or its import has not finished', { datasetId: request.datasetId });
  const model = await env.loadModel(request.model, request.runtime);
  const { card } = model;
  const classify = card.task === 'classify';
  const classNames = dataset.classes.map((c) => c.name);
  const labels = card.labels ?? [];
  const labelMap = classify ? (request.labelMap ?? suggestLabelMap(labels, classNames)) : undefined;
  if (labelMap) checkLabelMap(labelMap, labels, classNames, `the teacher '${model.name}'`);
  if (classify && classNames.length > 127) throw new SiftError('too-many-classes', `Votes are stored as 8-bit integers; this dataset has ${classNames.length} classes (at most 127)`, {});
  const sourceId = classify ? teacherSourceId(dataset.id, model.key) : undefined;
  const params: ModelRunParams = {
    model: model.ref,
    modelKey: model.key,
    modelName: model.name,
    modelHash: model.hash,
    runtime: model.runtime,
    task: card.task,
    deviceChoice: request.device,
    batchSize: request.batchSize ?? defaultBatchSize(card),
    ...(classify ? { labelMap, teacherLabels: labels, classCount: classNames.length, threshold: request.threshold ?? null, ...(card.decision ? { decision: card.decision } : {}), sourceId } : {}),
    columns: classify ? [teacherProbsColumn(sourceId!), teacherVotesColumn(sourceId!)] : [vectorsColumn(model.key)],
  };
  const run = await beginModelRun(
    { id: request.runId, datasetId: dataset.id, kind: classify ? TEACHER_RUN : EMBED_RUN, params },
    classify ? { id: sourceId!, datasetId: dataset.id, kind: 'teacher', name: model.name, definition: sourceDefinition(params, request.runId) } : null,
  );
  return executeModelRun(run, dataset, model, env, ctx, requestedAt);
}

/**
 * Continues a run stopped by a reload, a crash or Cancel, from its first unfinished chunk. The run and its
 * dataset are read in a transaction the store must start within `startWithinMs`, as the resume write after it.
 */
export async function resumeModelRun(runId: string, env: RunEnvironment, ctx: Context, requestedAt = now(), startWithinMs = USER_WRITE_DEADLINE_MS): Promise<ModelRunSummary> {
  const { run, dataset } = await startBoundedRead('Reading the run to resume', ['runs', 'datasets'], async () => {
    const run = await getRun(runId);
    if (!run) throw new SiftError('run-missing', `Run ${runId} does not exist`, { runId });
    if (run.status === 'done' || run.status === 'failed') throw new SiftError('run-finished', `Run ${runId} already ${run.status === 'done' ? 'finished' : 'failed'}; start a new one`, { runId });
    if (run.results.supersededBy) throw new SiftError('run-superseded', `Run ${runId} was replaced by run ${String(run.results.supersededBy)} over the same outputs; start a new one`, { runId });
    if (run.results.discarded) throw new SiftError('run-discarded', `Run ${runId} was discarded; start a new one`, { runId });
    return { run, dataset: await getDataset(run.datasetId) };
  }, startWithinMs);
  if (!dataset) throw new SiftError('dataset-missing', 'The dataset of this run no longer exists', { runId });
  if (run.kind !== 'teacher' && run.kind !== 'embed') throw new SiftError('run-kind', `Run ${runId} is a ${run.kind} run, not a model run`, { runId });
  const params = run.params;
  const model = await env.loadModel(params.model, params.runtime === 'builtin' ? undefined : params.runtime);
  if (model.hash !== params.modelHash)
    throw new SiftError('model-changed', `The model '${params.modelName}' changed since this run started (its files hash differently), so the run cannot be resumed; start a new run`, { runId });
  return executeModelRun(await resumeRun(runId, { what: runStepTitle(run.kind, 'resume'), startWithinMs }), dataset, model, env, ctx, requestedAt);
}

function sourceDefinition(params: ModelRunParams, runId: string): TeacherDefinition {
  return { model: params.model, modelKey: params.modelKey, modelName: params.modelName, modelHash: params.modelHash, runtime: params.runtime, labelMap: params.labelMap, teacherLabels: params.teacherLabels, threshold: params.threshold, ...(params.decision ? { decision: params.decision } : {}), runId };
}

const deviceLabel = (device: RunDevice) => (device === 'webgpu' ? 'WebGPU' : device === 'wasm' ? 'WASM' : 'JS');

async function executeModelRun(run: Run, dataset: Dataset, model: LoadedModel, env: RunEnvironment, ctx: Context, requestedAt: number): Promise<ModelRunSummary> {
  if (run.kind !== 'teacher' && run.kind !== 'embed') throw new SiftError('run-kind', `Run ${run.id} is a ${run.kind} run, not a model run`, { runId: run.id });
  if (!run.checkpoint) throw new SiftError('run-checkpoint', `Model run ${run.id} has no checkpoint to go on from`, { runId: run.id });
  const params = run.params;
  const checkpoint: ModelRunCheckpoint = { ...run.checkpoint };
  const startChunk = checkpoint.nextChunk;
  const encoder = createBatchEncoder(model.card, { decodeImage: env.decodeImage, tokenizer: model.tokenizer });
  let runtime: ModelRuntime | null = null;
  try {
    const first = startChunk < dataset.chunkCount ? await readChunk(dataset, startChunk) : null;
    let decision: DeviceDecision | { device: 'js'; reason: string };
    // Asked before the runtime opens: opening it starts onnxruntime when a warm-up has not.
    const readyBefore = model.runtime === 'onnx' ? { wasm: env.runtimeReady?.('wasm') ?? null, webgpu: env.runtimeReady?.('webgpu') ?? null } : null;
    const runtimeStarted = now();
    if (model.runtime === 'builtin') decision = { device: 'js', reason: "JS: a built-in embedder computed by Sift's own code (no model file), in this worker." };
    else {
      const sample = async () => {
        const items = Math.min(first?.count ?? 0, params.batchSize, 64);
        if (!first || items === 0) throw new SiftError('empty-dataset', 'The dataset has no items to calibrate on', {});
        return { feeds: (await encoder.encode(first, 0, items)).feeds, items };
      };
      const chosen = await chooseRuntime(params.deviceChoice, (device) => env.createRuntime(model, device), sample, env.probeWebGpu ?? probeWebGpu);
      runtime = chosen.runtime;
      decision = chosen.decision;
    }
    const runtimeMs = now() - runtimeStarted;
    const runtimeWasReady = readyBefore && decision.device !== 'js' ? readyBefore[decision.device] : null;
    let firstPrediction: FirstPrediction | null = null;
    checkpoint.device = decision.device;
    checkpoint.reason = decision.reason;
    checkpoint.sessionStart = startChunk;
    const fallbacks: string[] = [];
    const started = performance.now();
    const itemsAtStart = checkpoint.itemsDone;
    let lastProgress = 0;
    const report = (force = false) => {
      const now = performance.now();
      if (!force && now - lastProgress < 200) return;
      lastProgress = now;
      const rate = ((checkpoint.itemsDone - itemsAtStart) * 1000) / Math.max(1, now - started);
      ctx.progress({ done: checkpoint.itemsDone, total: dataset.itemCount, unit: 'items', message: `${deviceLabel(decision.device)} · ${Math.round(rate).toLocaleString('en-US')} items/s`, metrics: { itemsPerS: rate } });
    };
    report(true);

    for (let c = startChunk; c < dataset.chunkCount; ) {
      throwIfAborted(ctx.signal);
      const chunk = c === startChunk && first ? first : await readChunk(dataset, c);
      let outputs: { name: string; data: Float32Array | Int8Array }[];
      try {
        outputs = await inferChunk(chunk, model, params, encoder, runtime, ctx.signal, (items) => {
          firstPrediction ??= { ms: Math.max(0, now() - requestedAt), runtimeMs, runtimeWasReady };
          checkpoint.itemsDone += items;
          report();
        });
      } catch (error) {
        if (!(error instanceof GpuFailure) || !runtime || runtime.device !== 'webgpu') throw error instanceof GpuFailure ? error.cause : error;
        // The chunk's items were counted as they ran; they run again on WASM.
        checkpoint.itemsDone = c * dataset.chunkSize;
        await runtime.dispose().catch(() => undefined);
        runtime = await env.createRuntime(model, 'wasm');
        decision = deviceLostReason(decision as DeviceDecision, c, error.message);
        checkpoint.device = decision.device;
        checkpoint.reason = decision.reason;
        fallbacks.push(`chunk ${c + 1}: ${error.message}`);
        continue;
      }
      checkpoint.nextChunk = c + 1;
      checkpoint.itemsDone = Math.min(dataset.itemCount, (c + 1) * dataset.chunkSize);
      await commitRunChunk(run.id, outputs.map(({ name, data }) => ({ datasetId: dataset.id, name, chunk: c, data })), checkpoint, { what: runStepTitle(run.kind, 'chunk') });
      report(true);
      c++;
    }
    report(true);
    const seconds = (performance.now() - started) / 1000;
    const results: ModelRunResults = {
      device: decision.device,
      reason: decision.reason,
      items: dataset.itemCount,
      itemsThisSession: checkpoint.itemsDone - itemsAtStart,
      seconds,
      itemsPerS: (checkpoint.itemsDone - itemsAtStart) / Math.max(seconds, 1e-3),
      resumedFromChunk: startChunk > 0 ? startChunk : null,
      fallbacks,
      firstPrediction,
    };
    if (params.task === 'embed') {
      const stored = await readColumnChunk(dataset.id, params.columns[0], 0);
      results.dim = stored ? stored.data.length / Math.min(dataset.chunkSize, dataset.itemCount) : null;
    }
    if (params.task === 'classify') {
      const votes = await readColumn(dataset, teacherVotesColumn(params.sourceId!), Int8Array, 1, NO_LABEL);
      const { state } = await loadLabelState(dataset.id, dataset.itemCount);
      results.agreement = agreement(votes, state.label);
      let coverage = 0;
      for (const v of votes) if (v !== NO_LABEL) coverage++;
      results.votes = coverage;
    }
    await finishModelRun(run, results, params.sourceId ? { id: params.sourceId, version: params.modelHash, definition: sourceDefinition(params, run.id) } : null);
    return { runId: run.id, status: 'done', results };
  } catch (error) {
    if (isAbort(error)) {
      const aborted = error instanceof AbortedError ? error : new AbortedError();
      await endRunWithError(run.id, aborted, { cancelledAtChunk: checkpoint.nextChunk });
      throw aborted;
    }
    // A failed run's partial outputs go; a superseded one leaves everything to the newer run.
    await endRunWithError(run.id, error);
    throw error;
  } finally {
    await runtime?.dispose().catch(() => undefined);
  }
}

async function readChunk(dataset: Dataset, index: number): Promise<ItemChunk> {
  const chunk = await readItemChunk(dataset.id, index);
  if (!chunk) throw new SiftError('chunk-missing', `Chunk ${index + 1} of dataset '${dataset.name}' is missing from the store`, { chunk: index });
  return chunk;
}

async function runBatch(runtime: ModelRuntime, feeds: Feed[]) {
  try {
    return await runtime.run(feeds);
  } catch (error) {
    if (runtime.device === 'webgpu') throw new GpuFailure(error);
    throw new SiftError('inference-failed', `The model failed on ${runtime.device.toUpperCase()}: ${error instanceof Error ? error.message : error}`, {});
  }
}

async function inferChunk(chunk: ItemChunk, model: LoadedModel, params: ModelRunParams, encoder: BatchEncoder, runtime: ModelRuntime | null, signal: AbortSignal, onItems: (n: number) => void): Promise<{ name: string; data: Float32Array | Int8Array }[]> {
  const { card } = model;
  const n = chunk.count;
  const output = chosenOutput(card);
  const classify = params.task === 'classify';
  const k = params.classCount ?? 0;
  const probs = classify ? new Float32Array(n * k) : null;
  const votes = classify ? new Int8Array(n) : null;
  const parts: Float32Array[] = [];
  let dim = 0;
  for (let from = 0; from < n; from += params.batchSize) {
    throwIfAborted(signal);
    const to = Math.min(n, from + params.batchSize);
    const encoded = await encoder.encode(chunk, from, to);
    const result = runtime ? await runBatch(runtime, encoded.feeds) : { data: encoded.features!, dims: [to - from, encoded.features!.length / (to - from)] };
    const width = result.dims[result.dims.length - 1];
    if (classify) {
      const labels = params.teacherLabels!;
      if (width !== labels.length || result.data.length !== (to - from) * width)
        throw new SiftError('output-width', `The model's output '${output.name}' has ${width} columns for ${to - from} items, but its card lists ${labels.length} labels`, { width, labels: labels.length });
      const rows = result.data.slice();
      if (output.role === 'logits') softmaxRowsInPlace(rows, width);
      mapTeacherOutputs(rows, params.labelMap!, k, params.threshold ?? null, probs!.subarray(from * k, to * k), votes!.subarray(from, to), params.decision);
    } else {
      const p = card.preprocessing;
      const vectors = result.dims.length === 3 ? poolTokens(result.data, result.dims, encoded.mask, p.kind === 'tokenizer' && p.pooling === 'cls' ? 'cls' : 'mean') : result.data.slice();
      dim = vectors.length / (to - from);
      parts.push(l2NormalizeRows(vectors, dim));
    }
    onItems(to - from);
  }
  if (classify) return [{ name: params.columns[0], data: probs! }, { name: params.columns[1], data: votes! }];
  const all = new Float32Array(n * dim);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return [{ name: params.columns[0], data: all }];
}
