/**
 * The column catalog: one entry per stored column `{name, dtype, width, revision, producer}`. The
 * revision is bumped by a Dexie middleware on every write to the `columns` table, inside the writer's
 * own transaction, so no code path can change a column without changing its revision. Caches and
 * "outdated" marks key on revisions: a source's definition version alone misses rewrites under the same
 * version (a new teacher threshold, a calibration, a re-run of the same model).
 */
import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTable, type DBCoreTransaction, type Middleware } from 'dexie';
import type { ColumnChunk } from './db';

export const CATALOG_TABLE = 'columnCatalog';
const COLUMNS_TABLE = 'columns';

export interface ColumnDescriptor {
  datasetId: string;
  name: string;
  /** Increases with every write or deletion of any chunk of the column; 0 (no entry) = never written since the catalog exists. */
  revision: number;
  dtype?: string;
  /** Values per item (k for probabilities, d for vectors, 1 for votes and splits). */
  width?: number;
  /** Run that wrote the column last, when the writer said so. */
  producer?: string;
  updatedAt: number;
}

type ColumnKey = [string, string, number];

const dtypeOf = (data: ColumnChunk['data'] | undefined) => data?.constructor?.name;

type Touched = Map<string, { datasetId: string; name: string; dtype?: string }>;

function note(touched: Touched, datasetId: string, name: string, dtype?: string): void {
  const key = `${datasetId}\u0000${name}`;
  touched.set(key, { datasetId, name, dtype: dtype ?? touched.get(key)?.dtype });
}

/** Columns a mutation names directly (puts, deletes by key); a range delete needs a query, see below. */
function namedColumns(req: DBCoreMutateRequest): Touched {
  const touched: Touched = new Map();
  if (req.type === 'add' || req.type === 'put') {
    for (const value of req.values as ColumnChunk[]) if (value) note(touched, value.datasetId, value.name, dtypeOf(value.data));
    if (req.type === 'put') for (const key of (req.updates?.keys ?? []) as ColumnKey[]) note(touched, key[0], key[1]);
  } else if (req.type === 'delete') {
    for (const key of req.keys as ColumnKey[]) if (Array.isArray(key)) note(touched, key[0], key[1]);
  }
  return touched;
}

function bumpRevisions(catalog: DBCoreTable, trans: DBCoreTransaction, touched: Touched): Promise<void> {
  if (touched.size === 0) return Dexie.Promise.resolve();
  const wanted = [...touched.values()];
  return Dexie.Promise.resolve(catalog.getMany({ trans, keys: wanted.map((c) => [c.datasetId, c.name]) })).then((existing: (ColumnDescriptor | undefined)[]) => {
    const now = Date.now();
    const values = wanted.map((column, i): ColumnDescriptor => {
      const before = existing[i];
      return { ...before, datasetId: column.datasetId, name: column.name, revision: (before?.revision ?? 0) + 1, dtype: column.dtype ?? before?.dtype, updatedAt: now };
    });
    return Dexie.Promise.resolve(catalog.mutate({ type: 'put', trans, values })).then((response) => {
      if (response.numFailures > 0) throw Object.values(response.failures)[0];
    });
  });
}

/** Registered on every database: read-write transactions over `columns` also cover the catalog. */
export const columnRevisionMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'sift-column-revisions',
  create(down) {
    return {
      ...down,
      transaction(stores, mode, options) {
        const widened = mode === 'readwrite' && stores.includes(COLUMNS_TABLE) && !stores.includes(CATALOG_TABLE) ? [...stores, CATALOG_TABLE] : stores;
        return down.transaction(widened, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== COLUMNS_TABLE) return table;
        return {
          ...table,
          // Dexie.Promise, not await: the layers below read Dexie's transaction zone, which a native
          // await would lose between the query, the write and the catalog update.
          mutate(req) {
            const catalog = down.table(CATALOG_TABLE);
            if (req.type === 'deleteRange') {
              return Dexie.Promise.resolve(table.query({ trans: req.trans, values: false, query: { index: table.schema.primaryKey, range: req.range } })).then((found) => {
                const touched: Touched = new Map();
                for (const key of found.result as ColumnKey[]) note(touched, key[0], key[1]);
                return Dexie.Promise.resolve(table.mutate(req)).then((response) => bumpRevisions(catalog, req.trans, touched).then(() => response));
              });
            }
            const touched = namedColumns(req);
            return Dexie.Promise.resolve(table.mutate(req)).then((response) => bumpRevisions(catalog, req.trans, touched).then(() => response));
          },
        };
      },
    };
  },
};
