// bench/dedupe.ts's measurement in a dedicated worker, as the app's weak worker runs dedupe: the
// same seeded texts, generated here chunk by chunk for each pass (as the app reads its chunks from
// IndexedDB twice), never all held at once.
import { dedupeTextChunks } from '../../src/core/curation/dedupe';
import { syntheticTextChunks } from '../lib/synthetic-texts';

export type DedupeMessage = { step: 'dedupe' | 'generate'; count: number; seed: number; threshold: number };

export interface DedupeWorkerResult {
  ms: number;
  pairs: number;
  clusters: number;
  candidates: number;
  bands: number;
  rows: number;
  chars: number;
}

const CHUNK = 8192;

self.onmessage = async (event: MessageEvent<DedupeMessage>) => {
  try {
    const { step, count, seed, threshold } = event.data;
    const started = performance.now();
    if (step === 'generate') {
      // One pass of generation alone, to tell the generator's share of the dedupe's time.
      let chars = 0;
      for (const chunk of syntheticTextChunks(count, seed, CHUNK)) for (const t of chunk) chars += t.length;
      self.postMessage({ ok: true, result: { ms: performance.now() - started, chars } });
      return;
    }
    const result = await dedupeTextChunks(count, () => syntheticTextChunks(count, seed, CHUNK), { threshold });
    const ms = performance.now() - started;
    self.postMessage({ ok: true, result: { ms, pairs: result.pairs.length, clusters: result.clusters.length, candidates: result.candidates, bands: result.bands, rows: result.rows, chars: 0 } satisfies DedupeWorkerResult });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
