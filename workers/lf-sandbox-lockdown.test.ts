import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { blockFunctionConstructors, freezeMessageHandler, removeGlobals } from './lf-sandbox-lockdown';

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
});
