import { signal } from '@preact/signals';
import type { Progress } from '../../../workers/bridge/protocol';
import { isAbort } from '../../core/errors';
import { isQuotaError, storageFullError } from '../../data/storage';

/** A long-running piece of work the user sees (progress bar, Cancel). */
export interface RunningTask {
  id: number;
  title: string;
  startedAt: number;
  progress: Progress | null;
  cancel: () => void;
}

export const tasks = signal<RunningTask[]>([]);
/** Errors and notices shown at the top of the page until dismissed. */
export const messages = signal<{ id: number; kind: 'error' | 'info'; text: string }[]>([]);

let nextId = 1;

export function say(kind: 'error' | 'info', text: string): void {
  messages.value = [...messages.value, { id: nextId++, kind, text }];
}

export function dismiss(id: number): void {
  messages.value = messages.value.filter((m) => m.id !== id);
}

/**
 * Runs `work` as a visible task. The work receives an AbortSignal wired to the task's Cancel button and
 * a progress callback; a cancel is reported as info, any other failure as an error message.
 */
export async function runTask<T>(
  title: string,
  work: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<T>,
): Promise<T | undefined> {
  const controller = new AbortController();
  const id = nextId++;
  const task: RunningTask = { id, title, startedAt: performance.now(), progress: null, cancel: () => controller.abort() };
  tasks.value = [...tasks.value, task];
  const update = (progress: Progress) => {
    tasks.value = tasks.value.map((t) => (t.id === id ? { ...t, progress } : t));
  };
  try {
    return await work(controller.signal, update);
  } catch (error) {
    if (isQuotaError(error)) say('error', `${title}: ${(await storageFullError('Nothing more was saved.')).message}`);
    else if (isAbort(error)) say('info', `${title}: ${error instanceof Error && error.message !== 'Cancelled' ? error.message : 'cancelled.'}`);
    else say('error', error instanceof Error ? error.message : String(error));
    return undefined;
  } finally {
    tasks.value = tasks.value.filter((t) => t.id !== id);
  }
}
