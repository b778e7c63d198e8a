import { NO_LABEL } from '../core/types';
import { voteState } from '../core/weak/source-state';
import { readColumn } from './columns';
import type { Dataset, Source } from './db';
import { listRuns, runInputsOutdated } from './runs';
import { listSources, votesColumn } from './sources';

/** What the loop header reads from the store; the page adds what it holds (labels, splits, the review queue). */
export interface LoopStore {
  sources: Source[];
  labelModel: 'none' | 'fitted' | 'outdated';
  /** The newest student and its votes (its top class, or its calibrated vote), for its canary accuracy. */
  student: { name: string; votes: Int8Array } | null;
}

/**
 * Reads the loop's state. The newest label-model run is outdated when the enabled, up-to-date sources'
 * votes differ from what it read (as the Label model tab judges it). Meant for a live query: it reads
 * sources, runs, the column catalog and the student's votes, so a change to any of them re-runs it.
 */
export async function readLoopStore(dataset: Dataset): Promise<LoopStore> {
  const sources = await listSources(dataset.id);
  const run = (await listRuns(dataset.id, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
  const usable = sources.filter((s) => s.enabled && voteState(s) === 'fresh');
  const labelModel = !run ? 'none' : (await runInputsOutdated(run, usable)) ? 'outdated' : 'fitted';
  const newest = sources.filter((s) => s.kind === 'student').sort((a, b) => b.createdAt - a.createdAt)[0];
  const student = newest ? { name: newest.name, votes: await readColumn(dataset, votesColumn(newest.id), Int8Array, 1, NO_LABEL) } : null;
  return { sources, labelModel, student };
}
