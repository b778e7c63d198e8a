import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SiftError } from '../../core/errors';
import type { PipelineSpec } from '../../core/spec/types';
import { compileVotes } from '../../core/sql/compile';
import { spark } from '../../core/sql/dialect';
import { countsQuery, labelsQuery, votesQuery } from '../../core/sql/queries';

export interface SparkEmitRequest {
  spec: PipelineSpec;
  specPath: string;
  input: string;
  out: string;
  dir: string;
  idColumn?: string;
  textColumn?: string;
  /** Input columns of a number type (the runbook says to declare them; default: all read as text). */
  numberColumns?: string[];
}

const HEADER = `-- Written by \`sift run --engine spark-sql --emit-sql\`. Spark SQL has no Unicode normalization function:
-- keyword, metadata and length rules match the app only on NFC text (normalize on ingest; see RUNBOOK.md).
-- Regexes are translated to java.util.regex with the same meaning on every text, or refused.
`;

/** Writes the two Spark SQL scripts and the runbook; the counts go through `sift fit-counts` in between. */
export function emitSpark(request: SparkEmitRequest): string[] {
  const { spec } = request;
  if (spec.lfs.length === 0) throw new SiftError('run-no-lfs', 'The spec has no portable LFs to run.');
  const compiled = compileVotes(spec.lfs, { dialect: spark, textColumn: request.textColumn, numberColumns: new Set(request.numberColumns ?? []) });
  const m = compiled.votes.length;
  const k = spec.classes.length;
  const dir = resolve(request.dir);
  const s = spark.string;
  const keep = [...(request.idColumn ? [request.idColumn] : []), 'source_file'];
  const input = `(SELECT *, input_file_name() AS source_file FROM parquet.\`${request.input.replace(/`/g, '')}\`)`;
  const votesDir = join(dir, 'votes');
  const countsDir = join(dir, 'counts');
  const patterns = join(dir, 'patterns.csv');
  mkdirSync(dir, { recursive: true });
  const first = `${HEADER}
-- 1. Votes of ${m} LFs per row, staged as Parquet; then the vote-pattern counts (the label model's sufficient statistics).
INSERT OVERWRITE DIRECTORY ${s(votesDir)} USING parquet
${votesQuery(compiled, spark, input, keep)};

INSERT OVERWRITE DIRECTORY ${s(countsDir)} USING csv OPTIONS (header 'true')
${countsQuery(m, spark, `parquet.\`${votesDir}\``)};
`;
  const classes = spec.classes.map((c, i) => `p${i} = P(${c})`).join(', ');
  const second = `${HEADER}
-- 2. Labels joined back by vote pattern (${classes}); patterns.csv comes from \`sift fit-counts\`.
CREATE OR REPLACE TEMPORARY VIEW sift_patterns
USING csv OPTIONS (path ${s(patterns)}, header 'true', inferSchema 'true');

INSERT OVERWRITE DIRECTORY ${s(request.out)} USING parquet
${labelsQuery(m, k, spark, `parquet.\`${votesDir}\``, 'sift_patterns', keep)};
`;
  const runbook = `# Running this pipeline on Spark SQL

Spec: \`${request.specPath}\` (${spec.lfs.length} LFs, classes ${spec.classes.join(', ')}, label model ${spec.labelModel?.method ?? 'none'}).
Not portable (left out): ${spec.notPortable.length ? spec.notPortable.map((n) => `${n.name} (${n.reason})`).join('; ') : 'none'}.

1. Text must be Unicode NFC (Spark SQL cannot normalize): e.g. in PySpark
   \`udf(lambda s: unicodedata.normalize('NFC', s) if s is not None else None)\` on the text and the fields LFs read.
   Run Spark with an English JVM locale (\`-Duser.language=en\`): Spark's lower() follows the JVM locale,
   and a Turkish one lowers "I" to "ı".
   Number fields read as text are parsed like the app does; to read a numeric column as is, re-emit with
   \`--number-columns a,b\`.
2. \`spark-sql -f ${join(dir, '1-votes-counts.sql')}\` — votes to \`${votesDir}\`, counts to \`${countsDir}\`.
3. \`npm run sift -- fit-counts --spec ${request.specPath} --counts ${countsDir} --out ${patterns}\` — fits the
   label model on the counts with the app's code (only the distinct patterns leave Spark).
4. \`spark-sql -f ${join(dir, '2-labels.sql')}\` — labels Parquet to \`${request.out}\`: the id column, source_file,
   the votes v0…v${m - 1}, p0…p${k - 1}, label (−1: tie or below threshold), confidence, covered.

Vote columns: ${compiled.votes.map((v) => `${v.name} = ${v.lfName} (${v.lfId})`).join(', ')}.
`;
  const files = [join(dir, '1-votes-counts.sql'), join(dir, '2-labels.sql'), join(dir, 'RUNBOOK.md')];
  writeFileSync(files[0], first);
  writeFileSync(files[1], second);
  writeFileSync(files[2], runbook);
  return files;
}
