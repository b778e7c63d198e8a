import { SiftError, throwIfAborted } from '../core/errors';
import { readImageHeader, type ImageHeader } from '../core/formats/image-header';
import { readTable, type NamedBlob } from '../core/formats/read';
import { fnv1a } from '../core/hash';
import { NO_LABEL } from '../core/types';
import { commitChunk, commitImportReady } from './commit';
import type { Dataset, ImageMapping, ItemChunk } from './db';

const THUMB_SIZE = 64;
const HEADER_BYTES = 64 * 1024;
const DECODE_PARALLEL = 8;
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export function isImageFile(file: NamedBlob): boolean {
  return /\.(png|jpe?g|webp|gif)$/i.test(file.name) || /^image\//.test(file.type);
}

/** Where a file sits in a picked folder (falls back to its name). */
export function relativePath(file: NamedBlob): string {
  return (file as File).webkitRelativePath || file.name;
}

const baseName = (path: string) => path.replace(/^.*[\\/]/, '');

/** Label of each image, keyed by base file name, from the labels CSV. */
async function readLabelMap(labelsFile: NamedBlob, mapping: ImageMapping): Promise<Map<string, number>> {
  const labels = new Map<string, number>();
  for await (const batch of readTable(labelsFile)) {
    const fileAt = batch.columns.indexOf(mapping.fileColumn ?? '');
    const labelAt = batch.columns.indexOf(mapping.labelColumn ?? '');
    if (fileAt < 0 || labelAt < 0) {
      throw new SiftError('images-labels-columns', `${labelsFile.name} has no column "${fileAt < 0 ? mapping.fileColumn : mapping.labelColumn}" (its columns: ${batch.columns.join(', ')}).`);
    }
    for (const row of batch.rows) {
      const mapped = mapping.labelValues[row[labelAt].trim()];
      if (mapped !== undefined) labels.set(baseName(row[fileAt].trim()), mapped);
    }
  }
  return labels;
}

/**
 * Decodes an image (proving it is readable) and draws a thumbnail no larger than 64 px a side; null
 * when the image is small enough to be its own thumbnail.
 */
export async function thumbnail(bytes: Uint8Array, type: string, name: string): Promise<Uint8Array | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: `image/${type}` }));
  } catch (error) {
    throw new SiftError('image-decode', `${name} could not be decoded as an image (${error instanceof Error ? error.message : error}). It may be damaged.`, { file: name });
  }
  // Small images are their own thumbnail: re-encoding them would only cost time.
  if (bitmap.width <= THUMB_SIZE && bitmap.height <= THUMB_SIZE) {
    bitmap.close();
    return null;
  }
  const scale = Math.min(1, THUMB_SIZE / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
  const context = canvas.getContext('2d')!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

/**
 * Image files become items: the file itself (as a Blob), a thumbnail, its size and type as fields and
 * its path as id and text. Every file is checked before it is decoded (type, megapixels); one that
 * fails stops the import, which then leaves nothing behind (the caller deletes what was written).
 */
export async function importImages(
  dataset: Dataset,
  files: NamedBlob[],
  signal: AbortSignal | undefined,
  onProgress: (p: { rows: number; bytesDone: number; bytesTotal: number }) => void,
  startWithinMs: number,
): Promise<Dataset> {
  const mapping = dataset.mapping as ImageMapping;
  const labelsFile = mapping.labelsFile ? files.find((f) => relativePath(f) === mapping.labelsFile) : undefined;
  if (mapping.labelsFile && !labelsFile) throw new SiftError('images-labels-missing', `The labels file ${mapping.labelsFile} is not among the chosen files.`);
  const labelMap = labelsFile ? await readLabelMap(labelsFile, mapping) : new Map<string, number>();
  const images = files.filter((f) => f !== labelsFile && isImageFile(f)).sort((a, b) => relativePath(a).localeCompare(relativePath(b)));
  if (images.length === 0) throw new SiftError('images-none', 'None of the chosen files is a PNG, JPEG, WebP or GIF image.');
  const bytesTotal = images.reduce((s, f) => s + f.size, 0);
  let bytesDone = 0;
  let unlabeled = 0;

  const size = dataset.chunkSize;
  for (let start = dataset.committedRows; start < images.length; start += size) {
    const batch = images.slice(start, start + size);
    const chunk: ItemChunk = {
      datasetId: dataset.id,
      index: start / size,
      start,
      count: batch.length,
      ids: [],
      text: [],
      fields: { width: [], height: [], type: [] },
      hashes: new Uint32Array(batch.length),
      images: [],
      thumbs: [],
    };
    const labels: number[] = [];
    // Check every header first (cheap, and refuses huge images before any decoder runs), then decode
    // a few at a time: the browser decodes in parallel off this thread.
    // Each Blob read is a round trip to the browser's blob store: small files are read once, header
    // included; big ones have their header checked before the whole file is read.
    const headers: ImageHeader[] = [];
    const contents: Uint8Array[] = [];
    for (const file of batch) {
      const path = relativePath(file);
      if (file.size > MAX_FILE_BYTES) throw new SiftError('image-file-too-large', `${path} is ${(file.size / 1048576).toFixed(0)} MB; image files over ${MAX_FILE_BYTES / 1048576} MB are not imported.`, { file: path });
      if (file.size > HEADER_BYTES) readImageHeader(new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer()), path);
      const bytes = new Uint8Array(await file.arrayBuffer());
      headers.push(readImageHeader(bytes.subarray(0, HEADER_BYTES), path));
      contents.push(bytes);
    }
    const thumbs: (Uint8Array | null)[] = [];
    for (let g = 0; g < batch.length; g += DECODE_PARALLEL) {
      throwIfAborted(signal);
      const group = batch.slice(g, g + DECODE_PARALLEL);
      thumbs.push(...(await Promise.all(group.map((file, j) => thumbnail(contents[g + j], headers[g + j].type, relativePath(file))))));
    }
    for (const [i, file] of batch.entries()) {
      const path = relativePath(file);
      const header = headers[i];
      chunk.thumbs!.push(thumbs[i]);
      chunk.images!.push(contents[i]);
      chunk.ids.push(path);
      chunk.text.push(path);
      chunk.fields.width.push(String(header.width));
      chunk.fields.height.push(String(header.height));
      chunk.fields.type.push(header.type);
      chunk.hashes[i] = fnv1a(path);
      const label = labelMap.get(baseName(path)) ?? NO_LABEL;
      if (labelsFile && label === NO_LABEL) unlabeled++;
      labels.push(label);
      bytesDone += file.size;
    }
    await commitChunk(dataset, chunk, labels, start + batch.length, startWithinMs);
    onProgress({ rows: start + batch.length, bytesDone, bytesTotal });
  }
  const notices = unlabeled > 0 ? [`${unlabeled.toLocaleString('en-US')} image${unlabeled === 1 ? ' has' : 's have'} no usable label in ${mapping.labelsFile}; imported unlabeled.`] : [];
  const ready: Partial<Dataset> = { status: 'ready', itemCount: images.length, committedRows: images.length, chunkCount: Math.ceil(images.length / size), notices, updatedAt: Date.now() };
  return commitImportReady(dataset, ready, 'import-images', { images: images.length, labelsFile: mapping.labelsFile }, startWithinMs);
}
