import { pinDatasetLabels, pinnableLabels, type LabelsPin } from '../../data/dataset-labels';
import { getDataset } from '../../data/datasets';
import { weakWorker } from '../../../workers/clients';
import type { DatasetSession } from './session';
import { currentScope } from './messages';
import { sayWriteError } from './tasks';

/**
 * The dataset's labels on the page: session.prediction holds them (the item list's chip and filters);
 * they change when a label model or student finishes and when the user pins a run.
 */
export type { LabelsPin };

/** Reads the dataset's labels again (in the weak worker: it scans every item). */
export async function refreshPrediction(session: DatasetSession): Promise<void> {
  const latest = await weakWorker.call('latestPrediction', { datasetId: session.id });
  session.prediction.value = latest?.prediction ?? null;
  if (latest) session.labelModel.value = latest.summary;
}

export const pinChoices = (datasetId: string) => pinnableLabels(datasetId);

/** Pins the dataset's labels to one run, or lets dev decide again (null). */
export async function setLabelsPin(session: DatasetSession, pin: LabelsPin | null): Promise<void> {
  const scope = currentScope();
  try {
    await pinDatasetLabels(session.id, pin);
  } catch (error) {
    // A new object re-renders the control, which puts it back to the stored pin; not a reread, which
    // would queue behind the same busy store.
    session.dataset.value = { ...session.dataset.value };
    await sayWriteError("Pinning the dataset's labels", error, 'The labels were not pinned.', scope);
    return;
  }
  const dataset = await getDataset(session.id);
  if (dataset) session.dataset.value = dataset;
  await refreshPrediction(session);
}
