/**
 * Votes rewritten under the same source version (a new teacher threshold, a calibration, a re-run of
 * the same model) must reach the next fit in the same live worker: the matrix cache keys on column
 * revisions. On the version-keyed cache this refit read the old votes.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDatabase, type Dataset } from '../../src/data/db';
import { loadLabelState } from '../../src/data/labels';
import { rewriteVotes } from '../../src/data/model-runs';
import { listRuns, runInputsOutdated } from '../../src/data/runs';
import { listSources } from '../../src/data/sources';
import { readSplits } from '../../src/data/splits';
import { importWrench } from '../../src/data/wrench-import';
import { runLabelModel } from './label-model';
import { forgetMatrix } from './matrix';

const dir = join(import.meta.dirname, '../../public/sample/wrench_youtube');
const files = ['label.json', 'train.json', 'valid.json', 'test.json'].map((name) => new File([readFileSync(join(dir, name))], name));
useDatabase('stale-votes-test');
let dataset: Dataset;

beforeAll(async () => {
  dataset = await importWrench({ datasetId: 'yt', name: 'WRENCH youtube', files });
});

describe('refit after votes are rewritten under the same version', () => {
  it('fits on the new votes and marks the earlier run outdated', async () => {
    const labels = (await loadLabelState('yt', dataset.itemCount)).state.label.slice();
    const splits = await readSplits(dataset);
    const sources = await listSources('yt');
    const request = { datasetId: 'yt', sourceIds: sources.map((s) => s.id), labels, splits, method: 'mv' as const, ties: 'abstain' as const, priorFromDev: false, seed: 0 };
    const first = await runLabelModel(request, new AbortController().signal, () => {});

    // "Apply threshold" on one source: every one of its votes now says class 1, same version.
    const target = sources[0];
    const chunks = [];
    for (let c = 0; c < dataset.chunkCount; c++) {
      const count = Math.min(dataset.chunkSize, dataset.itemCount - c * dataset.chunkSize);
      chunks.push({ chunk: c, votes: new Int8Array(count).fill(1) });
    }
    await rewriteVotes('yt', target.id, chunks, {});
    expect((await listSources('yt')).find((s) => s.id === target.id)!.version).toBe(target.version);
    const [firstRun] = await listRuns('yt', 'label-model');
    expect(await runInputsOutdated(firstRun, await listSources('yt'))).toBe(true);

    const second = await runLabelModel(request, new AbortController().signal, () => {});
    // What a worker that never cached anything fits on the stored votes.
    forgetMatrix();
    const fresh = await runLabelModel(request, new AbortController().signal, () => {});
    let differs = 0;
    for (let i = 0; i < dataset.itemCount; i++) if (second.prediction.label[i] !== first.prediction.label[i]) differs++;
    expect(differs).toBeGreaterThan(0);
    expect(Array.from(second.prediction.label)).toEqual(Array.from(fresh.prediction.label));
    expect(Array.from(second.prediction.confidence)).toEqual(Array.from(fresh.prediction.confidence));
    const secondRun = (await listRuns('yt', 'label-model')).find((r) => r.id === second.summary.runId)!;
    expect(await runInputsOutdated(secondRun, await listSources('yt'))).toBe(false);
  });
});
