import { SiftError } from '../errors';

function describeSent(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name !== '' ? `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}` : 'an object';
}

/**
 * Checks votes that come from code Sift does not control (the JS-LF sandbox runs user code, which can
 * subvert the sandbox's own machinery) before they are stored: an Int8Array of exactly `expected`
 * entries, each -1 (abstain) or a class index below `classCount`. `where(index)` names an entry for the
 * message, e.g. its LF and item.
 */
export function checkVotes(
  votes: unknown,
  expected: number,
  classCount: number,
  from: string,
  where: (index: number) => string = (index) => `position ${index}`,
): Int8Array {
  if (!(votes instanceof Int8Array)) {
    throw new SiftError('lf-bad-votes', `${from} sent ${describeSent(votes)} instead of an Int8Array of votes; nothing was stored`, {});
  }
  if (votes.length !== expected) {
    throw new SiftError('lf-bad-votes', `${from} sent ${votes.length} votes where ${expected} were expected; nothing was stored`, { length: votes.length, expected });
  }
  for (let i = 0; i < votes.length; i++) {
    const vote = votes[i];
    if (vote < -1 || vote >= classCount) {
      throw new SiftError(
        'lf-bad-votes',
        `${from} sent a vote of ${vote} for ${where(i)}; votes must be -1 (abstain) to ${classCount - 1} for ${classCount} classes; nothing was stored`,
        { index: i, vote, classCount },
      );
    }
  }
  return votes;
}
