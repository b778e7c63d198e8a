import { SiftError } from '../core/errors';

/** Names of the errors, however wrapped, in which IndexedDB or the Storage API reports a full quota. */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/**
 * True when `error` is, or wraps, a quota error. IndexedDB reports a full disk either as a
 * QuotaExceededError or as an AbortError of the transaction whose own `error` (Dexie: `inner`) is
 * the quota error; the AbortError alone must not be taken for the user's Cancel.
 */
export function isQuotaError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const e = current as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; error?: unknown; target?: { error?: unknown } };
    if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true;
    if (typeof e.message === 'string' && /quota/i.test(e.message)) return true;
    current = e.inner ?? e.cause ?? e.error ?? e.target?.error;
  }
  return false;
}

const mb = (bytes: number) => `${Math.max(0, bytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: bytes < 10 * 1024 * 1024 ? 1 : 0 })} MB`;

/** "storage is full: N MB used of M" with what to do, from the browser's own estimate. */
export async function storageFullError(what: string): Promise<SiftError> {
  let usage = '';
  try {
    const estimate = await navigator.storage?.estimate?.();
    if (estimate?.quota) usage = `: ${mb(estimate.usage ?? 0)} used of ${mb(estimate.quota)}`;
  } catch {
    // The estimate is a courtesy; the message stands without it.
  }
  return new SiftError(
    'storage-full',
    `Storage is full${usage}. ${what} To make room, export what you need and delete a dataset you no longer use, or grant persistent storage in Settings (the browser then allows more), and try again.`,
    { usage },
  );
}
