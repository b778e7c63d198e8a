// The scan thread of a split keyword scan (scan-split.ts): builds the same KeywordScanners as the Node
// thread from the same tests, then answers each request synchronously from shared memory.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { KeywordScanner } from '../../core/sql/keyword-scan';
import { Slot, type ScanBuffers, type ScanThreadData, type ScanThreadStart } from './scan-shared';

const { control, port, tests, buffers } = workerData as ScanThreadData;
const ctl = new Int32Array(control);
let bytes: Uint8Array = new Uint8Array(0);
let table: Int32Array = new Int32Array(0);
let capacity = 0;

function use(next: ScanBuffers): void {
  bytes = new Uint8Array(next.bytes);
  table = new Int32Array(next.table);
  capacity = next.capacity;
}

function serve(scanners: KeywordScanner[]): void {
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, Slot.request, seen);
    if (Atomics.load(ctl, Slot.stop)) return;
    seen = Atomics.load(ctl, Slot.request);
    // The Node thread posts larger buffers before the request that needs them.
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) use(message.message as ScanBuffers);
    const which = ctl[Slot.scan];
    const scanner = scanners[which];
    if (!scanner) throw new Error(`asked for scan function ${which}, but it has ${scanners.length}`);
    const rows = ctl[Slot.rows];
    if (rows > capacity) throw new Error(`asked for ${rows} rows, but its buffers hold ${capacity}`);
    for (let r = 0, ends = capacity, masks = 2 * capacity; r < rows; r++) table[masks + r] = scanner.scanRange(bytes, table[r], table[ends + r]);
    Atomics.store(ctl, Slot.done, seen);
    Atomics.notify(ctl, Slot.done);
  }
}

try {
  use(buffers);
  const scanners = tests.map((t) => new KeywordScanner(t));
  parentPort!.postMessage({ ready: true } satisfies ScanThreadStart);
  serve(scanners);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  // The message first: the Node thread reads it as soon as it sees `failed`.
  port.postMessage(message);
  parentPort!.postMessage({ error: message } satisfies ScanThreadStart);
  Atomics.store(ctl, Slot.failed, 1);
  Atomics.notify(ctl, Slot.done);
}
