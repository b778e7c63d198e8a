/**
 * The sandbox for JavaScript labeling functions. It compiles user source with the Function constructor,
 * so this worker (and only this worker) needs 'unsafe-eval' in its CSP; the page does not. Before any
 * user code runs, the global scope loses its network, storage, messaging and code-generation APIs
 * (see lf-sandbox-lockdown.ts). User code is synchronous and may loop forever: the page's watchdog
 * reads the step/item this worker publishes into a SharedArrayBuffer and terminates it.
 */
import { SiftError } from '../src/core/errors';
import { compileJsLfs, JsCell, runJsLfs, type FunctionFactory, type JsItemChunk, type JsLfFunction } from '../src/core/lf/js-lf';
import type { JsLfDef } from '../src/core/lf/types';
import { expose } from './bridge/expose';
import { transfer, type TaskContext } from './bridge/protocol';
import { BLOCKED_GLOBALS, blockFunctionConstructors, freezeMessageHandler, removeGlobals } from './lf-sandbox-lockdown';

export interface LfSandboxRunArgs {
  lfs: JsLfDef[];
  chunk: JsItemChunk;
  classCount: number;
  timeLimitMs: number;
  /** Int32Array(JsCell.length) over shared memory, read by the page's watchdog. */
  cell: SharedArrayBuffer;
}

// Captured before the lockdown: the sandbox compiles with it, user code can no longer reach it.
const makeFunction = Function as unknown as FunctionFactory;
// Likewise: a patched global Int32Array would hand the next run's shared cell to user code.
const SharedCell = Int32Array;
const compiled = new Map<string, JsLfFunction>();

const api = {
  run(args: LfSandboxRunArgs, ctx: TaskContext): Int8Array {
    if (stillReachable.length > 0) {
      throw new SiftError('lf-sandbox', `The LF sandbox could not remove ${stillReachable.join(', ')} from its scope, so it will not run user code`, { stillReachable });
    }
    const cell = new SharedCell(args.cell);
    if (cell.length !== JsCell.length) throw new SiftError('lf-sandbox', `The sandbox cell must hold ${JsCell.length} integers`, {});
    const lfs = compileJsLfs(args.lfs, makeFunction, cell, compiled);
    const votes = runJsLfs(lfs, args.chunk, { classCount: args.classCount, timeLimitMs: args.timeLimitMs, cell });
    ctx.progress({ done: args.chunk.text.length, total: args.chunk.text.length, unit: 'items' });
    return transfer(votes, [votes.buffer]);
  },
};
export type LfSandboxApi = typeof api;

expose(api);
const scope = self as unknown as { onmessage: unknown };
freezeMessageHandler(scope);
blockFunctionConstructors();
const stillReachable = removeGlobals(self, BLOCKED_GLOBALS);
