import type { Dataset } from '../../data/db';
import { readItem, readItems, type ItemRow } from '../../data/items';

/** Views read items through here; src/data caches the chunks they come from. */
type ItemSource = Pick<Dataset, 'id' | 'chunkSize'>;

/** The item at `index` of the dataset, or undefined past its end. */
export const itemAt = (dataset: ItemSource, index: number): Promise<ItemRow | undefined> => readItem(dataset.id, dataset.chunkSize, index);

/** The items at `indices`, in that order. */
export const itemsAt = (dataset: ItemSource, indices: ArrayLike<number>): Promise<ItemRow[]> => readItems(dataset.id, dataset.chunkSize, indices);

/** One item's votes and label-model probabilities, each read from that item's chunk only. */
export { readItemProbs, readItemVotes } from '../../data/sources';
