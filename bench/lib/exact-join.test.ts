import { describe, expect, it } from 'vitest';
import { jaccard, normalizeForShingles, shingleSet } from '../../src/core/curation/shingles';
import { exactPairs } from './exact-join';
import { syntheticTexts } from './synthetic-texts';

describe('exact all-pairs join', () => {
  it('finds the same pairs as comparing every pair', () => {
    const texts = syntheticTexts(700, 5, { length: 60, nearShare: 0.2, exactShare: 0.05 });
    const sets = texts.map((t) => shingleSet(normalizeForShingles(t)));
    for (const t of [0.5, 0.8]) {
      const all = new Set<string>();
      for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) if (jaccard(sets[i], sets[j]) >= t) all.add(`${i},${j}`);
      expect(all.size).toBeGreaterThan(50);
      expect([...exactPairs(texts, t)].sort()).toEqual([...all].sort());
    }
  });
});
