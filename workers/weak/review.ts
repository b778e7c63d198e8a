import { SiftError } from '../../src/core/errors';
import { rankQueue, type Strategy } from '../../src/core/review/queue';
import { entropyScore, marginScore, predictedClass } from '../../src/core/review/scores';
import { NO_LABEL, Split } from '../../src/core/types';
import { getDataset } from '../../src/data/datasets';
import { listRuns } from '../../src/data/runs';
import { vectorsOf } from './diversity';
import { voteMatrixOf } from './matrix';
import { rankingModel } from './review-model';

export interface ReviewRequest {
  datasetId: string;
  strategy: Exclude<Strategy, 'label-issue'>;
  batch: number;
  /** 'diverse': the embedder whose stored vectors spread the batch out. */
  embedderId?: string;
  /** The page's current human labels and splits: reviewed (labelled) items never come back. */
  labels: Int16Array;
  splits: Uint8Array;
  /** Dev and canary are reviewed only when the user asks for them by name. */
  includeSplits: ('dev' | 'canary')[];
  /** Enabled sources with fresh votes (for disagreement and the reasons shown). */
  sourceIds: string[];
}

/** A diverse batch is k-center's pick among this many times the batch of least sure items. */
const DIVERSE_POOL_FACTOR = 10;

/** One queued item with what the user is shown about why it is there. */
export interface ReviewPick {
  item: number;
  suggested: number;
  confidence: number;
  margin: number;
  entropy: number;
  /** Sources voting for another class than the suggestion, and sources voting at all. */
  dissent: number;
  voters: number;
  /** Why the item was queued, when another view queued it (e.g. a likely label error); shown instead of the scores. */
  reason?: string;
  /** Said besides the scores (e.g. how a diverse batch chose it). */
  note?: string;
}

export interface ReviewQueue {
  /** The run whose probabilities ranked the queue (a label model, or a refit's student). */
  runId: string;
  /** That model, in the user's words. */
  rankedOn: string;
  picks: ReviewPick[];
  eligible: number;
}

/**
 * The next batch to review from the newest model's probabilities (`rankingModel`), ranked by the chosen
 * strategy among the items the user may review (unlabelled, in the pool unless dev/canary are asked for).
 */
export async function reviewQueue(request: ReviewRequest): Promise<ReviewQueue> {
  const dataset = await getDataset(request.datasetId);
  if (!dataset) throw new SiftError('review/dataset', 'This dataset no longer exists.');
  const run = (await listRuns(dataset.id, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
  if (!run) throw new SiftError('review/no-model', 'The review queue ranks items by the label model\u2019s probabilities: run a label model first (Label model tab).');
  if (!Number.isInteger(request.batch) || request.batch < 1 || request.batch > 10_000) throw new SiftError('review/batch', `A batch holds 1 to 10,000 items; got ${request.batch}.`);
  const n = dataset.itemCount;
  const k = dataset.classes.length;
  const model = await rankingModel(dataset, run, request.labels, request.splits);
  const probs = model.probs;
  const allowed = new Set<number>([Split.train, ...request.includeSplits.map((s) => Split[s])]);
  const eligible = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if (request.labels[i] === NO_LABEL && allowed.has(request.splits[i])) (eligible[i] = 1), count++;
  const rows = { n, k, probs };
  let votes: Int8Array | undefined;
  let m = 0;
  if (request.sourceIds.length > 0) {
    const matrix = await voteMatrixOf(dataset.id, request.sourceIds, 'The review queue');
    votes = matrix.votes;
    m = matrix.sources.length;
  } else if (request.strategy === 'disagreement') {
    throw new SiftError('review/votes', 'The disagreement strategy needs sources with up-to-date votes.');
  }
  let spread: { vectors: Float32Array; dim: number; labeled: Uint32Array; note: string } | null = null;
  if (request.strategy === 'diverse') {
    if (!request.embedderId) throw new SiftError('review/embedder', 'A diverse batch spreads uncertain items out by their stored vectors: choose an embedder (run one in the Teachers tab first).');
    const stored = await vectorsOf(dataset, request.embedderId);
    const labeled = Uint32Array.from(Array.from(request.labels).flatMap((label, i) => (label === NO_LABEL ? [] : [i])));
    const pool = Math.min(count, request.batch * DIVERSE_POOL_FACTOR);
    spread = { vectors: stored.data, dim: stored.dim, labeled, note: `diverse: among the ${pool.toLocaleString('en-US')} items with the smallest margin, the farthest (${request.embedderId} vectors) from the other picks and from the ${labeled.length.toLocaleString('en-US')} labelled items` };
  }
  const picked = rankQueue(request.strategy, { ...rows, eligible, votes, m, ...(spread && { vectors: spread.vectors, dim: spread.dim }) }, { batch: request.batch, poolFactor: DIVERSE_POOL_FACTOR, ...(spread && { labeled: spread.labeled }) });
  const predicted = predictedClass(rows);
  const margins = marginScore(rows);
  const entropies = entropyScore(rows);
  const picks: ReviewPick[] = Array.from(picked, (item) => {
    let voters = 0;
    let against = 0;
    for (let j = 0; votes && j < m; j++) {
      const vote = votes[item * m + j];
      if (vote < 0) continue;
      voters++;
      if (vote !== predicted[item]) against++;
    }
    return { item, suggested: predicted[item], confidence: probs[item * k + predicted[item]], margin: 1 - margins[item], entropy: entropies[item], dissent: against, voters, ...(spread && { note: spread.note }) };
  });
  return { runId: model.runId, rankedOn: model.describe, picks, eligible: count };
}
