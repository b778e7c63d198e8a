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

/** Begins an import, then runs it while another connection holds `stores`: how it ended, with the store released. */
async function importBehind(name: string, stores: string[]) {
  const database = useDatabase(name);
  await beginImport({ datasetId: 'b', name: 'busy', files: [file()], mapping, classes });
  const holder = await holdStores(name, stores);
  const outcome = await settledWithin(runImport('b', [file()], undefined, () => undefined, 300), 5_000);
  await holder.release();
  return { database, outcome };
}

it('an import whose chunk the store does not start in time stops with a specific error, keeps what it wrote, and resumes once the store is free', async () => {
  const { database, outcome } = await importBehind('import-busy', ['chunks']);
  // Without a start deadline the import waits for as long as the other transaction runs.
  expect(outcome).toMatch(/^The import of "busy" stopped: the browser's storage did not start its next step within 0.3 s .*resume or discard the import on the home page\.$/);

  // Not removed (that would wait behind the same writer): still importing, nothing of the withdrawn chunk written.
  expect(await database.datasets.get('b')).toMatchObject({ status: 'importing', committedRows: 0 });
  expect(await database.chunks.count()).toBe(0);
  const done = await runImport('b', [file()], undefined, () => undefined);
  expect(done).toMatchObject({ status: 'ready', itemCount: 10 });
});

it('an import whose first write the store does not start in time fails with a specific error and creates nothing', async () => {
  const database = useDatabase('import-busy-begin');
  await database.open();
  const holder = await holdStores('import-busy-begin', ['datasets']);
  const outcome = await settledWithin(beginImport({ datasetId: 'b', name: 'busy', files: [file()], mapping, classes }, 300), 5_000);
  expect(outcome).toMatch(/^Importing "busy" did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
  await holder.release();
  expect(await database.datasets.count()).toBe(0);
  await beginImport({ datasetId: 'b', name: 'busy', files: [file()], mapping, classes });
  expect(await runImport('b', [file()], undefined, () => undefined)).toMatchObject({ status: 'ready', itemCount: 10 });
});

it('a resume whose first read the store does not start in time stops with a specific error and changes nothing', async () => {
  const { database, outcome } = await importBehind('import-busy-read', ['datasets']);
  expect(outcome).toMatch(/^The import stopped: the browser's storage did not start its next step within 0.3 s .*Nothing of it was changed: resume or discard the import on the home page\.$/);
  expect(await database.datasets.get('b')).toMatchObject({ status: 'importing', committedRows: 0 });
  expect(await runImport('b', [file()], undefined, () => undefined)).toMatchObject({ status: 'ready', itemCount: 10 });
});

it('an import whose "ready" the store does not start in time stops with a specific error, keeps every row, and a resume only marks it ready', async () => {
  // Chunks commit over chunks, columns, labelEvents and datasets; only "ready" writes the audit log too.
  const { database, outcome } = await importBehind('import-busy-ready', ['audit']);
  expect(outcome).toMatch(/^The import of "busy" stopped: the browser's storage did not start its next step within 0.3 s .*The rows written before are kept: resume or discard the import on the home page\.$/);
  expect(await database.datasets.get('b')).toMatchObject({ status: 'importing', committedRows: 10 });
  expect(await database.chunks.count()).toBe(1);
  expect(await database.audit.count()).toBe(0);
  expect(await runImport('b', [file()], undefined, () => undefined)).toMatchObject({ status: 'ready', itemCount: 10 });
  expect(await database.chunks.count()).toBe(1);
  expect((await database.audit.toArray()).map((a) => a.action)).toEqual(['import']);
});
