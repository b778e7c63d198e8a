import type { MessagePort } from 'node:worker_threads';
import type { ScanTest } from '../../core/sql/keyword-scan';

/**
 * The Int32 slots both threads of a split scan share. The Node thread bumps `request` (after `scan` and
 * `rows`) and notifies; the scan thread answers by storing that number in `done`, or sets `failed` (its
 * message then waits on the port). `stop` ends the scan thread's loop.
 */
export const Slot = { request: 0, done: 1, scan: 2, rows: 3, failed: 4, stop: 5 } as const;
export const CONTROL_SLOTS = 6;

/**
 * The rows the scan thread reads and answers: `bytes` holds their UTF-8 bytes, `table` three Int32 runs
 * of `capacity` each (row r's bytes start at table[r] and end at table[capacity + r]; its mask goes to
 * table[2 * capacity + r]). Replaced by larger ones when a vector needs more; the new ones travel on the port.
 */
export interface ScanBuffers {
  bytes: SharedArrayBuffer;
  table: SharedArrayBuffer;
  capacity: number;
}

export interface ScanThreadData {
  control: SharedArrayBuffer;
  /** Buffers to the scan thread, its error message back; both read with receiveMessageOnPort, never by listeners. */
  port: MessagePort;
  /** Per scan function (CompiledVotes.scans order), the tests its KeywordScanner is built from. */
  tests: ScanTest[][];
  buffers: ScanBuffers;
}

/** What the scan thread posts on its parentPort once its scanners are built, or when it could not build them. */
export type ScanThreadStart = { ready: true } | { error: string };
