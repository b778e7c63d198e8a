// Image exemplars for a class: augmented copies of its real images (core/synthetic/augment-image), each
// a new PNG, scored on small fixed image vectors. Decoding and encoding need a browser (OffscreenCanvas),
// so the worker hands them in as a codec; everything else here runs anywhere.
import Dexie from 'dexie';
import { SiftError } from '../core/errors';
import type { StringTable } from '../core/drift/columns';
import { DEFAULT_IMAGE_PIXELS, embedImageInto, imagePixelsDim, type ImagePixelsSpec, type PixelBuffer } from '../core/features/image';
import { vectorFidelity, type VectorFidelity } from '../core/fidelity/vectors';
import { checkImageAugmentOptions, exemplarSources, greyIfGrey, imageExemplar, type ImageAugmentOptions } from '../core/synthetic/augment-image';
import { db, type Dataset } from './db';
import { listRuns } from './runs';
import type { ImageFile } from './synthetic';
import { listEmbeddings } from './vectors';

export interface ImageCodec {
  /** The file's pixels; `where` names the item in an error. */
  decode(bytes: Uint8Array, type: string, where: string): Promise<PixelBuffer>;
  /** A PNG of the pixels and its list thumbnail. */
  encode(image: PixelBuffer): Promise<ImageFile>;
}

/** The vectors a report compares: computed the same way for the real images and the exemplars. */
export interface ImageVectors {
  spec: ImagePixelsSpec;
  /** What the report says it used. */
  name: string;
  /** Why stored vectors were not used, when some exist. */
  note: string | null;
  /** The embedder whose stored vectors are these same vectors for the items it ran on (null: none). */
  stored?: string | null;
}

/** A fixed, cheap vector every image has, real or new, when no embedder the exemplars can share ran. */
const SMALL: ImagePixelsSpec = { kind: 'image-pixels', version: 1, grid: 8, channels: 1, background: 0, center: false };
export const IMAGE_VECTORS = `8×8 grey image (area-downsampled, L2-normalised; ${imagePixelsDim(SMALL)} dimensions)`;
const BUILTIN_PIXELS = 'image-pixels-embedder';

/**
 * The dataset's own embedding when the exemplars can have it too: the built-in pixels embedder is a
 * fixed function of the pixels, so the exemplars get exactly what it stored for the real images. A model
 * embedder's vectors exist only for the items it ran on (not the new ones), so then the 8×8 vectors serve.
 */
export async function chooseImageVectors(dataset: Dataset): Promise<ImageVectors> {
  const stored = await listEmbeddings(dataset.id);
  if (stored.length === 0) return { spec: SMALL, name: IMAGE_VECTORS, note: null };
  const runs = await listRuns(dataset.id, 'embed');
  const pixels = runs.find((r) => r.status === 'done' && r.params.model.kind === 'builtin' && r.params.model.id === BUILTIN_PIXELS && stored.includes(r.params.modelKey));
  if (pixels) {
    const { grid } = DEFAULT_IMAGE_PIXELS;
    return { spec: DEFAULT_IMAGE_PIXELS, name: `the dataset's embedding by the built-in pixels embedder (${grid}×${grid} grey, L2-normalised; ${imagePixelsDim(DEFAULT_IMAGE_PIXELS)} dimensions), computed the same way for the exemplars`, note: null, stored: pixels.params.modelKey };
  }
  return { spec: SMALL, name: IMAGE_VECTORS, note: `The dataset has stored vectors (${stored.join(', ')}), but only for the items their embedder ran on, not for these exemplars; so both sides use ${IMAGE_VECTORS}.` };
}

/** The stored file bytes and type of `rows` (dataset-wide indices, ascending). */
export async function readImageFiles(dataset: Dataset, rows: Uint32Array): Promise<{ bytes: Uint8Array; type: string; id: string }[]> {
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
  vectors: ImageVectors,
): Promise<{ rows: StringTable; images: ImageFile[]; report: VectorFidelity }> {
  checkImageAugmentOptions(options);
  const { spec } = vectors;
  const dim = imagePixelsDim(spec);
  const files = await readImageFiles(dataset, rows);
  const from = exemplarSources(files.length, count, seed);
  const bySource = new Map<number, number[]>();
  from.forEach((source, i) => bySource.set(source, [...(bySource.get(source) ?? []), i]));
  const real = new Float32Array(files.length * dim);
  const synthetic = new Float32Array(count * dim);
  const images = new Array<ImageFile>(count);
  const cells = dataset.fields.map(() => new Array<string>(count));
  for (const [s, file] of files.entries()) {
    const source = greyIfGrey(await codec.decode(file.bytes, file.type, file.id));
    embedImageInto(source, spec, real, s * dim);
    for (const i of bySource.get(s) ?? []) {
      const made = imageExemplar(source, seed, i, options);
      embedImageInto(made, spec, synthetic, i * dim);
      images[i] = await codec.encode(made);
      fieldsOf(dataset.fields, made).forEach((v, f) => (cells[f][i] = v));
    }
  }
  const report = vectorFidelity(real, synthetic, dim, vectors.name);
  if (vectors.note) report.notes.push(vectors.note);
  const lit = litBackground(real, synthetic, dim);
  if (options.noise > 0 && lit > 0) {
    report.notes.push(`${lit} of ${dim} dimensions are 0 in every real image but not in every exemplar: the noise lights up a background that is exactly black in the real images, and that alone tells the two sets apart. Noise 0 avoids it.`);
  }
  return { rows: { names: [...dataset.fields], columns: cells }, images, report };
}

/** Dimensions that are exactly 0 in every real vector and above 0 in some synthetic one. */
function litBackground(real: Float32Array, synthetic: Float32Array, dim: number): number {
  let lit = 0;
  for (let j = 0; j < dim; j++) {
    let realZero = true;
    for (let i = j; i < real.length && realZero; i += dim) realZero = real[i] === 0;
    if (!realZero) continue;
    for (let i = j; i < synthetic.length; i += dim) {
      if (synthetic[i] !== 0) {
        lit++;
        break;
      }
    }
  }
  return lit;
}
