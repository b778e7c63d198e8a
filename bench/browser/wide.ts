import type { WideRequest, WideResult, WideStep } from './wide.worker';

/**
 * The wide-table bench: one dedicated worker runs generate → preview → import → profile → fidelity →
 * drift in turn; around each step the page notes the CPU time of the browser's processes and the
 * renderer's peak memory.
 */
const worker = new Worker(new URL('./wide.worker.ts', import.meta.url), { type: 'module' });

function send(request: WideRequest): Promise<WideResult> {
  return new Promise<WideResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ ok: true; result: WideResult } | { ok: false; message: string }>) => (event.data.ok ? resolve(event.data.result) : reject(new Error(event.data.message)));
    worker.onerror = (event) => reject(new Error(event.message || 'the worker failed'));
    worker.postMessage(request);
  });
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const rows = Number(query.get('rows'));
  const columns = Number(query.get('columns'));
  const results: Record<string, WideResult & { cpu_ms: number; peak_bytes: number }> = {};
  for (const step of ['generate', 'preview', 'import', 'profile', 'fidelity', 'drift'] as WideStep[]) {
    await window.benchMemory('reset');
    const cpu = await window.benchCpuAll();
    const result = await send({ step, rows, columns });
    results[step] = { ...result, cpu_ms: (await window.benchCpuAll()) - cpu, peak_bytes: await window.benchMemory('peak') };
  }
  await window.benchDone({ userAgent: navigator.userAgent, results });
}

main().catch((error) => window.benchFail(error instanceof Error ? error.message : String(error)));
