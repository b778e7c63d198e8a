// The scan thread of a split keyword scan (scan-split.ts): builds the same KeywordScanners as the Node
// thread from the same tests, then takes rows of each posted part from shared memory until none are left.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { KeywordScanner } from '../../core/sql/keyword-scan';
import { CHUNK, epochOf, ROW_BITS, ROW_MASK, Slot, type ScanBuffers, type ScanThreadData, type ScanThreadStart } from './scan-shared';

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

/** The posted part's scanner, after taking any larger buffers the Node thread posted before it. */
function current(scanners: KeywordScanner[]): KeywordScanner {
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) use(message.message as ScanBuffers);
  const which = ctl[Slot.scan];
  const scanner = scanners[which];
  if (!scanner) throw new Error(`asked for scan function ${which}, but it has ${scanners.length}`);
  if (ctl[Slot.rows] > capacity) throw new Error(`asked for ${ctl[Slot.rows]} rows, but its buffers hold ${capacity}`);
  return scanner;
}

function work(scanners: KeywordScanner[], seq: number): void {
  let scanner = current(scanners);
  let rows = ctl[Slot.rows];
  for (;;) {
    const claim = Atomics.load(ctl, Slot.claim);
    // A part posted after the request this thread woke for: the next loop of serve() takes it.
    if (claim >>> ROW_BITS !== epochOf(seq)) return;
    const row = claim & ROW_MASK;
    if (row >= rows) return;
    if (Atomics.compareExchange(ctl, Slot.claim, claim, claim + CHUNK) !== claim) continue;
    // The Node thread posts nothing new while claimed rows are not done, so the claim is the posted
    // part's; should epochs have wrapped round while this thread slept, that part is read afresh.
    const now = Atomics.load(ctl, Slot.request);
    if (now !== seq) {
      seq = now;
      scanner = current(scanners);
      rows = ctl[Slot.rows];
    }
    const end = Math.min(row + CHUNK, rows);
    for (let r = row, ends = capacity, masks = 2 * capacity; r < end; r++) table[masks + r] = scanner.scanRange(bytes, table[r], table[ends + r]);
    if (Atomics.add(ctl, Slot.doneRows, end - row) + (end - row) === rows) Atomics.notify(ctl, Slot.doneRows);
  }
}

function serve(scanners: KeywordScanner[]): void {
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, Slot.request, seen);
    if (Atomics.load(ctl, Slot.stop)) return;
    seen = Atomics.load(ctl, Slot.request);
    work(scanners, seen);
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
  Atomics.notify(ctl, Slot.doneRows);
}
