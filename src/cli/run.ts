import { SiftError } from '../core/errors';
import { methodNames, type MethodName } from '../core/labelmodel/types';
import { choice, integer, parseOptions } from './args';
import { DEFAULT_SCAN_THREADS, runDuckdb } from './sql/duckdb-run';
import { emitSpark } from './sql/spark-emit';
import { readSpecFile } from './sql/spec-file';

/** `sift run --spec P.json --input 'data/*.parquet' --engine duckdb --out labels.parquet` (or spark-sql --emit-sql DIR). */
export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['spec', 'input', 'engine', 'out', 'emit-sql', 'id-column', 'text-column', 'params', 'method', 'threads', 'number-columns', 'memory-limit', 'keyword-scan', 'scan-threads']);
  const specPath = options.get('spec');
  const spec = readSpecFile(specPath);
  const engine = choice(options.get('engine'), ['duckdb', 'spark-sql'] as const, 'duckdb', 'engine');
  const input = options.get('input');
  const out = options.get('out');
  if (!input) throw new SiftError('usage/input', 'Pass the items with --input (a Parquet file or a glob such as \'data/*.parquet\').');
  if (!out) throw new SiftError('usage/out', 'Pass where the labels go with --out (a Parquet file; a folder for spark-sql).');
  const method = options.has('method') ? choice(options.get('method'), methodNames, 'snorkel', 'method') : undefined;
  if (engine === 'spark-sql') {
    if (options.has('scan-threads')) throw new SiftError('usage/scan-threads', '--scan-threads is for --engine duckdb: it splits the keyword-scan function between Node threads; Spark SQL gets plain SQL.');
    if (options.has('keyword-scan')) throw new SiftError('usage/keyword-scan', '--keyword-scan is for --engine duckdb: the keyword-scan function runs in Node next to DuckDB; Spark SQL gets plain SQL.');
    const dir = options.get('emit-sql');
    if (!dir) throw new SiftError('usage/emit-sql', 'spark-sql runs on your cluster: pass --emit-sql DIR to write the SQL and its runbook there.');
    const files = emitSpark({ spec, specPath: specPath!, input, out, dir, idColumn: options.get('id-column'), textColumn: options.get('text-column'), numberColumns: options.get('number-columns')?.split(',').filter(Boolean) });
    process.stdout.write(JSON.stringify({ engine, files }) + '\n');
    return;
  }
  const result = await runDuckdb({
    spec,
    input,
    out,
    idColumn: options.get('id-column'),
    textColumn: options.get('text-column'),
    params: choice(options.get('params'), ['refit', 'spec'] as const, 'refit', 'params'),
    method: method as MethodName | undefined,
    threads: options.has('threads') ? integer(options.get('threads'), 0, 'threads') : undefined,
    memoryLimit: options.get('memory-limit'),
    keywordScan: choice(options.get('keyword-scan'), ['on', 'off'] as const, 'on', 'keyword-scan') === 'on',
    scanThreads: Number(choice(options.get('scan-threads'), ['1', '2'] as const, String(DEFAULT_SCAN_THREADS) as '1' | '2', 'scan-threads')) as 1 | 2,
  });
  process.stdout.write(JSON.stringify({ engine, out, ...result, rowsPerSecond: Math.round(result.rows / (result.ms.total / 1000)) }) + '\n');
}
