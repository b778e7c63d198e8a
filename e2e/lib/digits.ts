import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

let cached: Record<string, Uint8Array> | null = null;

/** A PNG of the digits sample (0–1999), straight from the zip the app serves. */
export function digitPng(id: number): Buffer {
  cached ??= unzipSync(readFileSync(new URL('../../public/sample/mnist/mnist-2000.zip', import.meta.url)));
  return Buffer.from(cached[`png/${String(id).padStart(5, '0')}.png`]);
}
