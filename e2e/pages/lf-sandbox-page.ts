/** Exposes the real LF sandbox client to Playwright (e2e/lf-sandbox.spec.ts); not part of the app. */
import { SiftError } from '../../src/core/errors';
import type { JsItemChunk } from '../../src/core/lf/js-lf';
import type { JsLfDef } from '../../src/core/lf/types';
import { LfSandbox, type JsLfRunOptions } from '../../workers/lf-sandbox';

export interface SandboxOutcome {
  votes?: number[];
  error?: { name: string; code?: string; message: string; details?: Record<string, unknown> };
  ms: number;
  progressCalls: number;
}

/**
 * One call is one LF apply, as in the weak worker: a sandbox made for it, given the chunks in turn,
 * then disposed.
 */
async function runChunks(lfs: JsLfDef[], chunks: JsItemChunk[], classCount: number, options: JsLfRunOptions & { abortAfterMs?: number } = {}): Promise<SandboxOutcome> {
  const started = performance.now();
  let progressCalls = 0;
  const controller = new AbortController();
  if (options.abortAfterMs !== undefined) setTimeout(() => controller.abort(), options.abortAfterMs);
  const sandbox = new LfSandbox();
  try {
    const votes: number[] = [];
    for (const chunk of chunks) {
      votes.push(...(await sandbox.run(lfs, chunk, classCount, { ...options, signal: controller.signal, onProgress: () => progressCalls++ })));
    }
    return { votes, ms: performance.now() - started, progressCalls };
  } catch (error) {
    const e = error as Error;
    const sift = error instanceof SiftError ? { code: error.code, details: error.details } : {};
    return { error: { name: e.name, message: e.message, ...sift }, ms: performance.now() - started, progressCalls };
  } finally {
    sandbox.dispose();
  }
}

const run = (lfs: JsLfDef[], chunk: JsItemChunk, classCount: number, options: JsLfRunOptions & { abortAfterMs?: number } = {}) =>
  runChunks(lfs, [chunk], classCount, options);

/**
 * The page's own CSP has no 'unsafe-eval': only the sandbox worker may compile strings. Checked at load,
 * not from page.evaluate: DevTools evaluation lifts the CSP eval block while it runs.
 */
function pageCanEval(): boolean {
  try {
    return new Function('return true')() === true;
  } catch {
    return false;
  }
}

Object.assign(window, { lfSandbox: { run, runChunks, pageCouldEval: pageCanEval(), isolated: crossOriginIsolated }, lfSandboxReady: true });
