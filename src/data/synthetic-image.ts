// Image exemplars for a class: augmented copies of its real images (core/synthetic/augment-image), each
// a new PNG, scored on small fixed image vectors. Decoding and encoding need a browser (OffscreenCanvas),
// so the worker hands them in as a codec; everything else here runs anywhere.
import Dexie from 'dexie';
import { SiftError } from '../core/errors';
import type { StringTable } from '../core/drift/columns';
import { embedImageInto, type ImagePixelsSpec, type PixelBuffer } from '../core/features/image';
import { vectorFidelity, type VectorFidelity } from '../core/fidelity/vectors';
import { checkImageAugmentOptions, exemplarSources, greyIfGrey, imageExemplar, type ImageAugmentOptions } from '../core/synthetic/augment-image';
import { db, type Dataset } from './db';
import type { ImageFile } from './synthetic';

export interface ImageCodec {
  /** The file's pixels; `where` names the item in an error. */
  decode(bytes: Uint8Array, type: string, where: string): Promise<PixelBuffer>;
  /** A PNG of the pixels and its list thumbnail. */
  encode(image: PixelBuffer): Promise<ImageFile>;
}

/**
 * A fixed, cheap vector every image has, real or new: the batch's items have no embedder outputs (no
 * embedder has run on them), so comparing stored vectors would leave the synthetic side empty.
 */
const VECTOR_SPEC: ImagePixelsSpec = { kind: 'image-pixels', version: 1, grid: 8, channels: 1, background: 0, center: false };
const VECTOR_DIM = VECTOR_SPEC.grid * VECTOR_SPEC.grid;
export const IMAGE_VECTORS = `8×8 grey image (area-downsampled, L2-normalised; ${VECTOR_DIM} dimensions)`;

/** The stored file bytes and type of `rows` (dataset-wide indices, ascending). */
async function readImageFiles(dataset: Dataset, rows: Uint32Array): Promise<{ bytes: Uint8Array; type: string; id: string }[]> {
  const out: { bytes: Uint8Array; type: string; id: string }[] = [];
  await db().chunks.where('[datasetId+index]').between([dataset.id, Dexie.minKey], [dataset.id, Dexie.maxKey]).each((chunk) => {
    const end = chunk.start + chunk.count;
    for (let at = out.length; at < rows.length && rows[at] < end; at++) {
      const offset = rows[at] - chunk.start;
      const bytes = chunk.images?.[offset];
      if (!bytes) throw new SiftError('synthetic/no-image', `Item ${chunk.ids[offset]} of "${dataset.name}" has no stored image.`);
      out.push({ bytes, type: chunk.fields.type?.[offset] ?? 'png', id: chunk.ids[offset] });
    }
  });
  if (out.length !== rows.length) throw new SiftError('table/rows', `Item ${rows[out.length]} is not stored in "${dataset.name}" (${dataset.itemCount} items).`);
  return out;
}

/** The item fields of a new image (an image dataset's fields are its size and type). */
function fieldsOf(fields: readonly string[], image: PixelBuffer): string[] {
  const known: Record<string, string> = { width: String(image.width), height: String(image.height), type: 'png' };
  return fields.map((f) => known[f] ?? '');
}

/**
 * `count` exemplars made from the real images `rows`: each real image is decoded once (its vector for
 * the report, then every exemplar drawn from it), each exemplar encoded as a PNG.
 */
export async function augmentImages(
  dataset: Dataset,
  rows: Uint32Array,
  count: number,
  seed: number,
  options: ImageAugmentOptions,
  codec: ImageCodec,
): Promise<{ rows: StringTable; images: ImageFile[]; report: VectorFidelity }> {
  checkImageAugmentOptions(options);
  const files = await readImageFiles(dataset, rows);
  const from = exemplarSources(files.length, count, seed);
  const bySource = new Map<number, number[]>();
  from.forEach((source, i) => bySource.set(source, [...(bySource.get(source) ?? []), i]));
  const real = new Float32Array(files.length * VECTOR_DIM);
  const synthetic = new Float32Array(count * VECTOR_DIM);
  const images = new Array<ImageFile>(count);
  const cells = dataset.fields.map(() => new Array<string>(count));
  for (const [s, file] of files.entries()) {
    const source = greyIfGrey(await codec.decode(file.bytes, file.type, file.id));
    embedImageInto(source, VECTOR_SPEC, real, s * VECTOR_DIM);
    for (const i of bySource.get(s) ?? []) {
      const made = imageExemplar(source, seed, i, options);
      embedImageInto(made, VECTOR_SPEC, synthetic, i * VECTOR_DIM);
      images[i] = await codec.encode(made);
      fieldsOf(dataset.fields, made).forEach((v, f) => (cells[f][i] = v));
    }
  }
  const report = vectorFidelity(real, synthetic, VECTOR_DIM, IMAGE_VECTORS);
  const lit = litBackground(real, synthetic);
  if (options.noise > 0 && lit > 0) {
    report.notes.push(`${lit} of ${VECTOR_DIM} dimensions are 0 in every real image but not in every exemplar: the noise lights up a background that is exactly black in the real images, and that alone tells the two sets apart. Noise 0 avoids it.`);
  }
  return { rows: { names: [...dataset.fields], columns: cells }, images, report };
}

/** Dimensions that are exactly 0 in every real vector and above 0 in some synthetic one. */
function litBackground(real: Float32Array, synthetic: Float32Array): number {
  let lit = 0;
  for (let j = 0; j < VECTOR_DIM; j++) {
    let realZero = true;
    for (let i = j; i < real.length && realZero; i += VECTOR_DIM) realZero = real[i] === 0;
    if (!realZero) continue;
    for (let i = j; i < synthetic.length; i += VECTOR_DIM) {
      if (synthetic[i] !== 0) {
        lit++;
        break;
      }
    }
  }
  return lit;
}
