import { SiftError } from '../errors';

export type ImageType = 'png' | 'jpeg' | 'webp' | 'gif';

export interface ImageHeader {
  type: ImageType;
  width: number;
  height: number;
}

/** Decoding a bigger image would need more than ~200 MB of RGBA: refuse it before trying. */
export const MAX_PIXELS = 50_000_000;

const u16be = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u32be = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const u16le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u24le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let o = 2;
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) return null;
    const marker = b[o + 1];
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      o += marker === 0xff ? 1 : 2;
      continue;
    }
    const length = u16be(b, o + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: u16be(b, o + 5), width: u16be(b, o + 7) };
    o += 2 + length;
  }
  return null;
}

function webpSize(b: Uint8Array): { width: number; height: number } | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return null;
}

/**
 * Reads an image's type and size from its first bytes, so that files that are not images, or images too
 * large to decode safely, are rejected with a clear message before any decoder allocates memory.
 */
export function readImageHeader(bytes: Uint8Array, fileName: string): ImageHeader {
  let header: ImageHeader | null = null;
  if (bytes.length >= 24 && u32be(bytes, 0) === 0x89504e47 && u32be(bytes, 4) === 0x0d0a1a0a && ascii(bytes, 12, 4) === 'IHDR') {
    header = { type: 'png', width: u32be(bytes, 16), height: u32be(bytes, 20) };
  } else if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    const size = jpegSize(bytes);
    if (size) header = { type: 'jpeg', ...size };
  } else if (bytes.length >= 16 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    const size = webpSize(bytes);
    if (size) header = { type: 'webp', ...size };
  } else if (bytes.length >= 10 && ascii(bytes, 0, 4) === 'GIF8') {
    header = { type: 'gif', width: u16le(bytes, 6), height: u16le(bytes, 8) };
  }
  if (!header) {
    throw new SiftError('image-unknown', `${fileName} is not a PNG, JPEG, WebP or GIF image (or its header is damaged).`, { file: fileName });
  }
  if (header.width === 0 || header.height === 0) {
    throw new SiftError('image-empty', `${fileName} says it is ${header.width}×${header.height} pixels: nothing to show.`, { file: fileName });
  }
  if (header.width * header.height > MAX_PIXELS) {
    throw new SiftError(
      'image-too-large',
      `${fileName} is ${header.width.toLocaleString('en-US')}×${header.height.toLocaleString('en-US')} pixels; images over ${MAX_PIXELS / 1e6} megapixels are not imported (decoding would need ${Math.round((header.width * header.height * 4) / 1048576).toLocaleString('en-US')} MB). Downscale it first.`,
      { file: fileName, width: header.width, height: header.height },
    );
  }
  return header;
}
