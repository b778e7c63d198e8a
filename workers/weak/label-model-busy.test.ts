/** A label-model fit whose input reads another tab's held store would block: it fails by name in bounded time. */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDatabase, type Dataset } from '../../src/data/db';
import { loadLabelState } from '../../src/data/labels';
import { listSources } from '../../src/data/sources';
import { readSplits } from '../../src/data/splits';
import { holdStores, settledWithin } from '../../src/data/test-hold';
import { importWrench } from '../../src/data/wrench-import';
import { runLabelModel, type LabelModelRequest } from './label-model';
import { forgetMatrix } from './matrix';

const dir = join(import.meta.dirname, '../../public/sample/wrench_youtube');
const files = ['label.json', 'train.json', 'valid.json', 'test.json'].map((name) => new File([readFileSync(join(dir, name))], name));
const NAME = 'label-model-busy-test';
const database = useDatabase(NAME);
let request: LabelModelRequest;

beforeAll(async () => {
  const dataset: Dataset = await importWrench({ datasetId: 'yt', name: 'WRENCH youtube', files });
  const labels = (await loadLabelState('yt', dataset.itemCount)).state.label.slice();
  const sources = await listSources('yt');
  request = { datasetId: 'yt', sourceIds: sources.map((s) => s.id), labels, splits: await readSplits(dataset), method: 'mv', ties: 'abstain', priorFromDev: false, seed: 0 };
});

const fit = () => settledWithin(runLabelModel(request, new AbortController().signal, () => {}, 300), 10_000);

describe('a label-model fit behind a held store', () => {
  it('fails by name when the store does not start its vote read, before any run is recorded', async () => {
    forgetMatrix();
    const holder = await holdStores(NAME, ['sources']);
    expect(await fit()).toMatch(/^Reading the votes \(The label model\) did not start: the browser's storage did not answer within 0.3 s/);
    await holder.release();
    expect(await database.runs.count()).toBe(0);
  });

  it('fails by name when the store does not start its tie-key read, the run failed without outputs', async () => {
    const holder = await holdStores(NAME, ['chunks']);
    expect(await fit()).toMatch(/^Reading the items \(tie-break keys\) did not start: the browser's storage did not answer within 0.3 s/);
    await holder.release();
    const runs = await database.runs.toArray();
    expect(runs.map((r) => r.status)).toEqual(['failed']);
    expect(await database.columns.where('[datasetId+name]').equals(['yt', `probs:${runs[0].id}`]).count()).toBe(0);
    expect(await fit()).toBe('resolved');
  });
});
