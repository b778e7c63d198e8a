import type { MessagePort } from 'node:worker_threads';
import type { ScanTest } from '../../core/sql/keyword-scan';

/**
 * The Int32 slots both threads of a split scan share. The Node thread posts a vector's first part by
 * setting `scan`, `rows`, `doneRows` 0 and `claim`, then bumping `request` and notifying. Both threads
 * then take CHUNK rows at a time by compareExchange on `claim` (the vector's epoch in the high bits, the
 * next row in the low ones), scan them, and add them to `doneRows`; the thread whose add completes the
 * part notifies. A scan thread that throws sets `failed` (its message then waits on the port). `stop`
 * ends the scan thread's loop.
 */
export const Slot = { request: 0, claim: 1, doneRows: 2, scan: 3, rows: 4, failed: 5, stop: 6 } as const;
export const CONTROL_SLOTS = 7;

/** Rows taken per claim: ~30 µs of scanning, so a claim's compareExchange weighs nothing and the last chunk little. */
export const CHUNK = 32;
/** A claim's low bits: the next row; a part holds at most MAX_PART rows, so the row plus a chunk never reaches the epoch bits. */
export const ROW_BITS = 13;
export const ROW_MASK = (1 << ROW_BITS) - 1;
export const MAX_PART = 4096;
/** The epoch of request `seq` in a claim's high bits. */
export const epochOf = (seq: number): number => seq & (2 ** (32 - ROW_BITS) - 1);
export const claimOf = (seq: number): number => (epochOf(seq) << ROW_BITS) | 0;

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
