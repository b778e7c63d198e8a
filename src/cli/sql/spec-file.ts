import { existsSync, readFileSync } from 'node:fs';
import { SiftError } from '../../core/errors';
import { parseSpec } from '../../core/spec/parse';
import type { PipelineSpec } from '../../core/spec/types';

export function readSpecFile(path: string | undefined): PipelineSpec {
  if (!path) throw new SiftError('usage/spec', 'Pass the pipeline spec with --spec FILE (exported from the app: Label model tab → Download pipeline spec).');
  if (!existsSync(path)) throw new SiftError('usage/spec', `--spec ${path}: no such file.`);
  try {
    return parseSpec(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof SiftError) throw new SiftError(error.code, `${path}: ${error.message}`, error.details);
    throw error;
  }
}
