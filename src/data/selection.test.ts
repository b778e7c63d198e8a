import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase, type Dataset } from './db';
import { getDataset } from './datasets';
import { saveSelection } from './selection';

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
});
