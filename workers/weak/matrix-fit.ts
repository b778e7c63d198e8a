import { fitAuto, type DevSet } from '../../src/core/labelmodel/auto';
import { fitLabelModel } from '../../src/core/labelmodel/fit';
import { predict } from '../../src/core/labelmodel/predict';
import type { FitOptions, LabelModelParams, MethodName, VoteMatrix } from '../../src/core/labelmodel/types';
import { transfer, type TaskContext } from '../bridge/protocol';

/** FitOptions minus what cannot cross postMessage (callbacks, signals): the worker supplies those. */
export type FitSettings = Omit<FitOptions, 'onProgress' | 'signal'>;

export interface LabelModelFitArgs {
  /** Moved in, handed back in the result: pass `[matrix.votes.buffer]` as the call's transfer list. */
  matrix: VoteMatrix;
  method: MethodName | 'auto';
  settings?: FitSettings;
  /** Required for 'auto' (it picks by dev score); wmv uses it for source accuracies. Never canary. */
  dev?: DevSet;
}

export interface LabelModelFitResult {
  params: LabelModelParams;
  /** The caller's votes, moved back. */
  matrix: VoteMatrix;
  fitMs: number;
  /** 'auto' only: dev scores of every method tried. */
  candidates?: { method: MethodName; accuracy: number; macroF1: number; fitMs: number }[];
}

export interface LabelModelPredictResult {
  probs: Float32Array;
  covered: Uint8Array;
  matrix: VoteMatrix;
  predictMs: number;
}

/**
 * Label models on a vote matrix the caller holds (the benchmark, a caller with votes not in storage),
 * as opposed to `runLabelModel`, which reads a dataset's stored votes. Typed arrays move in and out
 * (transfer, not copy); the vote matrix comes back with each result so the caller can keep using it.
 */
export const matrixLabelModel = {
  fitMatrix: (args: LabelModelFitArgs, ctx: TaskContext): LabelModelFitResult => {
    const options: FitOptions = {
      ...args.settings,
      dev: args.settings?.dev ?? (args.dev ? { matrix: args.dev.matrix, labels: args.dev.labels } : undefined),
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress({ done, total, unit: 'iterations', message: `Fitting ${args.method}` }),
    };
    const started = performance.now();
    let params: LabelModelParams;
    let candidates: LabelModelFitResult['candidates'];
    if (args.method === 'auto') {
      if (!args.dev) throw new Error('"auto" needs the dev set: it picks the method by dev score.');
      const auto = fitAuto(args.matrix, args.dev, options);
      params = auto.params;
      candidates = auto.candidates;
    } else {
      params = fitLabelModel(args.matrix, args.method, options);
    }
    const fitMs = performance.now() - started;
    return transfer({ params, matrix: args.matrix, fitMs, candidates }, [args.matrix.votes.buffer]);
  },

  predictMatrix: (args: { params: LabelModelParams; matrix: VoteMatrix }): LabelModelPredictResult => {
    const started = performance.now();
    const { probs, covered } = predict(args.params, args.matrix);
    const predictMs = performance.now() - started;
    return transfer({ probs, covered, matrix: args.matrix, predictMs }, [probs.buffer, covered.buffer, args.matrix.votes.buffer]);
  },
};
