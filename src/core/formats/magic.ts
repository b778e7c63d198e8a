import { SiftError } from '../errors';

/**
 * What a file really is, from its first bytes: a name says what the user meant, the bytes say what it
 * is. A PNG renamed `.csv` should be called a PNG, not "not valid UTF-8".
 */
export type MagicKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'zip' | 'parquet' | 'gzip' | 'utf16le' | 'utf16be' | 'pdf' | 'text';

/** Bytes a sniff needs from the start of a file. */
export const MAGIC_BYTES = 512;

export const MAGIC_NAMES: Record<MagicKind, string> = {
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  zip: 'a ZIP archive',
  parquet: 'a Parquet file',
  gzip: 'a gzip-compressed file',
  utf16le: 'UTF-16 (little-endian) text',
  utf16be: 'UTF-16 (big-endian) text',
  pdf: 'a PDF document',
  text: 'text',
};

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[at + i] !== signature[i]) return false;
  return true;
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * UTF-16 without a byte-order mark: ASCII text in UTF-16 has a zero in every other byte. Requires most
 * pairs to agree so that a binary file with a few zeros is not taken for text.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf16le' | 'utf16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, MAGIC_BYTES) / 2);
  if (pairs < 4) return null;
  let le = 0;
  let be = 0;
  for (let i = 0; i < pairs; i++) {
    const a = bytes[2 * i];
    const b = bytes[2 * i + 1];
    if (a !== 0 && b === 0) le++;
    else if (a === 0 && b !== 0) be++;
  }
  if (le >= pairs * 0.8) return 'utf16le';
  if (be >= pairs * 0.8) return 'utf16be';
  return null;
}

/** The kind of a file from its first bytes (at least `MAGIC_BYTES` of them when the file is that long). */
export function sniffMagic(head: Uint8Array): MagicKind {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  // Local file header, or the end-of-central-directory record of an empty archive.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, ascii('PAR1'))) return 'parquet';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0xff, 0xfe])) return 'utf16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf16be';
  return utf16WithoutBom(head) ?? 'text';
}

/** Kinds that the table reader understands as they are. */
export function isTableKind(kind: MagicKind): boolean {
  return kind === 'text' || kind === 'parquet';
}

const ADVICE: Partial<Record<MagicKind, string>> = {
  png: 'To import images, choose the image files themselves (or a ZIP of them), named .png.',
  jpeg: 'To import images, choose the image files themselves (or a ZIP of them), named .jpg.',
  gif: 'To import images, choose the image files themselves (or a ZIP of them), named .gif.',
  webp: 'To import images, choose the image files themselves (or a ZIP of them), named .webp.',
  zip: 'Import the archive as a .zip of CSV/JSON files or images, or extract it first (archives inside archives are not opened).',
  gzip: 'Decompress it first (for example with gunzip) and import the result.',
  utf16le: 'Save it as UTF-8 and import it again.',
  utf16be: 'Save it as UTF-8 and import it again.',
  pdf: 'Export its table as CSV first.',
};

/** The message for a file whose bytes are not a table Sift reads, naming what it really is. */
export function notATable(fileName: string, kind: MagicKind): SiftError {
  const what = MAGIC_NAMES[kind];
  const lead = kind === 'utf16le' || kind === 'utf16be' ? `${fileName} is ${what}, not UTF-8.` : `${fileName} is ${what} (by its first bytes), not a CSV, TSV, JSON, JSONL or Parquet table.`;
  return new SiftError(`file-is-${kind}`, `${lead} ${ADVICE[kind] ?? ''}`.trim(), { file: fileName, kind });
}
