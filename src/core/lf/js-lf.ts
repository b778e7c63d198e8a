import { AbortedError, SiftError } from '../errors';
import { findImportWord } from './js-source';
import type { JsLfDef } from './types';

/**
 * JavaScript LFs, the parts that do not depend on where they run: compiling user source, running it
 * item by item while publishing the position, and checking every return value. The sandbox worker
 * calls these after locking its global scope down; tests call them in Node.
 */

/** Slots of the Int32Array (over a SharedArrayBuffer) that the sandbox and its watchdog share. */
export const JsCell = {
  /** Incremented each time user code is entered: unchanged for too long means stuck. */
  step: 0,
  lf: 1,
  /** Item index in user code, IDLE outside it, COMPILING while the LF source itself is evaluated. */
  item: 2,
  /** Set to 1 by the page to cancel: checked before every item. */
  abort: 3,
  length: 4,
} as const;
export const CELL_IDLE = -1;

// Captured when this module loads, before any user code: an LF that patches Atomics (to grab the shared
// cell and fake progress), performance.now (to dodge the time limit) or Number.isInteger (to pass bad
// votes) changes the globals, not these.
const { load, store, add } = Atomics;
const isInteger = Number.isInteger;
const clock = performance.now.bind(performance);
// Likewise the vote array's constructor: a global Int8Array swapped for a subclass must not shape the result.
const Votes = Int8Array;
export const CELL_COMPILING = -2;
/** The sandbox has returned from user code and waits for the promise jobs it left behind to finish. */
export const CELL_SETTLING = -3;
/** The page has sent the next chunk; a sandbox still busy with an earlier chunk's leftovers has not begun it. */
export const CELL_QUEUED = -4;

export interface JsItem {
  id: string;
  text: string;
  fields: Readonly<Record<string, string>>;
}

export interface JsItemChunk {
  ids: string[];
  text: string[];
  fields: Record<string, string[]>;
}

export type JsLfFunction = (item: JsItem) => unknown;
export type FunctionFactory = (...argsAndBody: string[]) => () => unknown;

export function describeItem(lfName: string, chunk: Pick<JsItemChunk, 'ids'>, index: number): string {
  return `JS LF "${lfName}" on item "${chunk.ids[index]}" (index ${index})`;
}

/**
 * Evaluates `def.source`, which must be a function expression such as `(item) => item.text.length > 80 ? 1 : -1`.
 * `makeFunction` is the Function constructor captured before the sandbox removed it from user reach.
 */
export function compileJsLf(def: JsLfDef, makeFunction: FunctionFactory): JsLfFunction {
  const name = def.name || def.id;
  if (typeof def.source !== 'string' || def.source.trim() === '') {
    throw new SiftError('lf-compile', `JS LF "${name}" has no source`, { lfId: def.id });
  }
  const importAt = findImportWord(def.source);
  if (importAt >= 0) {
    throw new SiftError(
      'lf-forbidden',
      `JS LF "${name}" uses the word "import" (character ${importAt + 1}): LFs may not load code. To match the word in text, write 'imp' + 'ort'`,
      { lfId: def.id, offset: importAt },
    );
  }
  // A trailing semicolon is natural to type but would end the `return (…)` expression early.
  const expression = def.source.trim().replace(/;+$/, '');
  let value: unknown;
  try {
    value = makeFunction(`"use strict";\nreturn (\n${expression}\n);`)();
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (error instanceof Error && error.name === 'EvalError') {
      // Not the user's mistake: the sandbox worker was served with a CSP that forbids compiling code.
      throw new SiftError('lf-sandbox', `JS LFs cannot run: the sandbox worker's Content-Security-Policy lacks 'unsafe-eval' (${reason})`, { lfId: def.id, cause: reason });
    }
    throw new SiftError('lf-compile', `JS LF "${name}" does not compile: ${reason}`, { lfId: def.id, cause: reason });
  }
  if (typeof value !== 'function') {
    throw new SiftError('lf-compile', `JS LF "${name}" must be a function like (item) => 1 or -1, but its source evaluates to ${describeValue(value)}`, { lfId: def.id });
  }
  return value as JsLfFunction;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (is a return missing?)';
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') return 'a Promise (LFs must be synchronous)';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

/** Frozen item objects: one LF cannot change what the next one sees. */
export function itemsOf(chunk: JsItemChunk): JsItem[] {
  const n = chunk.text.length;
  if (!Array.isArray(chunk.ids) || chunk.ids.length !== n) throw new SiftError('lf-bad-chunk', `The chunk has ${chunk.ids?.length ?? 0} ids for ${n} texts`, {});
  const names = Object.keys(chunk.fields ?? {});
  for (const name of names) {
    if (chunk.fields[name].length !== n) throw new SiftError('lf-bad-chunk', `Field "${name}" has ${chunk.fields[name].length} values for ${n} items`, { field: name });
  }
  const items = new Array<JsItem>(n);
  for (let i = 0; i < n; i++) {
    const fields: Record<string, string> = {};
    for (const name of names) fields[name] = chunk.fields[name][i];
    items[i] = Object.freeze({ id: chunk.ids[i], text: chunk.text[i], fields: Object.freeze(fields) });
  }
  return items;
}

export interface RunJsLfsOptions {
  classCount: number;
  /** Longest one call of an LF on one item may take. */
  timeLimitMs: number;
  /** Shared with the watchdog; a private one is made when absent (Node, tests). */
  cell?: Int32Array;
  now?: () => number;
}

export interface CompiledJsLf {
  def: JsLfDef;
  fn: JsLfFunction;
}

/** Runs every LF on every item; returns row-major n×m votes. Throws SiftError naming LF and item. */
export function runJsLfs(lfs: readonly CompiledJsLf[], chunk: JsItemChunk, options: RunJsLfsOptions): Int8Array {
  const { classCount, timeLimitMs } = options;
  const cell = options.cell ?? new Int32Array(JsCell.length);
  const now = options.now ?? clock;
  const items = itemsOf(chunk);
  const n = items.length;
  const m = lfs.length;
  const votes = new Votes(n * m);
  try {
    for (let j = 0; j < m; j++) {
      const { def, fn } = lfs[j];
      const name = def.name || def.id;
      store(cell, JsCell.lf, j);
      for (let i = 0; i < n; i++) {
        if (load(cell, JsCell.abort) !== 0) throw new AbortedError();
        store(cell, JsCell.item, i);
        add(cell, JsCell.step, 1);
        const started = now();
        let vote: unknown;
        try {
          vote = fn(items[i]);
        } catch (error) {
          const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          throw new SiftError('lf-threw', `${describeItem(name, chunk, i)} threw ${reason}`, { lfId: def.id, itemId: chunk.ids[i], itemIndex: i, cause: reason });
        }
        const elapsed = now() - started;
        if (elapsed > timeLimitMs) {
          throw new SiftError('lf-timeout', `${describeItem(name, chunk, i)} took ${Math.round(elapsed)} ms; the limit is ${timeLimitMs} ms per item`, {
            lfId: def.id,
            itemId: chunk.ids[i],
            itemIndex: i,
            elapsedMs: elapsed,
          });
        }
        if (typeof vote !== 'number' || !isInteger(vote) || vote < -1 || vote >= classCount) {
          throw new SiftError('lf-bad-return', `${describeItem(name, chunk, i)} returned ${describeValue(vote)}; expected an integer from -1 (abstain) to ${classCount - 1}`, {
            lfId: def.id,
            itemId: chunk.ids[i],
            itemIndex: i,
          });
        }
        votes[i * m + j] = vote;
      }
    }
  } finally {
    store(cell, JsCell.item, CELL_IDLE);
  }
  return votes;
}

/** Compiles each LF with the cell saying so: evaluating source runs user code too (an IIFE may loop). */
export function compileJsLfs(defs: readonly JsLfDef[], makeFunction: FunctionFactory, cell: Int32Array, cache?: Map<string, JsLfFunction>): CompiledJsLf[] {
  try {
    return defs.map((def, j) => {
      const cached = cache?.get(def.source);
      if (cached) return { def, fn: cached };
      store(cell, JsCell.lf, j);
      store(cell, JsCell.item, CELL_COMPILING);
      add(cell, JsCell.step, 1);
      const fn = compileJsLf(def, makeFunction);
      cache?.set(def.source, fn);
      return { def, fn };
    });
  } finally {
    store(cell, JsCell.item, CELL_IDLE);
  }
}
