import type { Dataset } from './db';

/** A ready two-class (ham, spam) text dataset record for src/data unit tests; only what they read varies. */
export function hamSpamDataset(fields: { id: string; name: string; itemCount: number; chunkSize: number; chunkCount: number; committedRows: number }): Dataset {
  return {
    kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0,
    classes: [{ name: 'ham', key: '1', color: '#000' }, { name: 'spam', key: '2', color: '#fff' }],
    fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, notices: [],
    ...fields,
  } as unknown as Dataset;
}
