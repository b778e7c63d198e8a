/**
 * The sandbox for one JavaScript labeling function (see lf-sandbox-host.ts). It compiles user source
 * with the Function constructor, so this worker (and only this worker) needs 'unsafe-eval' in its CSP;
 * the page does not. Before any user code runs, the global scope loses its network, storage, resource
 * loading, messaging, timers and code generation (see lf-sandbox-lockdown.ts). User code may loop
 * forever: the page's watchdog reads the step/item this worker publishes into a SharedArrayBuffer and
 * terminates it.
 */
import type { FunctionFactory } from '../src/core/lf/js-lf';
import { lfSandboxHost } from './lf-sandbox-host';
import { BLOCKED_GLOBALS, blockFunctionConstructors, freezeMessageHandler, parentMessageReader, removeGlobals } from './lf-sandbox-lockdown';

export type { LfSandboxApi, LfSandboxRunArgs } from './lf-sandbox-host';

const scope = self as unknown as { onmessage: unknown; postMessage(message: unknown): void };
// Everything the host uses from the scope is taken now, before the lockdown and before user code.
const postMessage = scope.postMessage.bind(scope);
const setTimer = setTimeout.bind(self);
let stillReachable: readonly string[] = ['the lockdown'];

scope.onmessage = lfSandboxHost({
  compile: Function as unknown as FunctionFactory,
  post: (message) => postMessage(message),
  later: (task) => setTimer(task, 0),
  parentMessage: parentMessageReader(),
  now: performance.now.bind(performance),
  stillReachable: () => stillReachable,
});
freezeMessageHandler(scope);
blockFunctionConstructors();
stillReachable = removeGlobals(self, BLOCKED_GLOBALS);
