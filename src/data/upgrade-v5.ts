import type { Transaction } from 'dexie';

/**
 * Store version 5: a student's trained weights leave its run's results for the `runWeights` table, so a
 * run list no longer carries every model's bytes. Reads the tables raw (no record check runs during an
 * upgrade): a record the checks would refuse is left as it is and refused, by name, when read.
 */
export async function upgradeToTypedRecords(tx: Transaction): Promise<void> {
  const runs = tx.table('runs');
  const weights = tx.table('runWeights');
  const students: Record<string, unknown>[] = await runs.filter((run: { kind?: unknown }) => run.kind === 'student').toArray();
  for (const run of students) {
    const results = run.results as Record<string, unknown> | undefined;
    const model = results?.model as { modelJson?: unknown; weights?: unknown } | undefined;
    if (!results || !model) continue;
    const { model: _moved, ...rest } = results;
    if (typeof model.modelJson === 'string' && model.weights instanceof Uint8Array) {
      await weights.put({ runId: run.id, datasetId: run.datasetId, modelJson: model.modelJson, weights: model.weights });
      await runs.put({ ...run, results: { ...rest, hasWeights: true } });
    }
  }
}
