/**
 * What user code in the LF sandbox must not reach: every way out of the worker (network, storage that
 * outlives it, other workers, messages to the page) and every way to turn a string into code after the
 * sandbox compiled the LFs (eval, Function, string timers), since code built at run time would escape
 * the source check for `import`. Timers go too: work an LF schedules for later is work the per-item time
 * limit would not see.
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
  'requestAnimationFrame',
  'scheduler',
  'eval',
  'Function',
  // Resource loaders: each can put item text into a URL. The worker's CSP blocks the request too, but a
  // sandbox served without that header (a static host that ignores it) must hold on its own.
  'FontFace',
  'fonts',
  'WebAssembly',
  'Notification',
  'webkitRequestFileSystemSync',
  'webkitResolveLocalFileSystemURL',
  'webkitResolveLocalFileSystemSyncURL',
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

/**
 * Reads a message event the way the sandbox's handler must: only a real MessageEvent that the browser
 * delivered (isTrusted) from the parent (a dedicated worker's messages have no source) counts, so an
 * event user code made and dispatched, or an object it passed to the handler itself, is ignored. The
 * platform's getters are taken now and applied directly: their brand checks throw for a plain object
 * or a Proxy, and user code cannot patch what they read.
 */
export function parentMessageReader(): (event: unknown) => unknown {
  const apply = Reflect.apply;
  const getter = (object: object, name: string) => Object.getOwnPropertyDescriptor(object, name)?.get;
  const data = getter(MessageEvent.prototype, 'data');
  const source = getter(MessageEvent.prototype, 'source');
  const trusted = getter(new Event('probe'), 'isTrusted') ?? getter(Event.prototype, 'isTrusted');
  if (!data || !source || !trusted) throw new Error('The LF sandbox cannot tell real messages from forged ones here (no MessageEvent getters)');
  return (event) => {
    try {
      if (apply(trusted, event, []) !== true || apply(source, event, []) !== null) return undefined;
      return apply(data, event, []);
    } catch {
      return undefined;
    }
  };
}
