/**
 * An error meant for the user: `message` is shown as is, `code` lets tests and the UI tell errors apart,
 * `details` carries the location (line, byte, item) so the message can point at it.
 */
export class SiftError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SiftError';
    this.code = code;
    this.details = details;
  }
}

export class AbortedError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}
