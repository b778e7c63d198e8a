import { SiftError } from '../core/errors';
import { fidelityReport } from '../core/fidelity/report';
import { parseOptions } from './args';
import { readCsvTable } from './read-table';

/** `sift fidelity --real A.csv --synthetic B.csv`: SDMetrics-style quality, tails, coverage, detection as JSON. */
export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['real', 'synthetic']);
  const real = options.get('real');
  const synthetic = options.get('synthetic');
  if (!real || !synthetic) throw new SiftError('usage/missing', 'fidelity needs --real A.csv and --synthetic B.csv.');
  const report = fidelityReport(readCsvTable(real, 'real'), readCsvTable(synthetic, 'synthetic'));
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}
