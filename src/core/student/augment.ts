/**
 * Random translations of image rows, in place: a student learning from a few hundred labels sees each
 * image at a slightly different position every epoch, so it learns shapes rather than pixel positions.
 * Seeded: the same random source gives the same shifts. Rows are NHWC [height, width, channels]; the
 * uncovered border becomes `fill` (the background, 0 after scaling for white-on-black digits).
 */
export function shiftImages(rows: Float32Array, count: number, shape: readonly number[], maxShift: number, random: () => number, fill = 0, scratch?: Float32Array): void {
  const [height, width, channels] = shape;
  const size = height * width * channels;
  const copy = scratch && scratch.length >= size ? scratch : new Float32Array(size);
  const span = 2 * maxShift + 1;
  for (let r = 0; r < count; r++) {
    const dy = Math.floor(random() * span) - maxShift;
    const dx = Math.floor(random() * span) - maxShift;
    if (dx === 0 && dy === 0) continue;
    const base = r * size;
    copy.set(rows.subarray(base, base + size));
    for (let y = 0; y < height; y++) {
      const sy = y - dy;
      for (let x = 0; x < width; x++) {
        const sx = x - dx;
        const to = base + (y * width + x) * channels;
        if (sy < 0 || sy >= height || sx < 0 || sx >= width) {
          for (let c = 0; c < channels; c++) rows[to + c] = fill;
        } else {
          const from = (sy * width + sx) * channels;
          for (let c = 0; c < channels; c++) rows[to + c] = copy[from + c];
        }
      }
    }
  }
}
