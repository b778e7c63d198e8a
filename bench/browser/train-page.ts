// Starts the benchmark worker with the page's query (?n=&dim=&budget=) and publishes its result.
const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' });
const status = document.getElementById('status')!;
const page = window as unknown as { benchResult?: unknown; benchError?: string };
worker.onmessage = (event: MessageEvent<{ kind: 'progress' | 'done' | 'error'; value: unknown }>) => {
  if (event.data.kind === 'progress') status.textContent = String(event.data.value);
  else if (event.data.kind === 'done') page.benchResult = event.data.value;
  else page.benchError = String(event.data.value);
};
worker.postMessage({ n: Number(params.get('n') ?? 100_000), dim: Number(params.get('dim') ?? 16_384), budget: Number(params.get('budget') ?? 20_000), calibration: Number(params.get('calibration') ?? 1_000_000) });
