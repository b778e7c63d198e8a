import { describe, expect, it } from 'vitest';
import { sha1Mod } from '../sha1';
import { decideLabels } from './decide';

describe('decideLabels', () => {
  const probs = Float32Array.from([0.7, 0.3, 0.5, 0.5, 0.2, 0.8, 0.5, 0.5]);

  it('takes the top class and breaks ties with SHA-1 of the item index, as Snorkel’s "random" policy', () => {
    expect(Array.from(decideLabels(probs, 2))).toEqual([0, sha1Mod('1', 2), 1, sha1Mod('3', 2)]);
  });

  it('uses item keys and the seed when given, so a tie follows the item', () => {
    const keys = ['a', 'b', 'c', 'd'];
    expect(decideLabels(probs, 2, { keys })[1]).toBe(sha1Mod('b', 2));
    expect(decideLabels(probs, 2, { keys, seed: 9 })[3]).toBe(sha1Mod('9:d', 2));
  });

  it('treats probabilities within 1e-5 as tied and picks only among the tied classes', () => {
    const three = Float32Array.from([0.4, 0.1, 0.4000001]);
    const seen = new Set<number>();
    for (let seed = 0; seed < 40; seed++) seen.add(decideLabels(three, 3, { seed })[0]);
    expect([...seen].sort()).toEqual([0, 2]);
  });
});
