import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { useDatabase, type ImportMapping } from './db';
import { beginImport, runImport } from './import';
import { holdStores, settledWithin } from './test-hold';

const classes = [
  { name: 'ham', color: '#000', key: '1' },
  { name: 'spam', color: '#fff', key: '2' },
];
const mapping: ImportMapping = { format: 'csv', delimiter: ',', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] };
const file = () => new File([`text\n${Array.from({ length: 10 }, (_, i) => `comment ${i}`).join('\n')}\n`], 'comments.csv');

it('an import whose chunk the store does not start in time stops with a specific error, keeps what it wrote, and resumes once the store is free', async () => {
  const database = useDatabase('import-busy');
  await beginImport({ datasetId: 'b', name: 'busy', files: [file()], mapping, classes });
  const holder = await holdStores('import-busy', ['chunks']);

  const outcome = await settledWithin(runImport('b', [file()], undefined, () => undefined, 300), 5_000);
  // Without a start deadline the import waits for as long as the other transaction runs.
  expect(outcome).toMatch(/^The import of "busy" stopped: the browser's storage did not start writing its next rows within 0.3 s .*resume or discard the import on the home page\.$/);

  await holder.release();
  // Not removed (that would wait behind the same writer): still importing, nothing of the withdrawn chunk written.
  expect(await database.datasets.get('b')).toMatchObject({ status: 'importing', committedRows: 0 });
  expect(await database.chunks.count()).toBe(0);
  const done = await runImport('b', [file()], undefined, () => undefined);
  expect(done).toMatchObject({ status: 'ready', itemCount: 10 });
});
