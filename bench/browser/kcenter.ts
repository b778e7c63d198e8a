import type { KCenterMessage, KCenterWorkerResult } from './kcenter.worker';

/** k-center in a dedicated worker, on one thread and then on two, CPU of the whole renderer around each. */
async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const worker = new Worker(new URL('./kcenter.worker.ts', import.meta.url), { type: 'module' });
  const ask = (message: KCenterMessage) =>
    new Promise<KCenterWorkerResult>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<{ ok: true; result: KCenterWorkerResult } | { ok: false; message: string }>) => (event.data.ok ? resolve(event.data.result) : reject(new Error(event.data.message)));
      worker.onerror = (event) => reject(new Error(event.message || 'the worker failed'));
      worker.postMessage(message);
    });
  const base = { items: Number(query.get('items')), dim: Number(query.get('dim')), picks: Number(query.get('picks')), sample: Number(query.get('sample')), seed: Number(query.get('seed')) };
  // Generating the vectors once, outside the timed runs (the app reads them from storage first).
  await ask({ ...base, picks: 1, threads: 1 });
  const runs = [];
  for (const threads of (query.get('threads') ?? '1,2').split(',').map(Number)) {
    const cpu = await window.benchCpu();
    const result = await ask({ ...base, threads });
    runs.push({ threads, ...result, cpu_seconds: (await window.benchCpu()) - cpu });
  }
  worker.terminate();
  await window.benchDone({ userAgent: navigator.userAgent, runs });
}

main().catch((error) => window.benchFail(error instanceof Error ? error.message : String(error)));
