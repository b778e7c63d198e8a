import { describe, expect, it } from 'vitest';
import { checkVotes } from './vote-check';

describe('checkVotes', () => {
  it('passes votes of the right length within -1..k-1', () => {
    const votes = Int8Array.from([-1, 0, 2, 1]);
    expect(checkVotes(votes, 4, 3, 'The sandbox')).toBe(votes);
  });

  it('refuses a vote outside the classes, naming where it is', () => {
    expect(() => checkVotes(Int8Array.from([0, 77, 1]), 3, 2, 'The sandbox', (i) => `item #${i + 1}`)).toThrow(
      'The sandbox sent a vote of 77 for item #2; votes must be -1 (abstain) to 1 for 2 classes; nothing was stored',
    );
    expect(() => checkVotes(Int8Array.from([-2]), 1, 2, 'The sandbox')).toThrow('sent a vote of -2 for position 0');
  });

  it('refuses the wrong length and anything that is not an Int8Array', () => {
    expect(() => checkVotes(new Int8Array(5), 15, 2, 'The sandbox')).toThrow('The sandbox sent 5 votes where 15 were expected; nothing was stored');
    expect(() => checkVotes([0, 1], 2, 2, 'The sandbox')).toThrow('The sandbox sent an Array instead of an Int8Array of votes');
    expect(() => checkVotes(Uint8Array.from([200]), 1, 2, 'The sandbox')).toThrow('sent a Uint8Array instead');
    expect(() => checkVotes(undefined, 1, 2, 'The sandbox')).toThrow('sent undefined instead');
  });
});
