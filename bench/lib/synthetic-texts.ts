import { mulberry32 } from '../../src/core/random';

/**
 * Seeded comment-like texts of about `length` characters: words drawn from a fixed vocabulary, with
 * near-duplicates planted the way real data has them: `nearShare` of the texts are a copy of an
 * earlier text (up to 1,000 back, so a window of a few thousand texts holds both) with 0–8 character
 * edits, and `exactShare` are verbatim copies with changed case and spacing.
 */
export function syntheticTexts(count: number, seed: number, options: { length?: number; nearShare?: number; exactShare?: number } = {}): string[] {
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
  const texts: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (i > 0 && roll < exactShare) {
      const source = texts[Math.max(0, i - 1 - Math.floor(random() * 1000))];
      texts[i] = random() < 0.5 ? source.toUpperCase() : source.replace(/ /g, '  ');
    } else if (i > 0 && roll < exactShare + nearShare) {
      const chars = texts[Math.max(0, i - 1 - Math.floor(random() * 1000))].split('');
      const edits = Math.floor(random() * 9);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * chars.length);
        const letter = String.fromCharCode(97 + Math.floor(random() * 26));
        const op = random();
        if (op < 0.4) chars[at] = letter;
        else if (op < 0.7) chars.splice(at, 0, letter);
        else chars.splice(at, 1);
      }
      texts[i] = chars.join('');
    } else {
      let text = '';
      while (text.length < length) text += (text ? ' ' : '') + vocabulary[Math.floor(random() * vocabulary.length)];
      texts[i] = text;
    }
  }
  return texts;
}
