/**
 * A PNG decoder for the build scripts and tests (Node only: node:zlib). No PNG package is installed, and
 * the data here is 8-bit grayscale (colour type 0), so that is all this reads; anything else is refused
 * with the reason. The browser decodes images with createImageBitmap instead.
 */
import { inflateSync } from 'node:zlib';
import type { PixelBuffer } from '../../src/core/features/image';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function decodeGrayPng(bytes: Uint8Array, source = 'PNG'): PixelBuffer {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error(`${source}: not a PNG (bad signature)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (data.length !== length) throw new Error(`${source}: chunk ${type} at byte ${at} is cut off`);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || colour !== 0 || interlace !== 0)
        throw new Error(`${source}: only 8-bit grayscale, non-interlaced PNGs are read here (bit depth ${depth}, colour type ${colour}, interlace ${interlace})`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!width || !height) throw new Error(`${source}: no IHDR chunk`);
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== (width + 1) * height) throw new Error(`${source}: image data is ${raw.length} bytes, expected ${(width + 1) * height}`);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width + 1)];
    const line = raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1));
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const left = x > 0 ? out[row + x - 1] : 0;
      const up = y > 0 ? out[row - width + x] : 0;
      const upLeft = x > 0 && y > 0 ? out[row - width + x - 1] : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >>> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (filter !== 0) throw new Error(`${source}: unknown PNG filter ${filter} on row ${y}`);
      out[row + x] = (line[x] + predictor) & 0xff;
    }
  }
  return { data: out, width, height, channels: 1 };
}
