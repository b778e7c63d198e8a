import { describe, expect, it } from 'vitest';
import { augmentTexts, TEXT_VECTORS } from './synthetic-text';

describe('text exemplars', () => {
  it('augment the text column, copy the source row\'s other cells, and score on hashed word vectors', () => {
    const texts = Array.from({ length: 12 }, (_, i) => `check out my channel number ${i} for free songs and more videos today`);
    const real = { names: ['CONTENT', 'AUTHOR'], columns: [texts, texts.map((_, i) => `author${i}`)] };
    const { synthetic, report } = augmentTexts(real, 20, 3);
    expect(synthetic.names).toEqual(['CONTENT', 'AUTHOR']);
    expect(synthetic.columns[0]).toHaveLength(20);
    synthetic.columns[0].forEach((text, r) => {
      // The copied author names the source text, whose number survives unless it was dropped.
      const source = Number(synthetic.columns[1][r].slice(6));
      const words = new Set(texts[source].split(' '));
      expect(text.split(' ').every((w) => words.has(w))).toBe(true);
    });
    expect(report).toMatchObject({ kind: 'vectors', vectors: TEXT_VECTORS, dim: 64, rows: { real: 12, synthetic: 20 } });
    expect(report.column_shapes).toBeGreaterThan(0);
    expect(report.manifold!.precision).toBeGreaterThan(0);
    expect(report.detection!.fold_aucs).toHaveLength(5);
  });
});
