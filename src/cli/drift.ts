import { driftReport } from '../core/drift/report';
import { SiftError } from '../core/errors';
import { parseOptions } from './args';
import { readCsvTable } from './read-table';

/** `sift drift --reference A.csv --current B.csv`: Evidently-default column and dataset drift as JSON. */
export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['reference', 'current']);
  const reference = options.get('reference');
  const current = options.get('current');
  if (!reference || !current) throw new SiftError('usage/missing', 'drift needs --reference A.csv and --current B.csv.');
  const report = driftReport(readCsvTable(reference, 'reference'), readCsvTable(current, 'current'));
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}
