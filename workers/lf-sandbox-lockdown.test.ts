import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BLOCKED_GLOBALS, blockFunctionConstructors, freezeMessageHandler, parentMessageReader, removeGlobals } from './lf-sandbox-lockdown';

describe('LF sandbox lockdown', () => {
  it('removes names from the scope and from its prototype chain', () => {
    const proto = { postMessage: () => 'sent', addEventListener: () => {} };
    const scope = Object.assign(Object.create(proto), { fetch: () => 'fetched', WebSocket: class {}, keep: 1 });
    const left = removeGlobals(scope, ['fetch', 'WebSocket', 'postMessage', 'indexedDB']);
    expect(left).toEqual([]);
    expect(scope.fetch).toBeUndefined();
    expect('postMessage' in scope).toBe(false);
    expect(scope.keep).toBe(1);
    expect(scope.addEventListener).toBeTypeOf('function');
  });

  it('shadows a member it cannot delete with a getter that throws, and reports what stays readable', () => {
    const scope = {};
    Object.defineProperty(scope, 'fetch', { value: () => 'fetched', configurable: false, enumerable: true });
    expect(removeGlobals(scope, ['fetch'])).toEqual(['fetch']);
    const proto = {};
    Object.defineProperty(proto, 'fetch', { value: () => 'fetched', configurable: false });
    const child = Object.create(proto);
    expect(removeGlobals(child, ['fetch'])).toEqual([]);
    expect(() => child.fetch).toThrow('fetch is not available to labeling functions');
  });

  it('stops strings from becoming code through function constructors (in a separate realm)', () => {
    const outcome = runInNewContext(`
      (${blockFunctionConstructors.toString()})();
      const attempts = {
        plain: () => (() => {}).constructor('return 1')(),
        async: () => (async () => {}).constructor('return 1'),
        generator: () => (function* () {}).constructor('yield 1'),
        asyncGenerator: () => (async function* () {}).constructor('yield 1'),
      };
      Object.entries(attempts).map(([kind, attempt]) => { try { attempt(); return kind + ': ran'; } catch (e) { return kind + ': ' + e.message; } });
    `);
    expect(outcome).toEqual([
      'plain: Creating functions from strings is not available to labeling functions',
      'async: Creating functions from strings is not available to labeling functions',
      'generator: Creating functions from strings is not available to labeling functions',
      'asyncGenerator: Creating functions from strings is not available to labeling functions',
    ]);
    // This realm keeps its constructors: the lockdown only ever runs inside the sandbox worker.
    expect((() => {}).constructor('return 1')()).toBe(1);
  });

  it('freezes the message handler the bridge installed', () => {
    const handler = () => {};
    const scope: { onmessage: unknown } = { onmessage: handler };
    freezeMessageHandler(scope);
    expect(() => {
      'use strict';
      scope.onmessage = () => {};
    }).toThrow(TypeError);
    expect(scope.onmessage).toBe(handler);
  });

  it('reads only messages the browser delivered: a made-up event, a plain object or a Proxy is not one', () => {
    const read = parentMessageReader();
    const data = { kind: 'call', id: 1, method: 'run', args: {} };
    const made = new MessageEvent('message', { data });
    expect(read(made)).toBeUndefined();
    expect(read({ isTrusted: true, source: null, data })).toBeUndefined();
    expect(read(new Proxy(made, { get: (target, key) => (key === 'isTrusted' ? true : Reflect.get(target, key)) }))).toBeUndefined();
    expect(read(null)).toBeUndefined();
    // A patched prototype changes nothing: the getters were taken when the reader was made.
    const original = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!;
    Object.defineProperty(MessageEvent.prototype, 'data', { get: () => data, configurable: true });
    try {
      expect(read(made)).toBeUndefined();
    } finally {
      Object.defineProperty(MessageEvent.prototype, 'data', original);
    }
  });

  it('takes resource loaders and timers from the scope, not only the CSP', () => {
    for (const name of ['FontFace', 'fonts', 'WebAssembly', 'importScripts', 'Worker', 'caches', 'indexedDB', 'navigator', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'setTimeout', 'requestAnimationFrame', 'scheduler']) {
      expect(BLOCKED_GLOBALS).toContain(name);
    }
    const scope = { FontFace: class {}, fonts: { load: () => 0 }, WebAssembly: { compileStreaming: () => 0 }, keep: 1 };
    expect(removeGlobals(scope)).toEqual([]);
    expect(Object.keys(scope)).toEqual(['keep']);
  });
});
