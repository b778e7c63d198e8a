import Papa from 'papaparse';

/**
 * Spreadsheet apps execute a cell that starts with = + - @ (or tab / CR, which some strip first) as a
 * formula; prefixing an apostrophe makes it plain text. Applied to every cell, not just text columns.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** CSV text for a block of rows; the header is written only with the first block. */
export function csvBlock(header: string[] | null, rows: string[][]): string {
  const safeRows = rows.map((row) => row.map(neutraliseCell));
  const body = Papa.unparse(safeRows, { newline: '\r\n', quotes: false, header: false });
  const head = header ? Papa.unparse([header.map(neutraliseCell)], { newline: '\r\n' }) + '\r\n' : '';
  return head + (body ? body + '\r\n' : '');
}

/** JSON Lines for a block of records. JSON is data, not a formula language: values are kept exactly. */
export function jsonlBlock(records: Record<string, unknown>[]): string {
  let out = '';
  for (const record of records) out += JSON.stringify(record) + '\n';
  return out;
}
