import type { Dataset } from '../../data/db';
import { listExportChoices, type ExportChoice } from '../../data/export-target';
import { readLoopStore, type LoopStore } from '../../data/loop-facts';

/**
 * Store reads behind the export dialog and the loop header, for their live queries (useLive): views
 * reach storage only through src/ui/state.
 */
export type { ExportChoice, LoopStore };
export type { ExportTarget } from '../../data/export-target';

export const exportChoices = (datasetId: string): Promise<ExportChoice[]> => listExportChoices(datasetId);

export const loopStore = (dataset: Dataset): Promise<LoopStore> => readLoopStore(dataset);
