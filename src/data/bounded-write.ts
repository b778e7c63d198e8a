import type { Table, Transaction } from 'dexie';
import { SiftError } from '../core/errors';
import { db } from './db';

/**
 * How long a small write the user waits for (saving an LF, toggling it) may take, and how long a
 * longer one (a snapshot, an import's chunk, added rows) may wait for the store to start it.
 * IndexedDB queues a read-write transaction behind every earlier one over the same tables, in any tab
 * or worker, and has no timeout of its own: without a deadline a stuck writer elsewhere turns "Save"
 * into silence. Far above what such a write takes on a loaded machine (milliseconds), so it only fires
 * when the store really does not answer.
 */
export const USER_WRITE_DEADLINE_MS = 15_000;

/** A deadline as the messages write it: "15", "0.3". */
export const deadlineSeconds = (ms: number) => (ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 });

export function storeBusyError(what: string, ms: number, failed: 'finish' | 'start' = 'finish'): SiftError {
  return new SiftError(
    'store/busy',
    `${what} did not ${failed}: the browser's storage did not answer within ${deadlineSeconds(ms)} s (another task or tab is holding it). Nothing was saved; try again, or reload the page if it keeps happening.`,
    { ms },
  );
}

/** True for the error of a bounded write the store did not take in time. */
export const isStoreBusy = (error: unknown): error is SiftError => error instanceof SiftError && error.code === 'store/busy';

/**
 * Runs `work` in one read-write transaction that either finishes or is given up on after `ms`: a
 * transaction still queued then is aborted (so nothing of it is written later) and the caller gets
 * a specific error instead of a promise that never settles. One already committing keeps its outcome.
 */
export function boundedWrite<T>(what: string, tables: Table[], work: () => Promise<T>, ms = USER_WRITE_DEADLINE_MS): Promise<T> {
  return bounded(what, 'rw', tables, work, ms, 'finish');
}

/**
 * Runs `work` in one transaction that must start within `ms`, then runs as long as it takes: for work
 * that may legitimately outlast a deadline (a snapshot of a large dataset, an import) but must not
 * wait forever behind a stuck writer. A transaction starts when IndexedDB grants it its tables, seen
 * as the success of a first cheap request; one not started by then is aborted, writing nothing.
 */
export function startBounded<T>(what: string, mode: 'r' | 'rw', tables: Table[], work: () => Promise<T>, ms = USER_WRITE_DEADLINE_MS): Promise<T> {
  return bounded(what, mode, tables, work, ms, 'start');
}

function bounded<T>(what: string, mode: 'r' | 'rw', tables: Table[], work: () => Promise<T>, ms: number, until: 'finish' | 'start'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let trans: Transaction | null = null;
    let late = false;
    let started = false;
    const timer = setTimeout(() => {
      if (started) return;
      late = true;
      // Finished already: its own outcome is on its way below.
      if (trans && !trans.active) return;
      try {
        trans?.abort();
      } catch {
        // Already committing: IndexedDB decides, and the transaction's own outcome is reported below.
        return;
      }
      reject(storeBusyError(what, ms, until));
    }, ms);
    db()
      // An async scope, not a plain function returning a promise: Dexie keeps its transaction across
      // native awaits only for async functions.
      .transaction(mode, tables, async (tx) => {
        // Started after the deadline (the store was not even open): write nothing.
        if (late) throw storeBusyError(what, ms, until);
        trans = tx;
        if (until === 'start') {
          // Requests run only once the transaction has started, so this one answers when it has.
          await tables[0].limit(1).primaryKeys();
          started = true;
          clearTimeout(timer);
        }
        return await work();
      })
      .then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error) => {
          clearTimeout(timer);
          reject(late ? storeBusyError(what, ms, until) : error);
        },
      );
  });
}

/** A store by name, for code outside src/data, which reaches storage through its functions and never holds the handle. */
export type StoreName = 'datasets' | 'chunks' | 'columns' | 'columnCatalog' | 'labelEvents' | 'sources' | 'runs';

/**
 * startBounded for a read by workers: `work` reads through src/data functions as usual, inside one
 * read transaction over `stores` that the store must start within `ms`.
 */
export function startBoundedRead<T>(what: string, stores: readonly StoreName[], work: () => Promise<T>, ms = USER_WRITE_DEADLINE_MS): Promise<T> {
  const d = db();
  return startBounded(what, 'r', stores.map((name) => d.table(name)), work, ms);
}
