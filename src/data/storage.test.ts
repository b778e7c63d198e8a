import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { isQuotaError } from './storage';

describe('isQuotaError', () => {
  it('recognises a quota error however IndexedDB and Dexie wrap it', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(isQuotaError(quota)).toBe(true);
    // Dexie reports a transaction aborted by the quota as an AbortError whose inner error is the cause.
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quota))).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', target: { error: { name: 'QuotaExceededError' } } })).toBe(true);
    expect(isQuotaError(new Error('write failed', { cause: quota }))).toBe(true);
  });

  it('does not take a plain abort (the user cancelling) or another failure for a full disk', () => {
    expect(isQuotaError(new DOMException('The user aborted a request.', 'AbortError'))).toBe(false);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', new DOMException('x', 'ConstraintError')))).toBe(false);
    expect(isQuotaError(new Error('boom'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});
