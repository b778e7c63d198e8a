import { fidelityOfSets, generateBatch, type GenerateRequest, type SetQuery } from '../src/data/synthetic-run';
import { acceptedBatchesHelp, trainOnSynthetic } from '../src/data/synthetic-check';
import { expose } from './bridge/expose';
import type { TaskContext } from './bridge/protocol';
import { browserImageCodec } from './synthetic/image-codec';

/** Work over whole datasets (tables, texts, images): synthetic exemplar batches, fidelity reports of item sets, canary checks. */
const PHASES = { reading: 'Reading the class’s rows', generating: 'Generating exemplars', scoring: 'Scoring fidelity (5-fold detection)', writing: 'Saving the batch' } as const;

const api = {
  generate: (args: GenerateRequest, ctx: TaskContext) => generateBatch(args, (phase) => ctx.progress({ done: Object.keys(PHASES).indexOf(phase), total: 4, message: PHASES[phase] }), browserImageCodec),
  fidelity: (args: { datasetId: string; a: SetQuery; b: SetQuery }, ctx: TaskContext) => {
    ctx.progress({ done: 0, message: 'Computing the fidelity report' });
    return fidelityOfSets(args.datasetId, args.a, args.b, browserImageCodec, ctx.signal);
  },
  tstr: (args: { datasetId: string; batch: number }, ctx: TaskContext) => {
    ctx.progress({ done: 0, message: 'Training two students and scoring them on the canary' });
    return trainOnSynthetic(args.datasetId, args.batch, browserImageCodec, ctx.signal);
  },
  help: (args: { datasetId: string }, ctx: TaskContext) => {
    ctx.progress({ done: 0, message: 'Training students with and without the accepted batches' });
    return acceptedBatchesHelp(args.datasetId, browserImageCodec, ctx.signal);
  },
};

export type TableApi = typeof api;
expose(api);
