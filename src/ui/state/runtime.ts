import { signal } from '@preact/signals';
import { teacherWorker } from '../../../workers/clients';
import { listRuns } from '../../data/runs';
import { EMBED_RUN, TEACHER_RUN } from '../../data/model-runs';

/** Whether the teacher worker's model runtime (onnxruntime) has started, for the Teachers tab. */
export type RuntimeState = { state: 'idle' } | { state: 'starting' } | { state: 'ready'; ms: number; builds: string[] } | { state: 'failed'; message: string };

export const teacherRuntime = signal<RuntimeState>({ state: 'idle' });

/** An answer slower than this means the runtime is really starting (a warm worker answers at once). */
const QUICK_MS = 150;
let inFlight: Promise<void> | null = null;

/**
 * Starts the model runtime in the teacher worker. Cheap when it already runs; starts it again when the
 * worker was stopped while idle. A failure only says so: a run would start the runtime itself.
 */
export function warmTeacherRuntime(): Promise<void> {
  inFlight ??= (async () => {
    const slow = setTimeout(() => (teacherRuntime.value = { state: 'starting' }), QUICK_MS);
    try {
      const { builds, warmth } = await teacherWorker.call('warm', undefined);
      teacherRuntime.value = { state: 'ready', builds, ms: warmth.reduce((s, w) => s + w.importMs + w.initMs, 0) };
    } catch (error) {
      teacherRuntime.value = { state: 'failed', message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(slow);
      inFlight = null;
    }
  })();
  return inFlight;
}

/** Whether a teacher or embedder has ever run on the dataset: only then is a warm runtime worth its CPU. */
async function usesModels(datasetId: string): Promise<boolean> {
  for (const kind of [TEACHER_RUN, EMBED_RUN]) if ((await listRuns(datasetId, kind)).length > 0) return true;
  return false;
}

/**
 * Warms the runtime once the page has been idle for a moment after `delayMs` (a dataset that is only
 * passed through costs nothing), on a dataset where models have run (the Teachers tab warms it on any
 * other); returns a cancel for when the dataset closes first.
 */
export function warmWhenIdle(datasetId: string, delayMs: number): () => void {
  let cancelled = false;
  const go = () =>
    void usesModels(datasetId)
      .then((yes) => (yes && !cancelled ? warmTeacherRuntime() : undefined))
      .catch(() => undefined);
  let idle: number | null = null;
  const timer = setTimeout(() => {
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(go, { timeout: 5_000 });
    else go();
  }, delayMs);
  return () => {
    cancelled = true;
    clearTimeout(timer);
    if (idle !== null) cancelIdleCallback(idle);
  };
}
