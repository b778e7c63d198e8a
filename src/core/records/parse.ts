import * as v from 'valibot';
import { SiftError } from '../errors';
import { runSchema, type Run } from './run';
import { sourceSchema, type Source } from './source';

/** Where a stored record first fails its schema, in words: "results.rows: Invalid type: …". */
function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${path ? `${path}: ` : ''}${issue.message}`;
}

function describe(raw: unknown): { id: string; datasetId: string; kind: string } {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return { id: String(r.id ?? '(no id)'), datasetId: String(r.datasetId ?? '(no dataset)'), kind: String(r.kind ?? '(no kind)') };
}

/** A stored record read back: checked, or refused with an error naming the record and what is wrong with it. */
function parseRecord<T>(what: 'source' | 'run', schema: v.GenericSchema<unknown, T>, raw: unknown): T {
  const parsed = v.safeParse(schema, raw);
  if (parsed.success) return parsed.output;
  const { id, datasetId, kind } = describe(raw);
  throw new SiftError(
    'store/bad-record',
    `The stored ${what} "${id}" (kind ${kind}, dataset ${datasetId}) is malformed: ${firstIssue(parsed.issues)}. It was not changed; delete it or restore a snapshot to go on.`,
    { table: `${what}s`, id, datasetId, kind },
  );
}

export const parseSource = (raw: unknown): Source => parseRecord('source', sourceSchema, raw);
export const parseRun = (raw: unknown): Run => parseRecord('run', runSchema, raw);
