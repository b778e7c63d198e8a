import { SiftError } from '../../src/core/errors';
import type { PixelBuffer } from '../../src/core/features/image';

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

/**
 * Decodes image bytes to RGBA pixels in a worker. No colour-space conversion and no premultiplied
 * alpha, so the pixels are the file's own values, as the model's training pipeline read them.
 */
export async function decodeImage(bytes: Uint8Array, type: string, where: string): Promise<PixelBuffer> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: `image/${type}` }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (error) {
    throw new SiftError('image-decode', `${where} could not be decoded as an image (${error instanceof Error ? error.message : error}); it may be damaged`, { item: where });
  }
  const { width, height } = bitmap;
  if (!canvas || canvas.width < width || canvas.height < height) {
    canvas = new OffscreenCanvas(Math.max(width, canvas?.width ?? 0), Math.max(height, canvas?.height ?? 0));
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  const ctx = context!;
  ctx.clearRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const pixels = ctx.getImageData(0, 0, width, height);
  return { data: pixels.data, width, height, channels: 4 };
}
