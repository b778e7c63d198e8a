import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

let cached: Record<string, Uint8Array> | null = null;

/** A PNG of the digits sample (0–1999), straight from the zip the app serves. */
export function digitPng(id: number): Buffer {
  cached ??= unzipSync(readFileSync(new URL('../../public/sample/mnist/mnist-2000.zip', import.meta.url)));
  return Buffer.from(cached[`png/${String(id).padStart(5, '0')}.png`]);
}

/** The true label of each sample digit, by id (labels.csv of the zip). */
export function digitLabels(): number[] {
  cached ??= unzipSync(readFileSync(new URL('../../public/sample/mnist/mnist-2000.zip', import.meta.url)));
  const rows = new TextDecoder().decode(cached['labels.csv']).trim().split('\n').slice(1);
  const labels: number[] = [];
  for (const row of rows) {
    const [id, , label] = row.split(',');
    labels[Number(id)] = Number(label);
  }
  return labels;
}
