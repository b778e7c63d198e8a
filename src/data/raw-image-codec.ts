import type { PixelBuffer } from '../core/features/image';
import type { ImageCodec } from './synthetic-image';

/**
 * For tests: Node has no image decoder, so files here are [width, height, grey pixels…], which this codec
 * reads and writes, recording where each decode came from. The browser's codec (OffscreenCanvas, PNG) is
 * exercised by the e2e specs.
 */
export const rawFile = (image: PixelBuffer) => Uint8Array.from([image.width, image.height, ...image.data]);

export function rawImageCodec(): ImageCodec & { decoded: string[] } {
  const codec: ImageCodec & { decoded: string[] } = {
    decoded: [],
    async decode(bytes, _type, where) {
      codec.decoded.push(where);
      return { width: bytes[0], height: bytes[1], channels: 1, data: Uint8ClampedArray.from(bytes.subarray(2)) };
    },
    async encode(image) {
      return { bytes: rawFile(image), thumb: null };
    },
  };
  return codec;
}

/** A 12×12 bar: vertical for class 0, horizontal for class 1, at a position that varies by item. */
export function bar(cls: number, i: number): PixelBuffer {
  const data = new Uint8ClampedArray(144);
  for (let t = 2; t < 10; t++) data[cls === 0 ? t * 12 + 3 + (i % 5) : (3 + (i % 5)) * 12 + t] = 255;
  return { width: 12, height: 12, channels: 1, data };
}
