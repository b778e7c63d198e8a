import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syntheticTextChunks, syntheticTexts } from './synthetic-texts';

const digest = (texts: string[]) => createHash('sha256').update(texts.join('\n')).digest('hex');

describe('syntheticTexts', () => {
  it('streams the same texts in chunks of any size as the texts the dedupe bench measured before streaming', () => {
    const whole = syntheticTexts(20000, 20261129);
    // Digest of the generator that held every earlier text (before it kept only the last 1,000).
    expect(digest(whole)).toBe('0f79ed3f5946e590f49c1a74c78dc1772e05f4faf91e3cc62c9e648a46fca9b3');
    const chunks = [...syntheticTextChunks(20000, 20261129, 333)];
    expect(chunks.map((c) => c.length)).toEqual([...new Array(60).fill(333), 20]);
    expect(chunks.flat()).toEqual(whole);
  });
});
