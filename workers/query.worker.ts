import { filterItems, type ItemPredictions, type ItemQuery } from '../src/core/query';
import { getDataset } from '../src/data/datasets';
import { eachItemChunk } from '../src/data/items';
import { expose } from './bridge/expose';
import { transfer, type TaskContext } from './bridge/protocol';

/**
 * Filtering over every item's text. The texts of the open dataset stay in this worker between
 * queries (chunks are immutable), so typing in the filter box costs one scan, not one IndexedDB read.
 */
let cached: { datasetId: string; texts: string[] } | null = null;

async function textsOf(datasetId: string, ctx: TaskContext): Promise<string[]> {
  if (cached?.datasetId === datasetId) return cached.texts;
  cached = null;
  const dataset = await getDataset(datasetId);
  if (!dataset) throw new Error('Dataset not found');
  const texts = new Array<string>(dataset.itemCount);
  let loaded = 0;
  await eachItemChunk(datasetId, (chunk) => {
    for (let i = 0; i < chunk.count; i++) texts[chunk.start + i] = chunk.text[i];
    loaded += chunk.count;
    ctx.progress({ done: loaded, total: dataset.itemCount, unit: 'items', message: 'Loading texts' });
  });
  cached = { datasetId, texts };
  return texts;
}

const api = {
  filter: async (args: { datasetId: string; query: ItemQuery; labels: Int16Array; splits: Uint8Array; predictions?: ItemPredictions | null }, ctx: TaskContext) => {
    const texts = await textsOf(args.datasetId, ctx);
    const matches = filterItems(texts, args.labels, args.splits, args.query, args.predictions);
    return transfer(matches, [matches.buffer]);
  },
  forget: (args: { datasetId: string }) => {
    if (cached?.datasetId === args.datasetId) cached = null;
  },
};

export type QueryApi = typeof api;
expose(api);
