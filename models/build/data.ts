/** Loads the repo's sample data for the build scripts and tests (paths relative to the repo root). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { decodeGrayPng } from './png';
import { mulberry32 } from '../../src/core/random';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const YOUTUBE_DIR = 'public/sample/youtube';
export const MNIST_DIR = 'models/data/mnist';
export const YOUTUBE_FILES = ['Youtube01-Psy', 'Youtube02-KatyPerry', 'Youtube03-LMFAO', 'Youtube04-Eminem', 'Youtube05-Shakira'] as const;
export type YoutubeFile = (typeof YOUTUBE_FILES)[number];

export interface TextRows {
  texts: string[];
  /** 0 = ham, 1 = spam (the CSV's CLASS). */
  labels: Int32Array;
}

export function loadYoutube(file: YoutubeFile): TextRows {
  const csv = readFileSync(`${REPO}${YOUTUBE_DIR}/${file}.csv`, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`${file}.csv: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  const texts = parsed.data.map((row) => row.CONTENT);
  const labels = Int32Array.from(parsed.data, (row, i) => {
    if (row.CLASS !== '0' && row.CLASS !== '1') throw new Error(`${file}.csv row ${i + 2}: CLASS is ${JSON.stringify(row.CLASS)}`);
    return Number(row.CLASS);
  });
  return { texts, labels };
}

export function concatRows(parts: TextRows[]): TextRows {
  return { texts: parts.flatMap((p) => p.texts), labels: Int32Array.from(parts.flatMap((p) => [...p.labels])) };
}

export const MNIST_SIDE = 28;

export interface Digits {
  /** The whole 2800×2800 sprite: image `id` is the 28×28 cell at ((id % 100)·28, ⌊id / 100⌋·28). */
  sprite: Uint8Array;
  labels: Int32Array;
}

let digitsCache: Digits | null = null;

export function loadDigits(): Digits {
  if (digitsCache) return digitsCache;
  const png = decodeGrayPng(readFileSync(`${REPO}${MNIST_DIR}/mnist_test_sprite_100x100.png`), 'mnist_test_sprite_100x100.png');
  if (png.width !== 2800 || png.height !== 2800) throw new Error(`sprite is ${png.width}×${png.height}, expected 2800×2800`);
  const rows = readFileSync(`${REPO}${MNIST_DIR}/sprite_labels.csv`, 'utf8').trim().split('\n').slice(1);
  const labels = new Int32Array(10_000).fill(-1);
  for (const row of rows) {
    const [id, , , x, y, label] = row.split(',').map(Number);
    if (x !== (id % 100) * 28 || y !== Math.floor(id / 100) * 28) throw new Error(`sprite_labels.csv: id ${id} is not at its grid cell`);
    labels[id] = label;
  }
  if (labels.includes(-1)) throw new Error('sprite_labels.csv: some ids 0–9999 have no label');
  digitsCache = { sprite: png.data as Uint8Array, labels };
  return digitsCache;
}

/** The 28×28 gray pixels of image `id`. */
export function digitPixels(digits: Digits, id: number): Uint8Array {
  const out = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  const x0 = (id % 100) * MNIST_SIDE;
  const y0 = Math.floor(id / 100) * MNIST_SIDE;
  for (let y = 0; y < MNIST_SIDE; y++) out.set(digits.sprite.subarray((y0 + y) * 2800 + x0, (y0 + y) * 2800 + x0 + MNIST_SIDE), y * MNIST_SIDE);
  return out;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** mulberry32, so shuffles are the same on every machine. */
export const seededRandom = mulberry32;

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
