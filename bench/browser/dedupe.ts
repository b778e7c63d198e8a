import type { DedupeMessage, DedupeWorkerResult } from './dedupe.worker';

/**
 * One dedupe in a fresh dedicated worker: generate the texts there, then reset the renderer's
 * peak-memory mark and read its CPU time, dedupe, and read both again, so the CPU time does not count
 * generation. The renderer's resident memory before generating is the baseline of the absolute peak:
 * V8 reuses the heap that generating left free, so the rise over the RSS after generating can read 0.
 */
async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const worker = new Worker(new URL('./dedupe.worker.ts', import.meta.url), { type: 'module' });
  const ask = <T>(message: DedupeMessage) =>
    new Promise<T>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<{ ok: true; result: T } | { ok: false; message: string }>) => (event.data.ok ? resolve(event.data.result) : reject(new Error(event.data.message)));
      worker.onerror = (event) => reject(new Error(event.message || 'the worker failed'));
      worker.postMessage(message);
    });
  const rssBeforeTexts = await window.benchMemory('rss');
  const { chars } = await ask<{ chars: number }>({ step: 'generate', count: Number(query.get('texts')), seed: Number(query.get('seed')) });
  await window.benchMemory('reset');
  const rssWithTexts = await window.benchMemory('rss');
  const cpuBefore = await window.benchCpu();
  const result = await ask<DedupeWorkerResult>({ step: 'dedupe', threshold: Number(query.get('threshold')) });
  const cpuAfter = await window.benchCpu();
  const peak = await window.benchMemory('peak');
  const hwm = await window.benchMemory('hwm');
  worker.terminate();
  await window.benchDone({ userAgent: navigator.userAgent, chars, result, cpu_seconds: cpuAfter - cpuBefore, peak_bytes: peak, rss_before_texts: rssBeforeTexts, rss_with_texts: rssWithTexts, hwm_bytes: hwm });
}

main().catch((error) => window.benchFail(error instanceof Error ? error.message : String(error)));
