import { SiftError } from '../src/core/errors';
import { CELL_IDLE, CELL_SETTLING, compileJsLfs, JsCell, runJsLfs, type CompiledJsLf, type FunctionFactory, type JsItemChunk } from '../src/core/lf/js-lf';
import type { JsLfDef } from '../src/core/lf/types';
import { serialize } from './bridge/expose';
import type { FromWorker, ToWorker } from './bridge/protocol';

export interface LfSandboxRunArgs {
  /** First call only: the one LF this sandbox serves, and the shared cell the page's watchdog reads. */
  lf?: JsLfDef;
  cell?: SharedArrayBuffer;
  chunk: JsItemChunk;
  classCount: number;
  timeLimitMs: number;
}

/** The page's side of the protocol, as a type: `run` answers one chunk's votes (one per item). */
export interface LfSandboxApi {
  run(args: LfSandboxRunArgs): Int8Array;
}

/** What the host needs from its worker, each captured before any user code ran. */
export interface LfSandboxHostDeps {
  /** The Function constructor; used once, for the LF's source, then dropped. */
  compile: FunctionFactory;
  post(message: FromWorker): void;
  /** Runs `task` as a new task, once every promise job queued before it has run. */
  later(task: () => void): void;
  /** The data of a message the page really sent, or undefined for anything else (a forged event). */
  parentMessage(event: unknown): unknown;
  now(): number;
  /** Names the lockdown could not remove; non-empty means the host refuses to run user code. */
  stillReachable(): readonly string[];
}

// Captured when this module loads, before user code can replace them.
const { store, add } = Atomics;
const SharedCell = Int32Array;

function asyncError(def: JsLfDef, ms: number, limitMs: number): SiftError {
  return new SiftError(
    'lf-timeout',
    `JS LF "${def.name || def.id}" left asynchronous work (a promise or other callback) that took ${Math.round(ms)} ms; the limit is ${limitMs} ms; LFs must be synchronous`,
    { lfId: def.id, elapsedMs: ms, async: true },
  );
}

/**
 * The message handler of the sandbox worker. One worker serves one LF for one apply: the first call
 * compiles it, and the Function constructor is dropped before its source is evaluated, so nothing that
 * runs afterwards (user code, or a message user code forged) can turn a string into code. Messages the
 * page did not send are ignored. After the items, the reply waits for a new task so that promise jobs
 * the LF left behind run first, under the watchdog (the cell says SETTLING) and timed here.
 */
export function lfSandboxHost(deps: LfSandboxHostDeps): (event: unknown) => void {
  let compile: FunctionFactory | null = deps.compile;
  let held: { lf: CompiledJsLf; cell: Int32Array } | null = null;
  let busy = false;
  const { post, later, now } = deps;

  const take = (args: LfSandboxRunArgs): { lf: CompiledJsLf; cell: Int32Array } => {
    const reachable = deps.stillReachable();
    if (reachable.length > 0) {
      throw new SiftError('lf-sandbox', `The LF sandbox could not remove ${reachable.join(', ')} from its scope, so it will not run user code`, { stillReachable: [...reachable] });
    }
    if (!args.lf || !(args.cell instanceof SharedArrayBuffer)) throw new SiftError('lf-sandbox', 'The first call to an LF sandbox must name its LF and bring the shared cell', {});
    const cell = new SharedCell(args.cell);
    if (cell.length !== JsCell.length) throw new SiftError('lf-sandbox', `The sandbox cell must hold ${JsCell.length} integers`, {});
    const make = compile;
    compile = null;
    if (!make) throw new SiftError('lf-sandbox', 'This LF sandbox has already compiled code and will not compile more', {});
    const [lf] = compileJsLfs([args.lf], make, cell);
    return { lf, cell };
  };

  return (event: unknown) => {
    const message = deps.parentMessage(event) as ToWorker | undefined;
    // Aborts need no message: the page sets the cell's abort slot, read before every item.
    if (!message || typeof message !== 'object' || message.kind !== 'call') return;
    const { id } = message;
    if (busy) {
      post({ kind: 'error', id, error: { name: 'Error', message: 'The LF sandbox is still busy with the previous chunk' } });
      return;
    }
    busy = true;
    let reply: FromWorker;
    const args = message.args as LfSandboxRunArgs;
    try {
      if (held && (args.lf || args.cell)) throw new SiftError('lf-sandbox', `This LF sandbox already holds JS LF "${held.lf.def.name || held.lf.def.id}"; another LF needs a sandbox of its own`, {});
      held ??= take(args);
      reply = { kind: 'result', id, value: runJsLfs([held.lf], args.chunk, { classCount: args.classCount, timeLimitMs: args.timeLimitMs, cell: held.cell }) };
    } catch (error) {
      reply = { kind: 'error', id, error: serialize(error) };
    }
    const cell = held?.cell;
    if (cell) {
      store(cell, JsCell.item, CELL_SETTLING);
      add(cell, JsCell.step, 1);
    }
    const settling = now();
    later(() => {
      const ms = now() - settling;
      if (cell) store(cell, JsCell.item, CELL_IDLE);
      if (held && reply.kind === 'result' && ms > args.timeLimitMs) reply = { kind: 'error', id, error: serialize(asyncError(held.lf.def, ms, args.timeLimitMs)) };
      busy = false;
      post(reply);
    });
  };
}
