import { metricNames, type SelectionSettings } from '../core/metrics/selection';
import { SiftError } from '../core/errors';
import { boundedWrite, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { db } from './db';

/**
 * Stores the dataset's selection settings, checked against its classes first. Bounded like an LF
 * save: the user waits on the control they changed, so a store held elsewhere must become an error.
 */
export async function saveSelection(datasetId: string, settings: SelectionSettings, deadlineMs = USER_WRITE_DEADLINE_MS): Promise<SelectionSettings> {
  const d = db();
  return boundedWrite('Saving the metric settings', [d.datasets], async () => {
    const dataset = await d.datasets.get(datasetId);
    if (!dataset) throw new SiftError('dataset/missing', `Dataset ${datasetId} no longer exists.`);
    if (!metricNames.includes(settings.metric) || settings.metric === ('cost' as string)) throw new SiftError('metric/name', `Unknown selection metric "${settings.metric}".`);
    const k = dataset.classes.length;
    if (settings.positive !== undefined && !(Number.isInteger(settings.positive) && settings.positive >= 0 && settings.positive < k)) {
      throw new SiftError('metric/positive', `The positive class ${settings.positive} is not one of the ${k} classes.`);
    }
    const stored: SelectionSettings = { metric: settings.metric, priorFromDev: !!settings.priorFromDev, ...(settings.metric === 'f1' && settings.positive !== undefined ? { positive: settings.positive } : {}) };
    await d.datasets.update(datasetId, { selection: stored, updatedAt: Date.now() });
    return stored;
  }, deadlineMs);
}
