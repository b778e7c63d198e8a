import { signal } from '@preact/signals';
import type { Progress } from '../../../workers/bridge/protocol';
import { isAbort } from '../../core/errors';
import { isQuotaError, storageFullError } from '../../data/storage';
import { currentScope, say } from './messages';

/** A long-running piece of work the user sees (progress bar, Cancel). */
export interface RunningTask {
  id: number;
  title: string;
  startedAt: number;
  progress: Progress | null;
  cancel: () => void;
}

export const tasks = signal<RunningTask[]>([]);
export { dismiss, messages, say } from './messages';

let nextId = 1;

/**
 * Runs `work` as a visible task. The work receives an AbortSignal wired to the task's Cancel button and
 * a progress callback; a cancel is reported as info, any other failure as an error message.
 */
export async function runTask<T>(
  title: string,
  work: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<T>,
): Promise<T | undefined> {
  const controller = new AbortController();
  // The outcome belongs to the page the task was started from, even if the user has moved on since.
  const scope = currentScope();
  const id = nextId++;
  const task: RunningTask = { id, title, startedAt: performance.now(), progress: null, cancel: () => controller.abort() };
  tasks.value = [...tasks.value, task];
  const update = (progress: Progress) => {
    tasks.value = tasks.value.map((t) => (t.id === id ? { ...t, progress } : t));
  };
  try {
    return await work(controller.signal, update);
  } catch (error) {
    // A full disk often arrives as an AbortError of the transaction: it is no Cancel.
    if (isAbort(error) && !isQuotaError(error)) say('info', `${title}: ${error instanceof Error && error.message !== 'Cancelled' ? error.message : 'cancelled.'}`, { scope });
    else await sayWriteError(title, error, 'Nothing more was saved.', scope);
    return undefined;
  } finally {
    tasks.value = tasks.value.filter((t) => t.id !== id);
  }
}

/**
 * Shows why a store write failed: a full disk with the numbers and what to do (its own message names
 * no task, hence `title`), anything else by its own message, which already says what failed.
 */
export async function sayWriteError(title: string, error: unknown, kept: string, scope = currentScope()): Promise<void> {
  if (isQuotaError(error)) say('error', `${title}: ${(await storageFullError(kept)).message}`, { scope });
  else say('error', error instanceof Error ? error.message : String(error), { scope });
}
