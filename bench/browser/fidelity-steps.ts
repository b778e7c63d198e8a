import type { StepMark, StepsRequest, StepsResult } from './fidelity-steps.worker';

/**
 * Where the fidelity report's memory goes: one fresh worker runs the report's steps in turn on the
 * profile bench's two tables; the renderer's peak-memory mark is reset once, after generation, and
 * read after each step, so each step's rise of the peak is its share.
 */
function run(request: StepsRequest): Promise<StepsResult & { marks: Record<string, { peak_bytes: number; rss_bytes: number }> }> {
  const worker = new Worker(new URL('./fidelity-steps.worker.ts', import.meta.url), { type: 'module' });
  const marks: Record<string, { peak_bytes: number; rss_bytes: number }> = {};
  let rss0 = 0;
  return new Promise((resolve, reject) => {
    worker.onmessage = async (event: MessageEvent<StepMark | { ok: true; result: StepsResult } | { ok: false; message: string }>) => {
      const data = event.data;
      if ('mark' in data) {
        if (data.mark === 'start') {
          await window.benchMemory('reset');
          rss0 = await window.benchMemory('rss');
        } else {
          marks[data.mark] = { peak_bytes: (await window.benchMemory('hwm')) - rss0, rss_bytes: (await window.benchMemory('rss')) - rss0 };
        }
        worker.postMessage('marked');
        return;
      }
      worker.terminate();
      if (data.ok) resolve({ ...data.result, marks });
      else reject(new Error(data.message));
    };
    worker.onerror = (event) => (worker.terminate(), reject(new Error(event.message || 'the worker failed')));
    worker.postMessage(request);
  });
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const rows = Number(query.get('rows'));
  const seed = Number(query.get('seed'));
  await window.benchDone({ userAgent: navigator.userAgent, steps: await run({ rows, seed }) });
}

main().catch((error) => window.benchFail(error instanceof Error ? error.message : String(error)));
