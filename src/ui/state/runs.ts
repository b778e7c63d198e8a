import type { Run } from '../../data/db';
import { listRuns } from '../../data/runs';
import { discardInterruptedRun, isResumable, listInterruptedRuns, sweepInterruptedRuns, whenRunLocksFree } from '../../data/run-lifecycle';

export { isResumable, listInterruptedRuns };
/** Whether a label-model run's inputs (its sources' versions and vote columns) changed since it fit. */
export { runInputsOutdated } from '../../data/runs';
import type { DatasetSession } from './session';
import { say } from './tasks';
import { applySources, fitLabelModel, refreshSources, usableSources, type LabelModelChoice } from './weak';

/** On opening a dataset: runs left "running" by a closed or crashed tab become "interrupted". */
export async function sweepRuns(session: DatasetSession): Promise<void> {
  try {
    await sweepInterruptedRuns(session.id);
    await whenRunLocksFree(session.id);
    await sweepInterruptedRuns(session.id);
  } catch (error) {
    say('error', `Could not check for interrupted runs: ${error instanceof Error ? error.message : error}`);
  }
}

/** Kinds that can simply be started again with the parameters the interrupted run recorded. */
export const rerunnable = (run: Run) => run.kind === 'apply-lfs' || run.kind === 'label-model';

/** Starts an interrupted run again with its own parameters; the interrupted record is then discarded. */
export async function runAgain(session: DatasetSession, run: Run): Promise<void> {
  await refreshSources(session);
  const sources = session.sources.value;
  const wanted = new Set(run.inputs.map((input) => input.sourceId));
  let finished = false;
  if (run.kind === 'apply-lfs') {
    finished = await applySources(session, sources.filter((s) => wanted.has(s.id)));
  } else if (run.kind === 'label-model') {
    const usable = usableSources(sources).filter((s) => wanted.has(s.id));
    const p = run.params;
    const choice: LabelModelChoice = { method: p.method as LabelModelChoice['method'], ties: p.ties as LabelModelChoice['ties'], seed: Number(p.seed ?? 0) };
    finished = await fitLabelModel(session, usable, choice);
  }
  if (finished) await discardInterruptedRun(run.id);
}

export async function discardRun(run: Run): Promise<void> {
  await discardInterruptedRun(run.id);
}

/** The dataset's label-model runs, newest first. */
export const listLabelModelRuns = (datasetId: string) => listRuns(datasetId, 'label-model');
