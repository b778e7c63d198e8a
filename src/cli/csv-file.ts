import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { SiftError } from '../core/errors';
import { CsvParser } from '../core/formats/csv';

export interface CsvTable {
  name: string;
  columns: string[];
  rows: string[][];
  /** 1-based line on which each row starts. */
  lines: number[];
}

/** Reads a whole CSV file for a CLI command; the parser's errors already name the file and line. */
export function readCsvFile(path: string, option: string): CsvTable {
  if (!existsSync(path) || !statSync(path).isFile()) throw new SiftError('usage/file', `--${option} ${path}: no such file.`);
  const name = basename(path);
  const parser = new CsvParser(name);
  const first = parser.push(readFileSync(path, 'utf8'));
  const last = parser.finish();
  return { name, columns: parser.columns ?? [], rows: [...first.rows, ...last.rows], lines: [...first.lines, ...last.lines] };
}
