import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LfDef } from '../../src/core/lf/types';
import { buildSpec, parseSpec, specToJson, type PipelineSpec } from '../../src/core/spec/index';

/** Four support-ticket classes, eight telling words each (some with capitals or accents). */
export const CLASS_WORDS = [
  ['refund', 'invoice', 'charge', 'billing', 'payment', 'receipt', 'overcharged', 'Rückerstattung'],
  ['crash', 'error', 'bug', 'freeze', 'Exception', 'broken', 'timeout', 'stacktrace'],
  ['password', 'login', 'account', 'locked', '2FA', 'reset', 'username', 'sign-in'],
  ['shipping', 'delivery', 'package', 'tracking', 'courier', 'arrived', 'late', 'parcel'],
];
export const CLASSES = ['billing', 'bug', 'account', 'shipping'];

const COMMON = (
  'the a to and of in is it you that was for on are with as I his they be at one have this from or had by hot word but what some we can out other were all there when up use your how said an each she which do their time if will way about many then them write would like so these her long make thing see him two has look more day could go come did number sound no most people my over know water than call first who may down side been now find any new work part take get place made live where after back little only round man year came show every good me give our under name very through just form sentence great think say help low line differ turn cause much mean before move right boy old too same tell does set three want air well also play small end put home read hand port large spell add even land here must big high such follow act why ask men change went light kind off need house picture try us again animal point mother world near build self earth father head stand own page should country found answer school grow study still learn plant cover food sun four between state keep eye never last let thought city tree cross farm hard start might story saw far sea draw left late run don\'t while press close night real life few north café naïve'
).split(' ');

const list = (words: string[]) => `[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(', ')}]`;

/**
 * Writes `rows` generated tickets (~200 characters, a gold class, an id) as `files` Parquet files. Each
 * word is a word of the ticket's class with p = 0.12, of a random class with p = 0.03 (noise), else
 * common; one word in ten is upper-cased. Seeded by DuckDB's hash of the row and position.
 */
export async function writeTickets(dir: string, rows: number, files: number): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const paths: string[] = [];
  const per = Math.ceil(rows / files);
  const h = (args: string, mod: number) => `CAST(hash(${args}) % ${mod} AS BIGINT)`;
  const word = `CASE WHEN ${h('i, j, 7', 100)} < 12 THEN cw[cls + 1][${h('i, j, 1', 8)} + 1]
      WHEN ${h('i, j, 7', 100)} < 15 THEN cw[${h('i, j, 3', 4)} + 1][${h('i, j, 1', 8)} + 1]
      ELSE common[${h('i, j, 2', COMMON.length)} + 1] END`;
  for (let f = 0; f < files; f++) {
    const path = `${dir}/part-${String(f).padStart(3, '0')}.parquet`;
    const start = f * per;
    const end = Math.min(rows, start + per);
    await connection.run(`COPY (
      WITH t AS (SELECT i, CAST(hash(i, 0) % 4 AS INTEGER) AS cls, ${list(COMMON)} AS common, [${CLASS_WORDS.map(list).join(', ')}] AS cw FROM range(${start}, ${end}) r(i))
      SELECT 't' || i AS id, cls AS gold,
        array_to_string(list_transform(range(34), j -> CASE WHEN ${h('i, j, 9', 10)} = 0 THEN upper(${word}) ELSE ${word} END), ' ') AS text
      FROM t ORDER BY i
    ) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 122880)`);
    paths.push(path);
  }
  connection.closeSync();
  instance.closeSync();
  return paths;
}

/** Five declarative LFs per class: keywords (whole word, substring, all-of), a regex, a compound rule. */
export function ticketLfs(): LfDef[] {
  const lfs: LfDef[] = [];
  CLASS_WORDS.forEach((w, c) => {
    const other = CLASS_WORDS[(c + 1) % 4][0];
    lfs.push(
      { id: `c${c}-any`, name: `${CLASSES[c]}: ${w[0]} or ${w[1]}`, vote: c, condition: { kind: 'keyword', keywords: [w[0], w[1]], match: 'any', wholeWord: true, caseSensitive: false } },
      { id: `c${c}-sub`, name: `${CLASSES[c]}: contains ${w[2]}`, vote: c, condition: { kind: 'keyword', keywords: [w[2]], match: 'any', wholeWord: false, caseSensitive: true } },
      { id: `c${c}-re`, name: `${CLASSES[c]}: /${w[3]}|${w[4]}/i`, vote: c, condition: { kind: 'regex', pattern: `\\b(?:${w[3]}|${w[4]})\\b`, flags: 'i' } },
      { id: `c${c}-all`, name: `${CLASSES[c]}: ${w[5]} and ${w[6]}`, vote: c, condition: { kind: 'keyword', keywords: [w[5], w[6]], match: 'all', wholeWord: true, caseSensitive: false } },
      {
        id: `c${c}-and`,
        name: `${CLASSES[c]}: ${w[7]}, not ${other}`,
        vote: c,
        condition: { kind: 'and', conditions: [{ kind: 'keyword', keywords: [w[7]], match: 'any', wholeWord: true, caseSensitive: false }, { kind: 'not', condition: { kind: 'keyword', keywords: [other], match: 'any', wholeWord: true, caseSensitive: false } }] },
      },
    );
  });
  return lfs;
}

/** The pipeline every scale bench runs: the ticket LFs into a Snorkel-style label model. */
export function ticketSpec(lfs: LfDef[] = ticketLfs()): PipelineSpec {
  return buildSpec({
    datasetName: 'generated tickets',
    fields: [],
    classes: CLASSES,
    sources: lfs.map((lf) => ({ id: lf.id, name: lf.name, kind: 'lf', enabled: true, definition: lf })),
    labelModel: { method: 'snorkel', ties: 'random', prior: 'model', seed: 0, sourceIds: lfs.map((l) => l.id), params: null },
  });
}

/** ticketSpec written as `sift run --spec` reads it (validated on the way), in `dir`; returns its path. */
export function writeTicketSpec(dir: string, lfs: LfDef[] = ticketLfs()): string {
  const path = join(dir, 'pipeline.json');
  writeFileSync(path, specToJson(parseSpec(specToJson(ticketSpec(lfs)))));
  return path;
}
