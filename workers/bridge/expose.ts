import { SiftError } from '../../src/core/errors';
import { isQuotaError, storageFullError } from '../../src/data/storage';
import { Transfer, type Api, type FromWorker, type SerializedError, type ToWorker } from './protocol';

export function serialize(error: unknown): SerializedError {
  if (error instanceof SiftError) {
    return { name: error.name, message: error.message, code: error.code, details: error.details, stack: error.stack };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** The parts of DedicatedWorkerGlobalScope used here (the project type-checks against the DOM lib). */
interface WorkerScope {
  name?: string;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer: Transferable[]): void;
}

/**
 * Serves `api` from inside a worker. Calls may overlap (the page queues them per worker, but an abort
 * message must get through while a task awaits), so each call owns its AbortController.
 */
export function expose(api: Api): void {
  const scope = self as unknown as WorkerScope;
  // ORT's pthread workers load this same module; they must not take over its message handler.
  if (scope.name?.startsWith('em-pthread')) return;
  const running = new Map<number, AbortController>();
  // Bound now: the LF sandbox deletes postMessage from its global scope once expose() has run.
  const postMessage = scope.postMessage.bind(scope);
  const post = (message: FromWorker, transferList: Transferable[] = []) => postMessage(message, transferList);

  scope.onmessage = async (event: MessageEvent<ToWorker>) => {
    const message = event.data;
    if (message.kind === 'abort') {
      const controller = running.get(message.id);
      if (controller) {
        controller.abort();
        post({ kind: 'aborting', id: message.id });
      }
      return;
    }
    const handler = api[message.method];
    const { id } = message;
    if (!handler) {
      post({ kind: 'error', id, error: { name: 'Error', message: `Worker has no method "${message.method}"` } });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const value = await handler(message.args, {
        signal: controller.signal,
        progress: (progress) => post({ kind: 'progress', id, progress }),
      });
      if (value instanceof Transfer) post({ kind: 'result', id, value: value.value }, value.transfer);
      else post({ kind: 'result', id, value });
    } catch (error) {
      // A full disk surfaces as whatever write hit it first; every task reports it the same way.
      const reported = isQuotaError(error) ? await storageFullError('The task stopped before it finished.') : error;
      post({ kind: 'error', id, error: serialize(reported) });
    } finally {
      running.delete(id);
    }
  };
}
