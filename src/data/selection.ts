import { metricNames, type SelectionSettings } from '../core/metrics/selection';
import { SiftError } from '../core/errors';
import { getDataset, updateDataset } from './datasets';

/** Stores the dataset's selection settings, checked against its classes first. */
export async function saveSelection(datasetId: string, settings: SelectionSettings): Promise<SelectionSettings> {
  const dataset = await getDataset(datasetId);
  if (!dataset) throw new SiftError('dataset/missing', `Dataset ${datasetId} no longer exists.`);
  if (!metricNames.includes(settings.metric) || settings.metric === ('cost' as string)) throw new SiftError('metric/name', `Unknown selection metric "${settings.metric}".`);
  const k = dataset.classes.length;
  if (settings.positive !== undefined && !(Number.isInteger(settings.positive) && settings.positive >= 0 && settings.positive < k)) {
    throw new SiftError('metric/positive', `The positive class ${settings.positive} is not one of the ${k} classes.`);
  }
  const stored: SelectionSettings = { metric: settings.metric, priorFromDev: !!settings.priorFromDev, ...(settings.metric === 'f1' && settings.positive !== undefined ? { positive: settings.positive } : {}) };
  await updateDataset(datasetId, { selection: stored });
  return stored;
}
