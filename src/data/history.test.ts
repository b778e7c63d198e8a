import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Run, SourceOf } from '../core/records';
import { useDatabase } from './db';
import { loadHistory, logLabelModelChoice, restoreLfVersion } from './history';
import { deleteSource, saveSource } from './sources';

const lf = (pattern: string): SourceOf<'lf'> => ({ id: 'lf1', datasetId: 'd', kind: 'lf', name: 'link', version: null, definition: { id: 'lf1', name: 'link', vote: 1, condition: { kind: 'regex', pattern } }, createdAt: 1, updatedAt: 1, enabled: true });
const scores = (accuracy: number) => ({ accuracy, macro_f1: accuracy - 0.1, f1: null, coverage: 1, metric: accuracy - 0.1 });
const lmRun = (id: string, at: number, accuracy: number): Run => ({
  id,
  datasetId: 'd',
  kind: 'label-model',
  status: 'done',
  createdAt: at,
  finishedAt: at,
  params: { method: 'mv' },
  inputs: [],
  results: { chosen: 'mv', rows: [{ method: 'mv', dev: scores(accuracy), canary: scores(accuracy - 0.05), fitMs: 1, iterations: 1, converged: true, note: '' }] },
});

describe('generator history', () => {
  it('logs LF edits with the label-model metrics before and after, and restores an old version as a logged change', async () => {
    const database = useDatabase('history-a');
    await database.runs.put(lmRun('lm0', 1, 0.7));
    await saveSource(lf('http'));
    await saveSource(lf('http'));
    await new Promise((r) => setTimeout(r, 5));
    await saveSource(lf('https?://'));
    const [edit] = await loadHistory('d');
    await database.runs.put(lmRun('lm1', edit.entry.at + 1, 0.8));

    const history = await loadHistory('d');
    // Saving the same definition again is not a change.
    expect(history.map((h) => h.entry.action)).toEqual(['edit', 'create']);
    expect(history[0].before?.runId).toBe('lm0');
    expect(history[0].after?.runId).toBe('lm1');
    expect(history[0].after?.dev?.accuracy).toBeCloseTo(0.8);
    expect(history[0].entry.before).toMatchObject({ kind: 'lf', definition: { condition: { pattern: 'http' } } });

    const restored = await restoreLfVersion(history[0].entry.seq!, 'before');
    expect(restored.kind === 'lf' && restored.definition.condition).toMatchObject({ pattern: 'http' });
    expect(await database.sources.get('lf1')).toMatchObject({ definition: { condition: { pattern: 'http' } } });
    const [last] = await loadHistory('d');
    expect(last.entry).toMatchObject({ action: 'restore', restoredFrom: { seq: history[0].entry.seq, side: 'before' }, after: { definition: { condition: { pattern: 'http' } } } });
    database.close();
  });

  it('a deleted LF comes back from its last version; a label-model choice is logged only when it changes', async () => {
    const database = useDatabase('history-b');
    await saveSource(lf('x'));
    await deleteSource(lf('x'));
    expect(await database.sources.get('lf1')).toBeUndefined();
    const [deleted] = await loadHistory('d');
    expect(deleted.entry.action).toBe('delete');
    await restoreLfVersion(deleted.entry.seq!, 'before');
    expect(await database.sources.get('lf1')).toMatchObject({ kind: 'lf', definition: { condition: { pattern: 'x' } } });
    await expect(restoreLfVersion(deleted.entry.seq!, 'after')).rejects.toMatchObject({ code: 'history/not-restorable' });

    await database.runs.put(lmRun('lm0', 1, 0.7));
    await database.transaction('rw', [database.changes, database.runs], () => logLabelModelChoice('d', 'lm-new', 'mv'));
    await database.transaction('rw', [database.changes, database.runs], () => logLabelModelChoice('d', 'lm-new', 'ds'));
    const choices = (await loadHistory('d')).filter((h) => h.entry.kind === 'label-model');
    expect(choices.map((h) => [h.entry.before, h.entry.after])).toEqual([[{ kind: 'label-model', method: 'mv' }, { kind: 'label-model', method: 'ds' }]]);
    database.close();
  });
});
