import { describe, expect, it } from 'vitest';
import { WorkerClient } from './client';
import type { FromWorker, ToWorker } from './protocol';

/** A stand-in for a dedicated worker: what it answers to an abort is the behaviour under test. */
class ScriptedWorker {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(private readonly onAbort: (id: number, reply: (m: FromWorker) => void) => void) {}
  postMessage(message: ToWorker): void {
    const reply = (m: FromWorker) => setTimeout(() => !this.terminated && this.onmessage?.({ data: m } as MessageEvent<FromWorker>), 0);
    if (message.kind === 'abort') this.onAbort(message.id, reply);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const GRACE_MS = 20;

function clientWith(worker: ScriptedWorker) {
  return new WorkerClient<{ slow: (args: null) => Promise<void> }>(() => worker as unknown as Worker, 60_000, GRACE_MS);
}

describe('cancelling a worker call', () => {
  it('lets a worker that answered the abort finish its cleanup, however long past the grace period', async () => {
    const worker = new ScriptedWorker((id, reply) => {
      reply({ kind: 'aborting', id });
      // Cleanup (deleting a half-import) takes five grace periods.
      setTimeout(() => reply({ kind: 'error', id, error: { name: 'AbortError', message: 'Import cancelled: nothing was kept.' } }), GRACE_MS * 5);
    });
    const controller = new AbortController();
    const call = clientWith(worker).call('slow', null, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toThrow('Import cancelled: nothing was kept.');
    expect(worker.terminated).toBe(false);
  });

  it('stops a worker that never answers (a synchronous loop) after the grace period', async () => {
    const worker = new ScriptedWorker(() => {});
    const controller = new AbortController();
    const call = clientWith(worker).call('slow', null, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toThrow('cancelled (its worker did not stop in time and was shut down)');
    expect(worker.terminated).toBe(true);
  });

  it('stops even an answering worker whose cleanup never ends, after twenty grace periods', async () => {
    const worker = new ScriptedWorker((id, reply) => reply({ kind: 'aborting', id }));
    const controller = new AbortController();
    const started = Date.now();
    const call = clientWith(worker).call('slow', null, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toThrow('cancelled (its worker did not stop in time and was shut down)');
    expect(worker.terminated).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(GRACE_MS * 20 - 5);
  });
});
