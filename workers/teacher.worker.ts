/**
 * Teacher and embedder inference: checks models users bring, runs models over datasets (ORT WebGPU or
 * WASM, TF.js webgpu or wasm, or Sift's built-in embedders), resumes interrupted runs. ORT and TF.js are
 * imported lazily: most calls need only one of them, and ORT's pthread workers load this module again.
 */
import type { ChangeEntry } from '../src/core/history/types';
import { SiftError } from '../src/core/errors';
import { getDataset } from '../src/data/datasets';
import { rewriteVotes } from '../src/data/model-runs';
import { getSource } from '../src/data/source-lookup';
import { underRunLock } from '../src/data/run-lifecycle';
import { votesFromStoredProbs } from '../src/data/source-votes';
import { expose } from './bridge/expose';
import type { TaskContext } from './bridge/protocol';
import { decodeImage } from './teacher/decode-image';
import { probeWebGpu } from './teacher/device-choice';
import { inspectModel, type InspectRequest } from './teacher/inspect';
import { loadModel, onnxFileOf } from './teacher/model-load';
import { createOrtRuntime, type OrtModule } from './teacher/ort-session';
import { isOrtReady, markOrtReady, ort, warmOrt, type OrtBuild } from './teacher/ort-web';
import { chosenOutput, resumeModelRun, startModelRun, type LoadedModel, type RunEnvironment, type StartModelRun } from './teacher/run';
import type { ModelRuntime } from './teacher/runtime';

const base = new URL(import.meta.env.BASE_URL, self.location.origin).href;

/** A WebGPU session whose device may be lost: the next run then fails so the run loop can fall back to WASM. */
async function createWebRuntime(model: LoadedModel, device: 'webgpu' | 'wasm'): Promise<ModelRuntime> {
  const output = chosenOutput(model.card).name;
  if (model.runtime === 'tfjs') {
    const { createTfjsRuntime } = await import('./teacher/tfjs-runtime');
    return createTfjsRuntime(model.files, { device, output });
  }
  const file = onnxFileOf(model);
  const m = await ort(device);
  const runtime = await createOrtRuntime(m as unknown as OrtModule, new Uint8Array(await file.blob.arrayBuffer()), { device, output, fileName: file.path });
  markOrtReady(device);
  if (device !== 'webgpu') return runtime;
  let lost: string | null = null;
  try {
    const gpu = await m.env.webgpu.device;
    gpu?.lost.then((info) => (lost = info.message || info.reason || 'unknown reason'));
  } catch {
    /* the device is ORT's own; without it, loss still surfaces as a failed run */
  }
  return {
    device: 'webgpu',
    run: async (feeds) => {
      if (lost) throw new Error(`WebGPU device lost: ${lost}`);
      return runtime.run(feeds);
    },
    dispose: () => runtime.dispose(),
  };
}

const env: RunEnvironment = {
  loadModel: (ref, runtime) => loadModel(ref, runtime, base),
  createRuntime: createWebRuntime,
  decodeImage,
  runtimeReady: (device) => isOrtReady(device),
};

/** A run's lock, refused (not waited for) while another tab's worker holds it. */
const withRunLock = <T>(runId: string, work: () => Promise<T>): Promise<T> => underRunLock(runId, work, { ifFree: true });

const api = {
  /** What WebGPU adapter this browser offers (for the device choice shown before a run). */
  probe: () => probeWebGpu(),

  /**
   * Starts onnxruntime before any model is chosen, so that a first prediction does not wait for it: the
   * WASM build always (every run can fall back to it), the WebGPU build too when a real GPU could win.
   */
  warm: async () => {
    const gpu = await probeWebGpu();
    const builds: OrtBuild[] = gpu.available && !gpu.isFallbackAdapter ? ['wasm', 'webgpu'] : ['wasm'];
    const already = builds.every(isOrtReady);
    const warmth = [];
    for (const build of builds) warmth.push(await warmOrt(build));
    return { builds, already, warmth };
  },

  /** Checks model files and a card before they are stored. */
  inspect: (request: InspectRequest) =>
    inspectModel(request, {
      ort: async () => (await ort('wasm')) as unknown as OrtModule,
      loadTfjs: async (files) => {
        const { createTfjsRuntime } = await import('./teacher/tfjs-runtime');
        const runtime = await createTfjsRuntime(files, { device: 'wasm', output: '' });
        await runtime.dispose();
      },
    }),

  run: (request: StartModelRun, ctx: TaskContext) => withRunLock(request.runId, () => startModelRun(request, env, ctx)),

  resume: (args: { runId: string; requestedAt?: number }, ctx: TaskContext) => withRunLock(args.runId, () => resumeModelRun(args.runId, env, ctx, args.requestedAt)),

  /** New vote threshold for a teacher: votes recomputed from its stored (calibrated, once calibrated) probabilities, no inference. */
  retune: async (args: { sourceId: string; threshold: number | null; restoredFrom?: ChangeEntry['restoredFrom'] }) => {
    const source = await getSource(args.sourceId);
    if (!source || source.kind !== 'teacher') throw new SiftError('source-missing', `There is no teacher source ${args.sourceId}`, {});
    const definition = source.definition;
    // With unmapped teacher labels a vote also depends on their mass, which the class probabilities no longer hold.
    if (definition.labelMap?.includes(-1)) throw new SiftError('retune-unmapped', `Some of ${source.name}'s labels map to no class, so its votes cannot be recomputed from the stored probabilities; run the teacher again with the new threshold`, {});
    const dataset = await getDataset(source.datasetId);
    if (!dataset) throw new SiftError('dataset-missing', 'The dataset of this source no longer exists', {});
    const { chunks, basis } = await votesFromStoredProbs(dataset, source, args.threshold);
    await rewriteVotes(dataset.id, source.id, chunks, { ...definition, threshold: args.threshold, votesFrom: basis }, args.restoredFrom);
    let voted = 0;
    for (const c of chunks) for (const v of c.votes) if (v >= 0) voted++;
    return { voted, items: dataset.itemCount, votesFrom: basis.from };
  },
};

export type TeacherApi = typeof api;
expose(api);
