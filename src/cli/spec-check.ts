import { SiftError } from '../core/errors';
import { compileVotes } from '../core/sql/compile';
import { dialects } from '../core/sql/dialect';
import { readSpecFile } from './sql/spec-file';

/** `sift spec-check P.json`: reads a spec as `sift run` would and says what each engine can run. */
export async function run(args: string[]): Promise<void> {
  const [path, ...rest] = args;
  if (!path || rest.length > 0) throw new SiftError('usage/spec', 'usage: spec-check FILE');
  const spec = readSpecFile(path);
  const engines: Record<string, string> = {};
  for (const dialect of Object.values(dialects)) {
    try {
      compileVotes(spec.lfs, { dialect });
      engines[dialect.name] = 'ok';
    } catch (error) {
      engines[dialect.name] = error instanceof Error ? error.message : String(error);
    }
  }
  process.stdout.write(JSON.stringify({ version: spec.version, classes: spec.classes, lfs: spec.lfs.map((lf) => lf.name), notPortable: spec.notPortable, labelModel: spec.labelModel && { method: spec.labelModel.method, fitted: spec.labelModel.params !== null }, calibration: spec.calibration?.method ?? null, engines }, null, 2) + '\n');
}
