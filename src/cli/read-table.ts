import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { columnsOf, type StringTable } from '../core/drift/columns';
import { SiftError } from '../core/errors';
import { CsvParser } from '../core/formats/csv';

/** Reads a whole CSV file into named string columns, with the app's parser and its error messages. */
export function readCsvTable(path: string, option: string): StringTable {
  if (!existsSync(path) || !statSync(path).isFile()) throw new SiftError('usage/file', `--${option} ${path}: no such file.`);
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const parser = new CsvParser(basename(path));
  const rows = [...parser.push(text).rows, ...parser.finish().rows];
  return columnsOf(parser.columns ?? [], rows);
}
