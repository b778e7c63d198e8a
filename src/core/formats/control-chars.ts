import { SiftError } from '../errors';

/** What to do with control characters in imported text: remove them, or refuse the file. */
export type ControlPolicy = 'strip' | 'refuse';

/** C0 controls other than tab, line feed and carriage return: invisible, and they break other tools. */
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const CONTROL_ALL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/g;

const NAMES: Record<number, string> = { 0: 'NUL', 7: 'bell', 8: 'backspace', 0x0b: 'vertical tab', 0x0c: 'form feed', 0x1a: 'SUB (end of file)', 0x1b: 'escape' };

export function controlName(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, '0')}`;
  return NAMES[code] ? `${NAMES[code]}, ${hex}` : hex;
}

export interface ControlReport {
  /** Control characters found so far. */
  count: number;
  /** The first one: its line (or row, for formats without lines), column or field name, and code. */
  first: { line: number; column: number | string; code: number; unit: 'line' | 'row' };
}

function where(first: ControlReport['first']): string {
  const column = typeof first.column === 'number' ? `column ${first.column.toLocaleString('en-US')}` : `field "${first.column}"`;
  return `${first.unit} ${first.line.toLocaleString('en-US')}, ${column}`;
}

export function controlMessage(fileName: string, report: ControlReport): string {
  return `${fileName} contains control characters: ${where(report.first)} holds ${controlName(report.first.code)}. They are invisible and break other tools; choose "Strip control characters" to import the file without them.`;
}

/**
 * Finds control characters in streamed text (or in cells, for binary formats), then strips them or
 * refuses the file with where the first one is.
 */
export class ControlChars {
  report: ControlReport | null = null;
  private line = 1;

  constructor(
    private readonly fileName: string,
    private readonly policy: ControlPolicy,
  ) {}

  /** A chunk of text with `\n` line endings, in file order. */
  text(chunk: string): string {
    const startLine = this.line;
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) this.line++;
    const at = chunk.search(CONTROL);
    if (at < 0) return chunk;
    if (!this.report) {
      let line = startLine;
      let lineStart = 0;
      for (let i = chunk.indexOf('\n'); i >= 0 && i < at; i = chunk.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
      }
      this.found({ line, column: at - lineStart + 1, code: chunk.charCodeAt(at), unit: 'line' });
    }
    return this.strip(chunk);
  }

  /** One cell of a format without lines (Parquet): `row` is 1-based. */
  cell(value: string, row: number, column: string): string {
    if (!CONTROL.test(value)) return value;
    if (!this.report) this.found({ line: row, column, code: value.charCodeAt(value.search(CONTROL)), unit: 'row' });
    return this.strip(value);
  }

  private found(first: ControlReport['first']): void {
    this.report = { count: 0, first };
  }

  private strip(text: string): string {
    const stripped = text.replace(CONTROL_ALL, '');
    this.report!.count += text.length - stripped.length;
    if (this.policy === 'refuse') {
      throw new SiftError('control-characters', controlMessage(this.fileName, this.report!), { file: this.fileName, ...this.report!.first });
    }
    return stripped;
  }
}
