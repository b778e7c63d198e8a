import { listCuratedSelections } from '../../data/curated-selections';
import { listEmbeddings } from '../../data/vectors';

/** Store reads for views (through useLive): a dataset's saved selections, and embedders with stored vectors. */
export const savedSelections = (datasetId: string): Promise<string[]> => listCuratedSelections(datasetId);
export const storedEmbeddings = (datasetId: string): Promise<string[]> => listEmbeddings(datasetId);
