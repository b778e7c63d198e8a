/**
 * What user code in the LF sandbox must not reach: every way out of the worker (network, storage that
 * outlives it, other workers, messages to the page) and every way to turn a string into code after the
 * sandbox compiled the LFs (eval, Function, string timers), since code built at run time would escape
 * the source check for `import`.
 */
export const BLOCKED_GLOBALS = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'importScripts',
  'indexedDB',
  'caches',
  'navigator',
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'MessageChannel',
  'postMessage',
  'close',
  'requestFileSystem',
  'webkitRequestFileSystem',
  'setTimeout',
  'setInterval',
  'eval',
  'Function',
] as const;

function blockedProperty(name: string): PropertyDescriptor {
  return {
    get() {
      throw new Error(`${name} is not available to labeling functions`);
    },
    configurable: false,
  };
}

/**
 * Removes `names` from `scope` and from every object on its prototype chain (Web IDL puts a global's
 * members on the global itself, but EventTarget methods and some engines' members live on prototypes).
 * A member that cannot be deleted is shadowed on `scope` by a getter that throws. Returns the names
 * still readable afterwards (empty when the lockdown worked), for the caller to refuse to run.
 */
export function removeGlobals(scope: object, names: readonly string[] = BLOCKED_GLOBALS): string[] {
  for (const name of names) {
    for (let holder: object | null = scope; holder; holder = Object.getPrototypeOf(holder)) {
      if (Object.prototype.hasOwnProperty.call(holder, name)) Reflect.deleteProperty(holder, name);
    }
    if (name in scope) Reflect.defineProperty(scope, name, blockedProperty(name));
  }
  return names.filter((name) => {
    try {
      return (scope as Record<string, unknown>)[name] !== undefined;
    } catch {
      return false;
    }
  });
}

/**
 * `(() => {}).constructor` is Function even with the global gone, and likewise for async and generator
 * functions: point their `constructor` at a function that refuses, so no string becomes code.
 */
export function blockFunctionConstructors(): void {
  const refuse = function constructor(): never {
    throw new Error('Creating functions from strings is not available to labeling functions');
  };
  const prototypes = [
    Function.prototype,
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
  ];
  for (const prototype of prototypes) Object.defineProperty(prototype, 'constructor', { value: refuse, writable: false, configurable: false });
}

/** Keeps the handler the bridge installed: user code must not take over the worker's messages. */
export function freezeMessageHandler(scope: { onmessage: unknown }): void {
  Object.defineProperty(scope, 'onmessage', { value: scope.onmessage, writable: false, configurable: false });
}
