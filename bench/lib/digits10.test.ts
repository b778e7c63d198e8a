import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIGIT_VIEWS, digits10 } from './digits10';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('digits10', () => {
  it('splits the 2,000 digits 60/20/20 by seed, each pixel row moving with its item, with one vote per view', async () => {
    const a = await digits10(root, 3);
    const b = await digits10(root, 3);
    const c = await digits10(root, 4);
    const { train, valid, test } = a.splits;
    expect([train.n, valid.n, test.n]).toEqual([1200, 400, 400]);
    expect(new Set([...train.ids, ...valid.ids, ...test.ids]).size).toBe(2000);
    expect(b.splits.test.ids).toEqual(test.ids);
    expect(c.splits.test.ids).not.toEqual(test.ids);
    expect(a.features.n).toBe(2000);
    // The same digit has the same pixels and votes whichever split and seed put it where.
    const rowOf = (data: typeof a, id: string) => [...data.splits.train.ids, ...data.splits.valid.ids, ...data.splits.test.ids].indexOf(id);
    const id = test.ids[0];
    const pixels = (data: typeof a) => Array.from((data.features as { values: Float32Array }).values.subarray(rowOf(data, id) * 784, (rowOf(data, id) + 1) * 784));
    expect(pixels(c)).toEqual(pixels(a));
    expect(pixels(a).some((v) => v > 0.5)).toBe(true);
    const m = DIGIT_VIEWS.length;
    expect(train.m).toBe(m);
    const all = [train, valid, test];
    for (const split of all) for (const v of split.votes) expect(v >= -1 && v <= 9).toBe(true);
    // Every view votes on some digits and abstains on others (a weak source, not an oracle or a mute one).
    for (let j = 0; j < m; j++) {
      const voted = all.reduce((sum, s) => sum + Array.from({ length: s.n }, (_, i) => s.votes[i * m + j]).filter((v) => v >= 0).length, 0);
      expect(voted).toBeGreaterThan(0);
      expect(voted).toBeLessThan(2000);
    }
  }, 60_000);
});
