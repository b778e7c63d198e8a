import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from './image-header';

function pngHeader(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

describe('readImageHeader', () => {
  it('reads a real MNIST PNG', () => {
    const zip = unzipSync(readFileSync(new URL('../../../public/sample/mnist/mnist-2000.zip', import.meta.url)));
    const bytes = zip['png/00000.png'];
    expect(readImageHeader(bytes, '00000.png')).toEqual({ type: 'png', width: 28, height: 28 });
  });

  it('reads JPEG, WebP (lossy, lossless, extended) and GIF sizes', () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03]);
    expect(readImageHeader(jpeg, 'a.jpg')).toEqual({ type: 'jpeg', width: 640, height: 480 });
    const riff = (tag: string, body: number[]) => Uint8Array.from([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP'), ...Buffer.from(tag), ...body]);
    const lossy = riff('VP8 ', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x2c, 0x01, 0xc8, 0x00]);
    expect(readImageHeader(lossy, 'a.webp')).toEqual({ type: 'webp', width: 300, height: 200 });
    const extended = riff('VP8X', [0, 0, 0, 0, 0, 0, 0, 0, 0x2b, 0x01, 0x00, 0xc7, 0x00, 0x00]);
    expect(readImageHeader(extended, 'b.webp')).toEqual({ type: 'webp', width: 300, height: 200 });
    const gif = Uint8Array.from([...Buffer.from('GIF89a'), 0x10, 0x00, 0x20, 0x00]);
    expect(readImageHeader(gif, 'a.gif')).toEqual({ type: 'gif', width: 16, height: 32 });
  });

  it('refuses a 20,000×20,000 PNG before decoding it, and files that are not images', () => {
    expect(() => readImageHeader(pngHeader(20_000, 20_000), 'huge.png')).toThrow('huge.png is 20,000×20,000 pixels; images over 50 megapixels are not imported');
    expect(() => readImageHeader(Buffer.from('hello world, not an image'), 'notes.png')).toThrow('notes.png is not a PNG, JPEG, WebP or GIF image');
  });
});
