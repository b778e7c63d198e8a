import { db, type Run } from './db';

export function newRunId(kind: string): string {
  return `run-${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function startRun(run: Pick<Run, 'id' | 'datasetId' | 'kind' | 'params' | 'inputs'>): Promise<Run> {
  const record: Run = { ...run, status: 'running', createdAt: Date.now(), results: {} };
  await db().runs.put(record);
  return record;
}

export async function finishRun(id: string, status: Run['status'], results: Record<string, unknown>): Promise<void> {
  await db().runs.update(id, { status, results, finishedAt: Date.now() });
}

/** A dataset's runs of one kind, newest first. */
export async function listRuns(datasetId: string, kind: string): Promise<Run[]> {
  const runs = await db().runs.where('[datasetId+kind]').equals([datasetId, kind]).toArray();
  return runs.sort((a, b) => b.createdAt - a.createdAt);
}

export async function latestRun(datasetId: string, kind: string): Promise<Run | undefined> {
  return (await listRuns(datasetId, kind)).find((run) => run.status === 'done');
}
