import { writeFileSync } from 'node:fs';
import { SiftError } from '../core/errors';
import { methodNames, type MethodName } from '../core/labelmodel/types';
import { fitCounts, labelPatterns } from '../core/spec/counts';
import { choice, parseOptions } from './args';
import { patternsCsv, readCountsCsv } from './sql/pattern-csv';
import { readSpecFile } from './sql/spec-file';

/** `sift fit-counts --spec P.json --counts DIR --out patterns.csv`: the label model on counts from another engine. */
export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['spec', 'counts', 'out', 'params', 'method']);
  const spec = readSpecFile(options.get('spec'));
  const countsPath = options.get('counts');
  const out = options.get('out');
  if (!countsPath || !out) throw new SiftError('usage/counts', 'fit-counts needs --counts (the counts query\'s CSV output) and --out (patterns CSV).');
  const counts = readCountsCsv(countsPath, spec.lfs.length, spec.classes.length);
  const method = options.has('method') ? (choice(options.get('method'), methodNames, 'snorkel', 'method') as MethodName) : undefined;
  const fit = fitCounts(spec, counts, choice(options.get('params'), ['refit', 'spec'] as const, 'refit', 'params'), method);
  const labels = labelPatterns(spec, fit.params, counts);
  writeFileSync(out, patternsCsv(counts, labels));
  let n = 0;
  for (const c of counts.counts) n += c;
  process.stdout.write(JSON.stringify({ out, rows: n, patterns: counts.size, method: fit.params.method, params: fit.from, note: fit.params.note }) + '\n');
}
