import { dataWorker } from '../../../workers/clients';
import { forgetChunks } from '../../data/items';
import { itemsChanged, type DatasetSession } from './session';
import { runTask, say } from './tasks';

/** Adds the rows of later files to the open dataset as its next import batch, then reopens the session. */
export async function appendRows(session: DatasetSession, files: File[]): Promise<void> {
  const result = await runTask(`Adding rows from ${files.map((f) => f.name).join(', ')}`, (signal, onProgress) => dataWorker.call('append', { datasetId: session.id, files }, { signal, onProgress }));
  if (!result) return;
  const { batch, notices } = result;
  say('info', `Import batch ${batch.number}: ${batch.count.toLocaleString('en-US')} rows added.${notices.length ? ` ${notices.join(' ')}` : ''}`);
  forgetChunks(session.id);
  itemsChanged.value++;
}
