import type { MeterRequest, PhaseRequest, PhaseResult } from './profile.worker';

/** A phase's result with what the page measured around its timed work (summed or maxed over the pieces). */
export type MeteredResult = PhaseResult & {
  /** CPU of every renderer thread (the worker, V8's GC helpers, the idle page) during the timed work. */
  cpu_ms: number;
  /** Largest rise of the renderer's peak RSS during one timed piece over its RSS at the piece's start. */
  peak_bytes: number;
  /** That piece's input bytes, to compare the peak with. */
  peak_input_bytes: number;
  /** CPU ms of each timed piece, in order (a column each for profile and drift). */
  cpu_ms_pieces: number[];
};

/**
 * The profile bench's three phases, each in a fresh dedicated worker (as bench/profile.ts gives each a
 * fresh Node process). The worker asks for the meters around each piece of timed work, so CPU time and
 * peak memory leave out generating the input.
 */
function runPhase(request: PhaseRequest): Promise<MeteredResult> {
  const worker = new Worker(new URL('./profile.worker.ts', import.meta.url), { type: 'module' });
  let cpuNs = 0;
  let cpuAtStart = 0;
  let peak = 0;
  let peakInput = 0;
  const pieces: number[] = [];
  return new Promise<MeteredResult>((resolve, reject) => {
    worker.onmessage = async (event: MessageEvent<MeterRequest | { ok: true; result: PhaseResult } | { ok: false; message: string }>) => {
      const data = event.data;
      if ('meter' in data) {
        if (data.meter === 'start') {
          await window.benchMemory('reset');
          cpuAtStart = await window.benchCpuNs();
        } else {
          const used = (await window.benchCpuNs()) - cpuAtStart;
          cpuNs += used;
          pieces.push(Math.round(used / 1e5) / 10);
          const rise = await window.benchMemory('peak');
          if (rise > peak) [peak, peakInput] = [rise, data.inputBytes];
        }
        worker.postMessage('metered');
        return;
      }
      await window.benchWorkerProfileStop?.();
      worker.terminate();
      if (data.ok) resolve({ ...data.result, cpu_ms: cpuNs / 1e6, peak_bytes: peak, peak_input_bytes: peakInput, cpu_ms_pieces: pieces });
      else reject(new Error(data.message));
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
  const only = query.get('phases')?.split(',');
  const results: Record<string, MeteredResult> = {};
  for (const phase of ['profile', 'drift', 'fidelity'] as const) {
    if (only && !only.includes(phase)) continue;
    results[phase] = await runPhase({ phase, rows: phase === 'fidelity' ? fidelityRows : rows, seed });
  }
  await window.benchDone({ userAgent: navigator.userAgent, results });
}

main().catch((error) => window.benchFail(error instanceof Error ? error.message : String(error)));
