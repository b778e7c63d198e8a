import type { PixelBuffer } from '../../src/core/features/image';
import { thumbnail } from '../../src/data/import-images';
import type { ImageCodec } from '../../src/data/synthetic-image';
import { decodeImage } from '../teacher/decode-image';

/** Grey (1) or RGBA (4) pixels as the RGBA a canvas takes. */
function toRgba(image: PixelBuffer): ImageData {
  const { width, height, channels, data } = image;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const grey = channels === 1 || channels === 2;
    const from = p * channels;
    rgba[p * 4] = data[from];
    rgba[p * 4 + 1] = grey ? data[from] : data[from + 1];
    rgba[p * 4 + 2] = grey ? data[from] : data[from + 2];
    rgba[p * 4 + 3] = channels === 2 ? data[from + 1] : channels === 4 ? data[from + 3] : 255;
  }
  return new ImageData(rgba, width, height);
}

/** The browser's decoder and PNG encoder (OffscreenCanvas), for image exemplars made in a worker. */
export const browserImageCodec: ImageCodec = {
  decode: decodeImage,
  async encode(image) {
    const canvas = new OffscreenCanvas(image.width, image.height);
    canvas.getContext('2d')!.putImageData(toRgba(image), 0, 0);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    return { bytes, thumb: await thumbnail(bytes, 'png', 'a new exemplar') };
  },
};
