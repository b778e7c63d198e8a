import card from '../../models/builtin/hashed-ngrams-embedder/card.json';
import { TextHasher, type HashedNgramsSpec } from '../../src/core/features/text-hash';
import type { TextEmbedder } from '../../src/core/lf/index';

/**
 * The built-in text embedder (hashed word and character n-grams, 1,024 dimensions), configured by its
 * model card so that similarity LFs and the card describe one and the same vector. No weights.
 */
export const TEXT_EMBEDDER_ID = card.id;

export function builtinTextEmbedder(): TextEmbedder {
  const hasher = new TextHasher(card.preprocessing as Partial<HashedNgramsSpec>);
  return (text) => hasher.featurize(text);
}
