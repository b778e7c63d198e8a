import { analyzeLfs, lfItems, type LfItemFilter } from '../src/core/lf/index';
import { applyLfs } from './weak/apply';
import { builtinTextEmbedder } from './weak/embedder';
import { latestPrediction, runLabelModel, type LabelModelRequest } from './weak/label-model';
import { forgetMatrix, voteMatrixOf } from './weak/matrix';
import { matrixLabelModel } from './weak/matrix-fit';
import { reviewQueue, type ReviewRequest } from './weak/review';
import { curateSelection, type CurateRequest } from './weak/curate';
import { runDiversity, type DiversityRequest } from './weak/diversity';
import { latestDedupe, runDedupe, type DedupeRequest } from './weak/dedupe';
import { listCuratedSelections } from '../src/data/curated-selections';
import { LfSandbox } from './lf-sandbox';
import { expose } from './bridge/expose';
import { transfer, type TaskContext } from './bridge/protocol';

/**
 * Weak supervision over whole datasets: applying LFs, LF analysis, label models. Reads votes and items
 * from IndexedDB itself, so the page sends ids and its label/split arrays only. JS LFs run in sandbox
 * workers started from here, fresh for each apply (one per LF) and stopped when it ends. Label models also run on a matrix the caller sends (benchmarks).
 */
interface MatrixArgs {
  datasetId: string;
  sourceIds: string[];
  /** The page's current human labels and splits. */
  labels: Int16Array;
  splits: Uint8Array;
}

const api = {
  apply: (args: { datasetId: string; sourceIds: string[]; timeLimitMs: number }, ctx: TaskContext) => {
    const sandbox = new LfSandbox();
    return applyLfs(args.datasetId, args.sourceIds, {
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress({ done, total, unit: 'items' }),
      runJs: (lfs, chunk, k, signal, onItems) =>
        sandbox.run(lfs, chunk, k, {
          timeLimitMs: args.timeLimitMs,
          signal,
          // Calls done across all JS LFs, as items: LF j on item i counts as (j·n + i) / m items.
          onProgress: onItems && ((calls) => onItems(Math.floor(calls / Math.max(1, lfs.length)))),
        }),
      embed: builtinTextEmbedder(),
    }).finally(() => {
      sandbox.dispose();
      forgetMatrix();
    });
  },

  analyze: async (args: MatrixArgs) => {
    const { dataset, sources, votes } = await voteMatrixOf(args.datasetId, args.sourceIds, 'LF analysis');
    return analyzeLfs({ votes, sourceCount: sources.length, classCount: dataset.classes.length, splits: args.splits, gold: args.labels });
  },

  /** Items one source votes on, conflicts on, or gets wrong on dev (never canary). */
  items: async (args: MatrixArgs & { source: number; filter: LfItemFilter }) => {
    const { dataset, sources, votes } = await voteMatrixOf(args.datasetId, args.sourceIds, 'LF analysis');
    const items = lfItems({ votes, sourceCount: sources.length, classCount: dataset.classes.length, splits: args.splits, gold: args.labels }, args.source, args.filter);
    return transfer(items, [items.buffer]);
  },

  labelModel: async (args: LabelModelRequest, ctx: TaskContext) => {
    const result = await runLabelModel(args, ctx.signal, (done, total, message) => ctx.progress({ done, total, unit: 'steps', message }));
    return transfer(result, [result.prediction.label.buffer, result.prediction.confidence.buffer]);
  },

  latestPrediction: async (args: { datasetId: string }) => {
    const latest = await latestPrediction(args.datasetId);
    return latest ? transfer(latest, [latest.prediction.label.buffer, latest.prediction.confidence.buffer]) : null;
  },

  /** The next batch of the review queue, ranked over the newest label-model run. */
  review: (args: ReviewRequest) => reviewQueue(args),

  curate: (args: CurateRequest) => curateSelection(args),

  selections: (args: { datasetId: string }) => listCuratedSelections(args.datasetId),

  /** k-center greedy on stored vectors, saved as a selection (a `diversity` run). */
  diversity: (args: DiversityRequest, ctx: TaskContext) => runDiversity(args, ctx.signal, (done, total) => ctx.progress({ done, total, unit: 'picks' })),
  /** Near-duplicate clusters as a `dedupe` run, and the newest one's again after a reload. */
  dedupe: async (args: DedupeRequest, ctx: TaskContext) => {
    const result = await runDedupe(args, ctx.signal);
    return transfer(result, [result.predicted.buffer]);
  },
  latestDedupe: (args: { datasetId: string; labels: Int16Array }) => latestDedupe(args.datasetId, args.labels),

  forget: () => forgetMatrix(),

  ...matrixLabelModel,
};

export type WeakApi = typeof api;
expose(api);
