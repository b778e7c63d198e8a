// bench/dedupe.ts's Node measurement in a dedicated worker, as the app's weak worker runs dedupe: the
// same seeded texts and the same core call. Generating the texts is not timed.
import { dedupeTexts } from '../../src/core/curation/dedupe';
import { syntheticTexts } from '../lib/synthetic-texts';

export type DedupeMessage = { step: 'generate'; count: number; seed: number } | { step: 'dedupe'; threshold: number };

export interface DedupeWorkerResult {
  ms: number;
  pairs: number;
  clusters: number;
  candidates: number;
  bands: number;
  rows: number;
}

let texts: string[] = [];

self.onmessage = (event: MessageEvent<DedupeMessage>) => {
  try {
    if (event.data.step === 'generate') {
      texts = syntheticTexts(event.data.count, event.data.seed);
      self.postMessage({ ok: true, result: { chars: texts.reduce((a, t) => a + t.length, 0) } });
      return;
    }
    const started = performance.now();
    const result = dedupeTexts(texts, { threshold: event.data.threshold });
    const ms = performance.now() - started;
    self.postMessage({ ok: true, result: { ms, pairs: result.pairs.length, clusters: result.clusters.length, candidates: result.candidates, bands: result.bands, rows: result.rows } satisfies DedupeWorkerResult });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
