import { describe, expect, it } from 'vitest';
import { worstFirst } from './worst-first';

describe('worst-first rows of a wide report', () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => ({ name: `x${i}`, score: ((i * 7919) % 20_000) / 20_000 }));

  it('draws the lowest scores first, at most the limit, and counts every match', () => {
    const { shown, matching } = worstFirst(rows, (r) => r.score, (r) => r.name, '', 50);
    expect(matching).toBe(20_000);
    expect(shown).toHaveLength(50);
    expect(shown[0].score).toBe(0);
    expect(shown.every((r, i) => i === 0 || shown[i - 1].score <= r.score)).toBe(true);
    expect(Math.max(...shown.map((r) => r.score))).toBeLessThan(Math.min(...rows.filter((r) => !shown.includes(r)).map((r) => r.score)));
  });

  it('a search narrows by name, case aside', () => {
    const { shown, matching } = worstFirst(rows, (r) => r.score, (r) => r.name, ' X1234', 50);
    // x1234 and x12340–x12349.
    expect(matching).toBe(11);
    expect(shown.map((r) => r.name).sort()).toEqual(['x1234', ...Array.from({ length: 10 }, (_, i) => `x1234${i}`)].sort());
  });
});
