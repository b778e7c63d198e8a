import type { DedupeMessage, DedupeWorkerResult } from './dedupe.worker';

/**
 * One dedupe in a fresh dedicated worker that generates the texts itself, chunk by chunk, for each of
 * the two passes: the renderer's peak memory and CPU time cover everything the dedupe of 1M texts
 * needs, generating them included. Then one generation pass alone, to tell its share.
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
  const message = { count: Number(query.get('texts')), seed: Number(query.get('seed')), threshold: Number(query.get('threshold')) };
  const rssBefore = await window.benchMemory('rss');
  await window.benchMemory('reset');
  let cpu = await window.benchCpu();
  const result = await ask<DedupeWorkerResult>({ step: 'dedupe', ...message });
  const cpuSeconds = (await window.benchCpu()) - cpu;
  const hwm = await window.benchMemory('hwm');
  cpu = await window.benchCpu();
  const generation = await ask<{ ms: number; chars: number }>({ step: 'generate', ...message });
  const generationCpuSeconds = (await window.benchCpu()) - cpu;
  worker.terminate();
  await window.benchDone({ userAgent: navigator.userAgent, chars: generation.chars, result, cpu_seconds: cpuSeconds, rss_before: rssBefore, hwm_bytes: hwm, generation: { ms: generation.ms, cpu_seconds: generationCpuSeconds } });
}

main().catch((error) => window.benchFail(error instanceof Error ? error.message : String(error)));
