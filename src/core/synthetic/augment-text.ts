// Text exemplars by augmentation: a real text of the class with some tokens dropped and some
// neighbouring tokens swapped (EDA's "random deletion" and a local form of its "random swap"). Seeded.
import { SiftError } from '../errors';
import { mulberry32 } from '../random';

export interface TextAugmentOptions {
  /** Chance each token is dropped (at least one token always stays). */
  dropout: number;
  /** Adjacent swaps per token (rounded, at least one when the text has two tokens). */
  swapRate: number;
}

/** EDA's usual strength (α = 0.1), fixed before any batch was scored. */
export const TEXT_AUGMENT_DEFAULTS: TextAugmentOptions = { dropout: 0.1, swapRate: 0.1 };

/** One augmented copy of `text`: tokens are whitespace-separated words, rejoined with single spaces. */
export function augmentText(text: string, random: () => number, options: TextAugmentOptions = TEXT_AUGMENT_DEFAULTS): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return text;
  let kept = tokens.filter(() => random() >= options.dropout);
  if (kept.length === 0) kept = [tokens[Math.floor(random() * tokens.length)]];
  if (kept.length >= 2) {
    const swaps = Math.max(1, Math.round(kept.length * options.swapRate));
    for (let s = 0; s < swaps; s++) {
      const i = Math.floor(random() * (kept.length - 1));
      [kept[i], kept[i + 1]] = [kept[i + 1], kept[i]];
    }
  }
  return kept.join(' ');
}

/** `count` exemplars, each from a source text drawn (seeded) from `sources`; `from[i]` is its source's index. */
export function textExemplars(sources: readonly string[], count: number, seed: number, options: TextAugmentOptions = TEXT_AUGMENT_DEFAULTS): { texts: string[]; from: number[] } {
  if (sources.length === 0) throw new SiftError('synthetic/too-few', 'Text exemplars need at least one real text of the class.');
  if (!(options.dropout >= 0 && options.dropout < 1)) throw new SiftError('synthetic/options', `Token dropout must be at least 0 and below 1; got ${options.dropout}.`);
  if (!(options.swapRate >= 0 && options.swapRate <= 1)) throw new SiftError('synthetic/options', `The swap rate must be between 0 and 1; got ${options.swapRate}.`);
  const random = mulberry32(seed);
  const from = Array.from({ length: count }, () => Math.floor(random() * sources.length));
  return { texts: from.map((i) => augmentText(sources[i], random, options)), from };
}
