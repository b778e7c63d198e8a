import { looksLikeDatasetCard } from './hf-card';
import { SiftError } from '../errors';
import { sniffMagic } from './magic';
import { unzipFile, type ZipLimits } from './zip';

/** Entries of an archive that an import can use: tables and images. */
export const TABLE_NAME = /\.(csv|tsv|txt|json|jsonl|ndjson|parquet)$/i;
export const IMAGE_NAME = /\.(png|jpe?g|webp|gif)$/i;

export interface Expanded {
  files: File[];
  /** What the user should know: which archives were opened, what was left out. */
  notices: string[];
}

/** True when the file is a ZIP archive, by its bytes (whatever its name says). */
export async function isZip(file: Blob): Promise<boolean> {
  return sniffMagic(new Uint8Array(await file.slice(0, 8).arrayBuffer())) === 'zip';
}

/**
 * Replaces every ZIP archive among the chosen files by the tables and images inside it, checked
 * against the archive limits; other files pass through unchanged.
 */
/** A Hugging Face dataset card travels with its data: it names the classes (src/core/formats/hf-card.ts). */
const DATASET_CARD = /(^|\/)README\.md$/i;

export async function expandArchives(files: File[], options: { signal?: AbortSignal; limits?: ZipLimits } = {}): Promise<Expanded> {
  const out: File[] = [];
  const notices: string[] = [];
  for (const file of files) {
    if (!(await isZip(file))) {
      out.push(file);
      continue;
    }
    const { files: unzipped, skipped } = await unzipFile(file, (path) => TABLE_NAME.test(path) || IMAGE_NAME.test(path) || DATASET_CARD.test(path), options);
    // A README.md is kept only when it is a dataset card; any other is notes, not data.
    const inside: File[] = [];
    for (const entry of unzipped) {
      if (!DATASET_CARD.test(entry.name) || looksLikeDatasetCard(await entry.slice(0, 64 * 1024).text())) inside.push(entry);
      else skipped.push(entry.name);
    }
    const shown = skipped.slice(0, 5).map((p) => `"${p}"`).join(', ') + (skipped.length > 5 ? `, … (${skipped.length} in all)` : '');
    if (inside.length === 0) {
      throw new SiftError('zip-empty', `${file.name} holds no CSV, TSV, JSON, JSONL, Parquet or image files${skipped.length ? ` (only ${shown})` : ''}.`, { file: file.name });
    }
    if (skipped.length) notices.push(`${file.name}: left out ${skipped.length.toLocaleString('en-US')} entr${skipped.length === 1 ? 'y' : 'ies'} that are not tables or images (${shown}).`);
    out.push(...inside);
  }
  return { files: out, notices };
}
