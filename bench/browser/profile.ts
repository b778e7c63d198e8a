import type { PhaseRequest, PhaseResult } from './profile.worker';

/**
 * The profile bench's three phases, each in a fresh dedicated worker (as bench/profile.ts gives each a
 * fresh Node process). Peak memory is the renderer's (workers run inside it), reset before each phase,
 * so it includes generating the phase's input.
 */
function runPhase(request: PhaseRequest): Promise<PhaseResult> {
  const worker = new Worker(new URL('./profile.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<PhaseResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ ok: true; result: PhaseResult } | { ok: false; message: string }>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.result);
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the worker failed'));
    };
    worker.postMessage(request);
  });
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const rows = Number(query.get('rows'));
  const fidelityRows = Number(query.get('fidelityRows'));
  const seed = Number(query.get('seed'));
  const results: Record<string, PhaseResult & { peak_bytes: number }> = {};
  for (const phase of ['profile', 'drift', 'fidelity'] as const) {
    await window.benchMemory('reset');
    const result = await runPhase({ phase, rows: phase === 'fidelity' ? fidelityRows : rows, seed });
    results[phase] = { ...result, peak_bytes: await window.benchMemory('peak') };
  }
  await window.benchDone({ userAgent: navigator.userAgent, results });
}

main().catch((error) => window.benchFail(error instanceof Error ? error.message : String(error)));
