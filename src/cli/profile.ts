import { SiftError } from '../core/errors';
import { columnTypes, inferTypes, type ColumnType } from '../core/table/infer';
import { profileTable } from '../core/table/profile';
import { readCsvTable } from './read-table';

/** `sift profile --table A.csv [--type name=numeric,other=text]`: inferred column types and per-column profiles as JSON. */
export async function run(args: string[]): Promise<void> {
  let path: string | undefined;
  const overrides: Partial<Record<string, ColumnType>> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--table' && args[i + 1]) path = args[++i];
    else if (args[i] === '--type' && args[i + 1]) {
      for (const pair of args[++i].split(',')) {
        const [name, type] = pair.split('=');
        if (!name || !columnTypes.includes(type as ColumnType)) throw new SiftError('usage/type', `--type wants name=${columnTypes.join('|')}; got "${pair}".`);
        overrides[name] = type as ColumnType;
      }
    } else throw new SiftError('usage/unknown', `Unknown argument "${args[i]}". Accepted: --table FILE, --type name=type[,…].`);
  }
  if (!path) throw new SiftError('usage/missing', 'profile needs --table A.csv.');
  const table = readCsvTable(path, 'table');
  const unknown = Object.keys(overrides).filter((n) => !table.names.includes(n));
  if (unknown.length) throw new SiftError('usage/type', `--type names columns the table does not have: ${unknown.join(', ')}.`);
  const types = inferTypes(table.names, table.columns, overrides);
  process.stdout.write(JSON.stringify({ types, columns: profileTable(table.names, table.columns, types) }, null, 2) + '\n');
}
