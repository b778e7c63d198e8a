import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase, type Dataset } from './db';
import { getDataset } from './datasets';
import { saveSelection } from './selection';
import { holdStores, settledWithin } from './test-hold';

describe('saveSelection', () => {
  it('stores the metric and prior setting with the dataset, and rejects a positive class the dataset lacks', async () => {
    const database = useDatabase('selection-test');
    await database.datasets.put({ id: 'd', name: 'd', classes: [{ name: 'ham' }, { name: 'spam' }] } as unknown as Dataset);
    await saveSelection('d', { metric: 'f1', positive: 1, priorFromDev: false });
    expect((await getDataset('d'))!.selection).toEqual({ metric: 'f1', positive: 1, priorFromDev: false });
    // A positive class only means something for F1.
    await saveSelection('d', { metric: 'accuracy', positive: 1, priorFromDev: true });
    expect((await getDataset('d'))!.selection).toEqual({ metric: 'accuracy', priorFromDev: true });
    await expect(saveSelection('d', { metric: 'f1', positive: 2, priorFromDev: true })).rejects.toThrow('The positive class 2 is not one of the 2 classes.');
    await expect(saveSelection('gone', { metric: 'f1', priorFromDev: true })).rejects.toThrow(/no longer exists/);
  });

  it('a save behind a transaction that never ends fails with a specific error in bounded time, and the old setting stays', async () => {
    const database = useDatabase('selection-stuck');
    await database.datasets.put({ id: 'd', name: 'd', classes: [{ name: 'ham' }, { name: 'spam' }], selection: { metric: 'macro_f1', priorFromDev: true } } as unknown as Dataset);
    const holder = await holdStores('selection-stuck', ['datasets']);

    const outcome = await settledWithin(saveSelection('d', { metric: 'accuracy', priorFromDev: false }, 300), 5_000);
    // Without the deadline the save waits for as long as the other transaction runs.
    expect(outcome).toMatch(/^Saving the metric settings did not finish: the browser's storage did not answer within 0.3 s .*Nothing was saved/);

    await holder.release();
    // The withdrawn save never lands later.
    expect((await getDataset('d'))!.selection).toEqual({ metric: 'macro_f1', priorFromDev: true });
    await saveSelection('d', { metric: 'accuracy', priorFromDev: false });
    expect((await getDataset('d'))!.selection).toEqual({ metric: 'accuracy', priorFromDev: false });
  });
});
