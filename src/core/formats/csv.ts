import Papa from 'papaparse';
import { SiftError } from '../errors';
import { LineEndings } from './line-endings';
import { headerTooLarge, MAX_COLUMNS, MAX_HEADER_CHARS, tooManyColumns, type TableBatch, type TableParser } from './table';

const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'];
/** A record larger than this means a quote was opened and never closed (or the file is not CSV). */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : JSON.stringify(d);
}

/** Picks the delimiter that splits the first lines into the same number (>1) of fields most often. */
export function sniffDelimiter(head: string): string | null {
  const sample = head.slice(0, 256 * 1024);
  let best: { delimiter: string; score: number } | null = null;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const parsed = Papa.parse<string[]>(sample, { delimiter, preview: 50 });
    const rows = parsed.data.filter((r) => r.length > 1 || r[0] !== '');
    if (rows.length === 0) continue;
    const width = rows[0].length;
    if (width < 2) continue;
    const consistent = rows.filter((r) => r.length === width).length / rows.length;
    const score = consistent * 1000 + width;
    if (!best || score > best.score) best = { delimiter, score };
  }
  return best?.delimiter ?? null;
}

function lineBreaksIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Streaming RFC-4180 parser over text chunks, on Papa Parse's core. It keeps the header, checks that
 * every record has the header's number of fields, and reports problems by physical line, because the
 * user will open the file in an editor to fix it.
 */
export class CsvParser implements TableParser {
  columns: string[] | null = null;
  private pending = '';
  /** Line number (1-based) at which `pending` starts. */
  private pendingLine = 1;
  private parser: InstanceType<typeof Papa.Parser> | null = null;
  private delimiter: string | null;

  constructor(
    private readonly fileName: string,
    delimiter?: string,
  ) {
    this.delimiter = delimiter ?? null;
  }

  get chosenDelimiter(): string | null {
    return this.delimiter;
  }

  // The app's reader normalises line endings before the parser; callers that push text themselves (the
  // CLI, tests) get the same here, so a CRLF file never leaves a \r in its last column.
  private readonly endings = new LineEndings();

  push(text: string): TableBatch {
    return this.consume(this.endings.push(text, false), false);
  }

  finish(): TableBatch {
    const batch = this.consume(this.endings.push('', true), true);
    if (this.columns === null) throw new SiftError('csv-empty', `${this.fileName} is empty: it has no header row.`, { file: this.fileName });
    return batch;
  }

  private ensureParser(sample: string): InstanceType<typeof Papa.Parser> {
    if (this.parser) return this.parser;
    if (!this.delimiter) {
      const sniffed = sniffDelimiter(sample);
      // A one-column file is legitimate (a plain list of texts): fall back to comma.
      this.delimiter = sniffed ?? ',';
    }
    // The reader hands over text with every line ending turned into \n (see line-endings.ts).
    this.parser = new Papa.Parser({ delimiter: this.delimiter, newline: '\n', quoteChar: '"' } as Papa.ParseConfig);
    return this.parser;
  }

  private consume(chunk: string, final: boolean): TableBatch {
    const text = this.pending + chunk;
    this.pending = '';
    const out: TableBatch = { rows: [], lines: [] };
    if (text.length === 0) return out;
    if (this.columns === null) this.checkHeaderLength(text);
    const parser = this.ensureParser(text);
    const result = parser.parse(text, 0, !final) as Papa.ParseResult<string[]>;
    const consumed = final ? text.length : result.meta.cursor;
    if (!final && consumed === 0 && text.length > MAX_RECORD_CHARS) {
      throw new SiftError(
        'csv-record-too-large',
        `${this.fileName}: the record starting on line ${this.pendingLine.toLocaleString('en-US')} is larger than 64 MB; a " quote is probably never closed.`,
        { file: this.fileName, line: this.pendingLine },
      );
    }

    const quoteError = result.errors.find((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
    if (quoteError && (final || quoteError.code === 'InvalidQuotes')) {
      const at = typeof quoteError.index === 'number' ? quoteError.index : 0;
      const line = this.pendingLine + lineBreaksIn(text, 0, at);
      throw new SiftError(
        'csv-unbalanced-quote',
        quoteError.code === 'MissingQuotes'
          ? `${this.fileName}: a quoted field opened on line ${line.toLocaleString('en-US')} is never closed (unbalanced " quote).`
          : `${this.fileName}: line ${line.toLocaleString('en-US')} has a stray " quote inside a quoted field (use "" for a literal quote).`,
        { file: this.fileName, line },
      );
    }

    // Recover each record's starting line by walking line breaks between records.
    let line = this.pendingLine;
    let position = 0;
    const rows = result.data;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const rowLine = line;
      const nextBreak = this.recordEnd(text, position, row);
      line += lineBreaksIn(text, position, nextBreak + 1);
      position = nextBreak + 1;
      if (row.length === 1 && row[0] === '') continue; // blank line
      if (this.columns === null) {
        this.columns = this.headerFrom(row, rowLine);
        continue;
      }
      if (row.length !== this.columns.length) {
        const hint =
          row.length === 1 && this.columns.length > 1
            ? ` Is the delimiter right? This file is read as ${delimiterName(this.delimiter ?? ',')}-separated.`
            : '';
        throw new SiftError(
          'csv-field-count',
          `${this.fileName}: line ${rowLine.toLocaleString('en-US')} has ${row.length} field${row.length === 1 ? '' : 's'}, expected ${this.columns.length} (the header has ${this.columns.length} columns).${hint}`,
          { file: this.fileName, line: rowLine, fields: row.length, expected: this.columns.length },
        );
      }
      out.rows.push(row);
      out.lines.push(rowLine);
    }
    if (!final) {
      this.pending = text.slice(consumed);
      this.pendingLine = this.pendingLine + lineBreaksIn(text, 0, consumed);
    }
    return out;
  }

  /** Refuses a runaway header before Papa Parse splits it into millions of names. */
  private checkHeaderLength(text: string): void {
    let from = 0;
    while (from < text.length && text[from] === '\n') from++;
    const end = text.indexOf('\n', from);
    const length = (end < 0 ? text.length : end) - from;
    if (length > MAX_HEADER_CHARS) throw headerTooLarge(this.fileName, length);
  }

  /**
   * Index of the line break ending the record that starts at `from`: fields with embedded newlines
   * are skipped by counting the newlines inside them.
   */
  private recordEnd(text: string, from: number, row: string[]): number {
    let embedded = 0;
    for (const field of row) if (field.length > 0 && field.indexOf('\n') >= 0) embedded += lineBreaksIn(field, 0, field.length);
    let at = text.indexOf('\n', from);
    while (embedded > 0 && at >= 0) {
      at = text.indexOf('\n', at + 1);
      embedded--;
    }
    return at < 0 ? text.length : at;
  }

  private headerFrom(row: string[], line: number): string[] {
    if (row.length > MAX_COLUMNS) throw tooManyColumns(this.fileName, row.length);
    const seen = new Map<string, number>();
    return row.map((raw, i) => {
      let name = raw.replace(/^\uFEFF/, '').trim();
      if (!name) name = `column_${i + 1}`;
      const count = seen.get(name) ?? 0;
      seen.set(name, count + 1);
      if (count > 0) name = `${name}_${count + 1}`;
      void line;
      return name;
    });
  }
}
