import { mulberry32 } from '../../src/core/random';

export interface SyntheticTextOptions {
  length?: number;
  nearShare?: number;
  exactShare?: number;
}

/** How far back a planted copy reaches: the generator keeps only this many earlier texts. */
const REACH = 1000;

/**
 * Seeded comment-like texts of about `length` characters: words drawn from a fixed vocabulary, with
 * near-duplicates planted the way real data has them: `nearShare` of the texts are a copy of an
 * earlier text (up to 1,000 back, so a window of a few thousand texts holds both) with 0–8 character
 * edits, and `exactShare` are verbatim copies with changed case and spacing. Chunk by chunk, holding
 * only the last 1,000 texts, so a benchmark can stream 1M texts twice without keeping them.
 */
export function* syntheticTextChunks(count: number, seed: number, chunkSize: number, options: SyntheticTextOptions = {}): Generator<string[]> {
  const length = options.length ?? 200;
  const nearShare = options.nearShare ?? 0.05;
  const exactShare = options.exactShare ?? 0.01;
  const random = mulberry32(seed);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'an', 'el', 'or', 'us', 'be', 'di', 'fo', 'gu', 'ha', 'je', 'pi', 'qu', 'ze', 'wy', 'xo', 'ch', 'st'];
  const vocabulary = Array.from({ length: 20000 }, () => {
    const parts = 1 + Math.floor(random() * 4);
    let word = '';
    for (let p = 0; p < parts; p++) word += syllables[Math.floor(random() * syllables.length)];
    return word;
  });
  const recent: string[] = new Array(REACH);
  const earlier = (i: number) => recent[Math.max(0, i - 1 - Math.floor(random() * REACH)) % REACH];
  let chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    let text: string;
    if (i > 0 && roll < exactShare) {
      const source = earlier(i);
      text = random() < 0.5 ? source.toUpperCase() : source.replace(/ /g, '  ');
    } else if (i > 0 && roll < exactShare + nearShare) {
      const chars = earlier(i).split('');
      const edits = Math.floor(random() * 9);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * chars.length);
        const letter = String.fromCharCode(97 + Math.floor(random() * 26));
        const op = random();
        if (op < 0.4) chars[at] = letter;
        else if (op < 0.7) chars.splice(at, 0, letter);
        else chars.splice(at, 1);
      }
      text = chars.join('');
    } else {
      // Joined once rather than appended word by word: a flat string, not a tree of ~60 pieces that
      // the garbage collector must copy while the chunk waits to be read.
      const words: string[] = [];
      for (let chars = 0; chars < length; ) {
        const word = vocabulary[Math.floor(random() * vocabulary.length)];
        chars += (words.length > 0 ? 1 : 0) + word.length;
        words.push(word);
      }
      text = words.join(' ');
    }
    recent[i % REACH] = text;
    chunk.push(text);
    if (chunk.length === chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** All `count` texts at once (see syntheticTextChunks). */
export function syntheticTexts(count: number, seed: number, options: SyntheticTextOptions = {}): string[] {
  const texts: string[] = [];
  for (const chunk of syntheticTextChunks(count, seed, 8192, options)) for (const t of chunk) texts.push(t);
  return texts;
}
