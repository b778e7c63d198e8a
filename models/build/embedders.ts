/** Cards for the built-in embedders: no weights, the algorithm is the code the card names. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_IMAGE_PIXELS, imagePixelsDim } from '../../src/core/features/image';
import { resolveHashedNgramsSpec } from '../../src/core/features/text-hash';
import { cardOrThrow, type CardInput } from '../../src/core/models/card';
import { validateCard } from '../../src/core/models/card-validate';
import { REPO } from './data';

/** 1024 dims: 4 KB per stored float32 vector; enough to tell near-duplicates and topics apart. */
export const TEXT_EMBEDDER_PREPROCESSING = resolveHashedNgramsSpec({ dim: 1024 });
export const IMAGE_EMBEDDER_PREPROCESSING = { ...DEFAULT_IMAGE_PIXELS };

const common = () => ({
  format: 'sift-model-card' as const,
  format_version: 1 as const,
  version: '1.0.0',
  task: 'embed' as const,
  runtime: 'builtin' as const,
  inputs: [],
  license: { model: 'MIT (Sift code; no trained weights, no data)' },
  metrics: [],
});

export const EMBEDDER_CARDS: CardInput[] = [
  {
    ...common(),
    id: 'hashed-ngrams-embedder',
    name: 'Hashed n-gram text embedder',
    description: 'Signed-hashed word 1–2-grams and character 3–5-grams, L2-normalised: cosine similarity finds near-duplicates and texts that share phrases. No weights, nothing to download.',
    input_kind: 'text',
    preprocessing: TEXT_EMBEDDER_PREPROCESSING,
    outputs: [{ name: 'embedding', dtype: 'float32', shape: ['batch', TEXT_EMBEDDER_PREPROCESSING.dim], role: 'embedding' }],
    provenance: { data: 'none', source: 'src/core/features/text-hash.ts (TextHasher; the algorithm is specified in its doc comment)', rebuild: 'npm run models:build (writes this card)' },
  },
  {
    ...common(),
    id: 'image-pixels-embedder',
    name: 'Downsampled-pixels image embedder',
    description: `Gray image area-averaged to ${IMAGE_EMBEDDER_PREPROCESSING.grid}×${IMAGE_EMBEDDER_PREPROCESSING.grid}, L2-normalised: cosine similarity finds near-duplicate and similar-looking images (good for digits and icons, weak for photos).`,
    input_kind: 'image',
    preprocessing: IMAGE_EMBEDDER_PREPROCESSING,
    outputs: [{ name: 'embedding', dtype: 'float32', shape: ['batch', imagePixelsDim(IMAGE_EMBEDDER_PREPROCESSING)], role: 'embedding' }],
    provenance: { data: 'none', source: 'src/core/features/image.ts (embedImageInto)', rebuild: 'npm run models:build (writes this card)' },
  },
];

export function writeEmbedderCards(outDir: string): string[] {
  return EMBEDDER_CARDS.map((input) => {
    const card = cardOrThrow(input);
    const problems = validateCard(card);
    if (problems.length) throw new Error(`${card.id}: ${problems.map((p) => p.message).join('; ')}`);
    mkdirSync(resolve(REPO, outDir, card.id), { recursive: true });
    writeFileSync(resolve(REPO, outDir, card.id, 'card.json'), JSON.stringify(card, null, 2) + '\n');
    return card.id;
  });
}
